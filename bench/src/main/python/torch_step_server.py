#!/usr/bin/env python3
"""The Python PyTorch side of sparse4j's PyTorchComparison benchmark.

Builds the same network as sparse4j's zoo (CIFAR ResNet-20 with option-B shortcuts and a width multiplier, or the
784-300-100-10 MLP; both after a per-channel input normalisation), the same optimizer (SGD, lr 0.1, Nesterov momentum
0.9, weight decay 5e-4) and, when --density < 1, random masks on every conv and linear weight applied to the gradient
before each step (as sparse4j does: pruned weights and their momentum stay exactly 0). Then it answers commands on
stdin, one JSON line each, so that the Java side can alternate rounds with it in one run:

  train N   -> {"ms": [N step times], "loss": last loss}
  eval N    -> {"ms": [N evaluation-mode forward times]}
  profile N -> {"ms": total time, "ops": {operator: [calls, self time in us]}}: N training steps under
               torch.autograd.profiler (sparse4j's StepProfile prints them next to the Java side's)
  profile-eval N -> the same for N evaluation-mode forward passes
  quit

Run with Debian's python3-torch (/usr/bin/python3); nothing is downloaded.
"""
import argparse
import json
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class Normalize(nn.Module):
    def __init__(self, channels):
        super().__init__()
        self.register_buffer("mean", torch.full((1, channels, 1, 1), 0.5))
        self.register_buffer("std", torch.full((1, channels, 1, 1), 0.25))

    def forward(self, x):
        return (x - self.mean) / self.std


class Block(nn.Module):
    def __init__(self, inp, out, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(inp, out, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(out)
        self.conv2 = nn.Conv2d(out, out, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(out)
        self.shortcut = nn.Sequential()
        if stride != 1 or inp != out:
            self.shortcut = nn.Sequential(nn.Conv2d(inp, out, 1, stride, 0, bias=False), nn.BatchNorm2d(out))

    def forward(self, x):
        y = F.relu(self.bn1(self.conv1(x)))
        y = self.bn2(self.conv2(y))
        return F.relu(y + self.shortcut(x))


class ResNet(nn.Module):
    def __init__(self, depth, width, channels, classes):
        super().__init__()
        n = (depth - 2) // 6
        planes = [round(16 * width), round(32 * width), round(64 * width)]
        self.norm = Normalize(channels)
        self.conv1 = nn.Conv2d(channels, planes[0], 3, 1, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(planes[0])
        layers, inp = [], planes[0]
        for stage in range(3):
            blocks = []
            for b in range(n):
                blocks.append(Block(inp, planes[stage], 2 if stage > 0 and b == 0 else 1))
                inp = planes[stage]
            layers.append(nn.Sequential(*blocks))
        self.layer1, self.layer2, self.layer3 = layers
        self.fc = nn.Linear(inp, classes)

    def forward(self, x):
        x = F.relu(self.bn1(self.conv1(self.norm(x))))
        x = self.layer3(self.layer2(self.layer1(x)))
        return self.fc(torch.flatten(F.adaptive_avg_pool2d(x, 1), 1))


class Mlp(nn.Module):
    def __init__(self, width, shape, classes):
        super().__init__()
        self.norm = Normalize(shape[0])
        sizes = [shape[0] * shape[1] * shape[2], round(300 * width), round(100 * width)]
        self.fc1 = nn.Linear(sizes[0], sizes[1])
        self.fc2 = nn.Linear(sizes[1], sizes[2])
        self.fc3 = nn.Linear(sizes[2], classes)

    def forward(self, x):
        x = torch.flatten(self.norm(x), 1)
        return self.fc3(F.relu(self.fc2(F.relu(self.fc1(x)))))


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--model", choices=["resnet20", "mlp"], default="resnet20")
    p.add_argument("--width", type=float, default=1.0)
    p.add_argument("--input", default="1x28x28")
    p.add_argument("--batch", type=int, default=128)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--density", type=float, default=1.0, help="1 = dense; below 1, random masks at this density")
    p.add_argument("--seed", type=int, default=42)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    shape = [int(v) for v in a.input.split("x")]
    model = ResNet(20, a.width, shape[0], 10) if a.model == "resnet20" else Mlp(a.width, shape, 10)
    opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9, nesterov=True, weight_decay=5e-4)
    masks = []
    if a.density < 1:
        with torch.no_grad():
            for prm in model.parameters():
                if prm.dim() >= 2:
                    m = (torch.rand_like(prm) < a.density).to(prm.dtype)
                    prm.mul_(m)
                    masks.append((prm, m))
    x = torch.rand(a.batch, *shape)
    y = torch.randint(0, 10, (a.batch,))
    print(json.dumps({"ready": True, "torch": torch.__version__, "threads": torch.get_num_threads(),
                      "parameters": sum(t.numel() for t in model.parameters())}), flush=True)

    def step():
        opt.zero_grad(set_to_none=True)
        out = F.cross_entropy(model(x), y)
        out.backward()
        for prm, m in masks:
            prm.grad.mul_(m)
        opt.step()
        return out.item()

    for line in sys.stdin:
        parts = line.split()
        if not parts or parts[0] == "quit":
            break
        n = int(parts[1])
        times, loss = [], None
        if parts[0] == "train":
            model.train()
            for _ in range(n):
                t0 = time.perf_counter()
                loss = step()
                times.append((time.perf_counter() - t0) * 1000)
        elif parts[0] in ("profile", "profile-eval"):
            training = parts[0] == "profile"
            model.train(training)
            with torch.autograd.profiler.profile() as prof:
                t0 = time.perf_counter()
                for _ in range(n):
                    if training:
                        step()
                    else:
                        with torch.no_grad():
                            model(x).sum().item()
                total = (time.perf_counter() - t0) * 1000
            ops = {e.key: [e.count, e.self_cpu_time_total] for e in prof.key_averages()}
            print(json.dumps({"ms": total, "ops": ops}), flush=True)
            continue
        elif parts[0] == "eval":
            model.eval()
            with torch.no_grad():
                for _ in range(n):
                    t0 = time.perf_counter()
                    model(x).sum().item()
                    times.append((time.perf_counter() - t0) * 1000)
        else:
            print(json.dumps({"error": "unknown command " + parts[0]}), flush=True)
            continue
        print(json.dumps({"ms": times, "loss": loss}), flush=True)


if __name__ == "__main__":
    main()
