#!/usr/bin/python3
"""Writes the TCK's golden trajectory: real PyTorch numbers every sparse4j backend must reproduce.

Run by hand when the fixture must change (not by CI), with Debian's PyTorch:

    apt-get install python3-torch python3-numpy
    /usr/bin/python3 tck/src/main/python/golden_trajectory.py

It rewrites tck/src/main/resources/dev/sparse4j/tck/golden-trajectory.npz. The two networks are written here in
plain PyTorch with the same state_dict names as BackendSpecs.goldenMlp() and BackendSpecs.goldenResidual() on the
Java side; nothing of sparse4j is used to make the numbers.

For each network, optimizer (SGD: momentum 0.9, Nesterov, weight decay 5e-4; Adam: weight decay 5e-4) and variant
(dense, or with a fixed mask) it records 5 training steps on fixed batches, with the learning rate changed after
step 3 as a step schedule does: the loss of each step, then every parameter, batch-norm running statistic and
optimizer state entry after it, and in evaluation mode the logits and the input gradient of the summed
cross-entropy of a fixed batch after the last step. At the initial state it also records the evaluation-mode
logits and input gradients (temperature 1 and 1000) and the parameter gradients of the mean cross-entropy in
training mode (batch statistics) and evaluation mode.

Masked training is sparse4j's canonical rule: the gradient of a pruned weight is zeroed before the optimizer step
and the weights are multiplied by the mask after it, so pruned weights and their optimizer state stay exactly 0.
"""
import os
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "dev", "sparse4j", "tck",
                   "golden-trajectory.npz")
STEPS = 5
BATCH = 8
LR = {"sgd": [0.1, 0.1, 0.1, 0.01, 0.01], "adam": [0.01, 0.01, 0.01, 0.001, 0.001]}
WEIGHT_DECAY = 5e-4


class GoldenMlp(nn.Module):
    """BackendSpecs.goldenMlp(): 12 -> fc1 16 (bias) -> ReLU -> fc2 3 (bias)."""
    input_shape = (12,)
    classes = 3

    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(12, 16)
        self.fc2 = nn.Linear(16, 3)

    def forward(self, x):
        return self.fc2(F.relu(self.fc1(x)))


class BasicBlock(nn.Module):
    """Post-activation residual block with a strided projection shortcut (conv 1x1 + BN)."""

    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.shortcut = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, 0, bias=False), nn.BatchNorm2d(cout))

    def forward(self, x):
        out = F.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return F.relu(out + self.shortcut(x))


class GoldenResidual(nn.Module):
    """BackendSpecs.goldenResidual(): normalize, conv-BN-ReLU, max-pool, one residual block, global avg-pool, fc."""
    input_shape = (2, 8, 8)
    classes = 3

    def __init__(self):
        super().__init__()
        self.register_buffer("mean", torch.tensor([0.5, 0.4]).view(1, 2, 1, 1), persistent=False)
        self.register_buffer("std", torch.tensor([0.25, 0.3]).view(1, 2, 1, 1), persistent=False)
        self.conv1 = nn.Conv2d(2, 4, 3, 1, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(4)
        self.layer1 = nn.Sequential(BasicBlock(4, 6, 2))
        self.fc = nn.Linear(6, 3)

    def forward(self, x):
        x = (x - self.mean) / self.std
        x = F.relu(self.bn1(self.conv1(x)))
        x = F.max_pool2d(x, 2, 2)
        x = self.layer1(x)
        x = F.adaptive_avg_pool2d(x, 1).flatten(1)
        return self.fc(x)


def state_of(model):
    """Parameters and BN running statistics by state_dict name (num_batches_tracked is not part of the SPI)."""
    return {k: v.detach().clone() for k, v in model.state_dict().items() if not k.endswith("num_batches_tracked")}


def prunable(model):
    """Conv and linear weights (rank >= 2), as the SPI defines them."""
    return [n for n, p in model.named_parameters() if n.endswith("weight") and p.dim() >= 2]


def make_mask(model, gen):
    masks = {}
    for n in prunable(model):
        p = dict(model.named_parameters())[n]
        m = (torch.rand(p.shape, generator=gen) < 0.5).float()
        m.view(-1)[0] = 1.0  # never a fully pruned layer
        masks[n] = m
    return masks


def input_gradient(model, x, y, temperature):
    """Gradient of the summed cross-entropy of logits / T with respect to the input, evaluation mode."""
    model.eval()
    x = x.clone().requires_grad_(True)
    loss = F.cross_entropy(model(x) / temperature, y, reduction="sum")
    (g,) = torch.autograd.grad(loss, x)
    return g


def parameter_gradients(model, x, y, train_mode):
    """Gradients of the mean cross-entropy; running statistics are restored afterwards (the SPI leaves them alone)."""
    saved = state_of(model)
    model.train(train_mode)
    model.zero_grad(set_to_none=True)
    F.cross_entropy(model(x), y).backward()
    grads = {n: p.grad.detach().clone() for n, p in model.named_parameters()}
    model.zero_grad(set_to_none=True)
    with torch.no_grad():
        for k, v in model.state_dict().items():
            if k in saved:
                v.copy_(saved[k])
    return grads


def masked_start(cls, init, masks, opt_name):
    """A network of class cls at state init with the masks applied, and its optimizer ("sgd": momentum 0.9,
    Nesterov; "adam"; both with weight decay) at the first learning rate. Returns (model, params, opt)."""
    model = cls()
    model.load_state_dict(init, strict=False)
    params = dict(model.named_parameters())
    with torch.no_grad():
        for n, m in masks.items():
            params[n].mul_(m)
    if opt_name == "sgd":
        opt = torch.optim.SGD(model.parameters(), lr=LR["sgd"][0], momentum=0.9, nesterov=True,
                              weight_decay=WEIGHT_DECAY)
    else:
        opt = torch.optim.Adam(model.parameters(), lr=LR["adam"][0], weight_decay=WEIGHT_DECAY)
    return model, params, opt


def record_step(out, at, loss, model, params, opt, opt_name):
    """Records what a step left under the key prefix at: the loss, the state and the optimizer state."""
    out[f"{at}/loss"] = np.array([loss.item()], dtype=np.float64)
    for k, v in state_of(model).items():
        put(out, f"{at}/state/{k}", v)
    for n, p in params.items():
        st = opt.state[p]
        if opt_name == "sgd":
            put(out, f"{at}/opt/{n}.momentum", st["momentum_buffer"])
        else:
            put(out, f"{at}/opt/{n}.adam_m", st["exp_avg"])
            put(out, f"{at}/opt/{n}.adam_v", st["exp_avg_sq"])


def masked_step(model, opt, params, masks, x, y, lr):
    """One training step at learning rate lr under the canonical masking rule: the gradient of a pruned weight is
    zeroed before opt.step() and the weights are multiplied by the mask after it. Returns the loss tensor."""
    for group in opt.param_groups:
        group["lr"] = lr
    model.train()
    opt.zero_grad(set_to_none=True)
    loss = F.cross_entropy(model(x), y)
    loss.backward()
    with torch.no_grad():
        for n, m in masks.items():
            params[n].grad.mul_(m)
    opt.step()
    with torch.no_grad():
        for n, m in masks.items():
            params[n].mul_(m)
    return loss


def put(out, key, tensor):
    out[key] = tensor.detach().cpu().numpy().astype(np.float32)


def record(name, cls, seed, out):
    torch.manual_seed(seed)
    gen = torch.Generator().manual_seed(seed + 1)
    base = cls()
    init = state_of(base)
    masks = make_mask(base, gen)
    batches = [(torch.rand((BATCH,) + cls.input_shape, generator=gen),
                torch.randint(0, cls.classes, (BATCH,), generator=gen)) for _ in range(STEPS)]
    eval_x = torch.rand((4,) + cls.input_shape, generator=gen)
    eval_y = torch.randint(0, cls.classes, (4,), generator=gen)

    for k, v in init.items():
        put(out, f"{name}/init/{k}", v)
    for k, v in masks.items():
        put(out, f"{name}/mask/{k}", v)
    for i, (x, y) in enumerate(batches):
        put(out, f"{name}/batch{i}/x", x)
        out[f"{name}/batch{i}/y"] = y.numpy().astype(np.int32)
    put(out, f"{name}/eval/x", eval_x)
    out[f"{name}/eval/y"] = eval_y.numpy().astype(np.int32)

    # The initial state: evaluation-mode logits, input gradients, parameter gradients in both modes.
    model = cls()
    model.load_state_dict(init, strict=False)
    model.eval()
    with torch.no_grad():
        put(out, f"{name}/init_eval/logits", model(eval_x))
    put(out, f"{name}/init_eval/input_grad", input_gradient(model, eval_x, eval_y, 1.0))
    put(out, f"{name}/init_eval/input_grad_t1000", input_gradient(model, eval_x, eval_y, 1000.0))
    x0, y0 = batches[0]
    for mode, train in (("train", True), ("eval", False)):
        for k, g in parameter_gradients(model, x0, y0, train).items():
            put(out, f"{name}/init_grads_{mode}/{k}", g)

    for opt_name in ("sgd", "adam"):
        for variant in ("dense", "masked"):
            mask = masks if variant == "masked" else {}
            model, params, opt = masked_start(cls, init, mask, opt_name)
            prefix = f"{name}/{opt_name}/{variant}"
            for step, (x, y) in enumerate(batches):
                loss = masked_step(model, opt, params, mask, x, y, LR[opt_name][step])
                record_step(out, f"{prefix}/step{step}", loss, model, params, opt, opt_name)
            model.eval()
            with torch.no_grad():
                put(out, f"{prefix}/final_eval/logits", model(eval_x))
            put(out, f"{prefix}/final_eval/input_grad", input_gradient(model, eval_x, eval_y, 1.0))


def main():
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    out = {}
    record("mlp", GoldenMlp, 1234, out)
    record("residual", GoldenResidual, 5678, out)
    for opt_name, lrs in LR.items():
        out[f"lr/{opt_name}"] = np.array(lrs, dtype=np.float64)
    out["meta/torch_version"] = np.frombuffer(torch.__version__.encode(), dtype=np.uint8).copy()
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    np.savez_compressed(OUT, **out)
    print(f"wrote {len(out)} arrays to {os.path.normpath(OUT)} (torch {torch.__version__})", file=sys.stderr)


if __name__ == "__main__":
    main()
