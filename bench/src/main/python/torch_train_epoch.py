#!/usr/bin/env python3
"""The Python side of sparse4j's bench/memory.sh: one epoch of ResNet-20 (or the MLP) on Fashion-MNIST in Python
PyTorch, as `sparse4j train` does it (batch 128, SGD lr 0.1 Nesterov 0.9, weight decay 5e-4, reshuffled every epoch,
all 60,000 training images, then test accuracy on the 10,000 test images), so that the peak resident memory of the
two can be compared. Reads the IDX files sparse4j reads; prints one JSON line. Run with Debian's python3-torch.
"""
import argparse
import gzip
import json
import os
import resource
import time

import numpy as np
import torch
import torch.nn.functional as F

from torch_step_server import Mlp, ResNet


def idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--data", default=os.path.expanduser("~/.sparse4j/data/fashion-mnist"))
    p.add_argument("--model", choices=["resnet20", "mlp"], default="resnet20")
    p.add_argument("--epochs", type=int, default=1)
    p.add_argument("--batch", type=int, default=128)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--train-limit", type=int, default=0, help="train on the first N images only; 0 = all")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    x = torch.from_numpy(idx(os.path.join(a.data, "train-images-idx3-ubyte.gz")).astype(np.float32) / 255).unsqueeze(1)
    y = torch.from_numpy(idx(os.path.join(a.data, "train-labels-idx1-ubyte.gz")).astype(np.int64))
    tx = torch.from_numpy(idx(os.path.join(a.data, "t10k-images-idx3-ubyte.gz")).astype(np.float32) / 255).unsqueeze(1)
    ty = torch.from_numpy(idx(os.path.join(a.data, "t10k-labels-idx1-ubyte.gz")).astype(np.int64))
    if a.train_limit > 0:
        x, y = x[:a.train_limit], y[:a.train_limit]
    model = ResNet(20, 1.0, 1, 10) if a.model == "resnet20" else Mlp(1.0, [1, 28, 28], 10)
    opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9, nesterov=True, weight_decay=5e-4)
    t0 = time.perf_counter()
    for _ in range(a.epochs):
        model.train()
        order = torch.randperm(len(x))
        for i in range(0, len(x), a.batch):
            b = order[i:i + a.batch]
            opt.zero_grad(set_to_none=True)
            loss = F.cross_entropy(model(x[b]), y[b])
            loss.backward()
            opt.step()
    train_s = time.perf_counter() - t0
    model.eval()
    correct = 0
    with torch.no_grad():
        for i in range(0, len(tx), 500):
            correct += (model(tx[i:i + 500]).argmax(1) == ty[i:i + 500]).sum().item()
    print(json.dumps({"torch": torch.__version__, "train_seconds": round(train_s, 1),
                      "accuracy": correct / len(tx),
                      "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}), flush=True)


if __name__ == "__main__":
    main()
