#!/usr/bin/python3
"""Writes the TCK's dynamic sparse training fixture: SET and RigL on the golden networks, in plain PyTorch.

Run by hand when the fixture must change (not by CI), with Debian's PyTorch, after golden_trajectory.py:

    /usr/bin/python3 tck/src/main/python/golden_dst.py

It reads the initial states, masks and batches of golden-trajectory.npz and rewrites golden-dst.npz next to it. For
each network (mlp, residual), updater (set, rigl) and optimizer (SGD: momentum 0.9, Nesterov, weight decay 5e-4;
Adam: weight decay 5e-4) it trains 5 steps at the trajectory's learning rates with a topology update before every
step (drop fraction 0.3, run seed 7), following docs/dst.md with nothing of sparse4j:

- k = floor(0.3 * kept + 0.5) per sparse layer (the last prunable layer is kept dense and never touched);
- drop: the k active weights of smallest |w| (float32, ties to the lower flat index);
- grow, SET: a partial Fisher-Yates shuffle of the pruned positions in index order, drawn from SplitMix64 stream
  "dst/set/<step>/<layer>" of seed 7 (the generator is ported below and checked against its published outputs);
- grow, RigL: the k positions with the largest |dense gradient| of the mean cross-entropy (training mode, running
  statistics restored) on the step's batch among the positions inactive after the drops, ties to the lower index;
- dropped and grown positions get weight 0 and optimizer state 0; then the masked step of golden_trajectory.py.

It records, per step, the masks after the update, the dropped and grown positions, the loss, the state and the
optimizer state after the step. A selection whose k-th and (k+1)-th keys are closer than 1e-4 relative (but not
equal) is refused: float noise between engines must not be able to flip it.
"""
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from golden_trajectory import (  # noqa: E402
    GoldenMlp, GoldenResidual, LR, masked_start, masked_step, parameter_gradients, prunable, record_step)

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "dev", "sparse4j", "tck")
TRAJECTORY = os.path.join(HERE, "golden-trajectory.npz")
OUT = os.path.join(HERE, "golden-dst.npz")
STEPS = 5
FRACTION = 0.3
RUN_SEED = 7
MARGIN = 1e-4
M64 = (1 << 64) - 1


def mix64(z):
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
    return z ^ (z >> 31)


def fnv1a64(s):
    h = 0xCBF29CE484222325
    for b in s.encode("utf-8"):
        h ^= b
        h = (h * 0x100000001B3) & M64
    return h


class SplitMix64:
    def __init__(self, state):
        self.state = state & M64

    @staticmethod
    def for_stream(seed, key):
        return SplitMix64(mix64((seed & M64) ^ mix64(fnv1a64(key))))

    def next_long(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & M64
        return mix64(self.state)

    def next_int(self, bound):
        m = (self.next_long() >> 32) * bound
        low = m & 0xFFFFFFFF
        if low < bound:
            threshold = ((1 << 32) - bound) % bound
            while low < threshold:
                m = (self.next_long() >> 32) * bound
                low = m & 0xFFFFFFFF
        return m >> 32


def check_generator():
    r = SplitMix64(0)
    assert [r.next_long() for _ in range(3)] == [0xE220A8397B1DCDAF, 0x6E789E6AA1B965F4, 0x06C45D188009454F]


def guarded_order(keys, idx, k, what):
    """The first k of idx ordered by (keys, idx); refuses a near-tie at the boundary."""
    order = np.lexsort((idx, keys))
    if 0 < k < len(order):
        a, b = float(keys[order[k - 1]]), float(keys[order[k]])
        if a != b and abs(a - b) <= MARGIN * max(abs(a), abs(b)):
            sys.exit(f"{what}: the {k}-th and {k + 1}-th keys are {a!r} and {b!r}, too close; change the seed")
    return np.sort(idx[order[:k]])


def update(name, model, masks, updater, step, x, y):
    params = dict(model.named_parameters())
    sparse = [n for n in prunable(model) if n in masks and 0 < int(masks[n].sum()) < masks[n].numel()]
    grads = parameter_gradients(model, x, y, True) if updater == "rigl" else None
    changes = {}
    for n in sparse:
        m = masks[n].view(-1).numpy().astype(bool)
        kept = int(m.sum())
        k = int(np.floor(FRACTION * kept + 0.5))
        if updater == "set":
            k = min(k, int((~m).sum()))  # SET grows only positions pruned before the update
        w = np.abs(params[n].detach().view(-1).numpy().astype(np.float32))
        active = np.nonzero(m)[0]
        dropped = guarded_order(w[active], active, k, f"{name}/{updater}/step{step}/{n} drop")
        if updater == "set":
            cand = list(np.nonzero(~m)[0])
            r = SplitMix64.for_stream(RUN_SEED, f"dst/set/{step}/{n}")
            for j in range(k):
                s = j + r.next_int(len(cand) - j)
                cand[j], cand[s] = cand[s], cand[j]
            grown = np.sort(np.array(cand[:k], dtype=np.int64))
        else:
            after = m.copy()
            after[dropped] = False
            cand = np.nonzero(~after)[0]
            g = np.abs(grads[n].view(-1).numpy().astype(np.float32))
            grown = guarded_order(-g[cand], cand, k, f"{name}/{updater}/step{step}/{n} grow")
        new = m.copy()
        new[dropped] = False
        new[grown] = True
        masks[n] = torch.from_numpy(new.reshape(tuple(masks[n].shape)).astype(np.float32))
        changes[n] = (dropped.astype(np.int32), grown.astype(np.int32))
    return changes


def record(name, cls, fixture, out):
    init = {k[len(f"{name}/init/"):]: torch.from_numpy(v) for k, v in fixture.items() if k.startswith(f"{name}/init/")}
    base_masks = {k[len(f"{name}/mask/"):]: torch.from_numpy(v) for k, v in fixture.items()
                  if k.startswith(f"{name}/mask/")}
    model = cls()
    last = prunable(model)[-1]
    base_masks[last] = torch.ones_like(base_masks[last])  # the layer kept dense
    batches = [(torch.from_numpy(fixture[f"{name}/batch{i}/x"]), torch.from_numpy(fixture[f"{name}/batch{i}/y"]).long())
               for i in range(STEPS)]
    for n, m in base_masks.items():
        out[f"{name}/mask0/{n}"] = m.numpy().astype(np.float32)
    for updater in ("set", "rigl"):
        for opt_name in ("sgd", "adam"):
            masks = {n: m.clone() for n, m in base_masks.items()}
            model, params, opt = masked_start(cls, init, masks, opt_name)
            prefix = f"{name}/{updater}/{opt_name}"
            for step, (x, y) in enumerate(batches):
                changes = update(prefix, model, masks, updater, step, x, y)
                with torch.no_grad():
                    for n, (dropped, grown) in changes.items():
                        touched = torch.from_numpy(np.concatenate([dropped, grown]).astype(np.int64))
                        params[n].view(-1)[touched] = 0.0
                        st = opt.state.get(params[n], {})
                        for key in ("momentum_buffer", "exp_avg", "exp_avg_sq"):
                            if st.get(key) is not None:
                                st[key].view(-1)[touched] = 0.0
                for n, (dropped, grown) in changes.items():
                    out[f"{prefix}/step{step}/dropped/{n}"] = dropped
                    out[f"{prefix}/step{step}/grown/{n}"] = grown
                for n, m in masks.items():
                    out[f"{prefix}/step{step}/mask/{n}"] = m.numpy().astype(np.float32)
                loss = masked_step(model, opt, params, masks, x, y, LR[opt_name][step])
                record_step(out, f"{prefix}/step{step}", loss, model, params, opt, opt_name)


def main():
    check_generator()
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    fixture = dict(np.load(TRAJECTORY))
    out = {}
    record("mlp", GoldenMlp, fixture, out)
    record("residual", GoldenResidual, fixture, out)
    out["meta/fraction"] = np.array([FRACTION], dtype=np.float64)
    out["meta/seed"] = np.array([RUN_SEED], dtype=np.int64)
    out["meta/torch_version"] = np.frombuffer(torch.__version__.encode(), dtype=np.uint8).copy()
    np.savez_compressed(OUT, **out)
    print(f"wrote {len(out)} arrays to {os.path.normpath(OUT)} (torch {torch.__version__})", file=sys.stderr)


if __name__ == "__main__":
    main()
