#!/usr/bin/env python3
"""How accurate PyTorch's CPU batch-norm is in training mode, contiguous (NCHW) against channels-last, float32
against a float64 reference, on inputs whose channels have a large mean relative to their spread (as the input of a
residual block's pre-activation batch-norm can have).

djl-pytorch runs image models channels-last by default (memory-format=channels-last); on this project's CI machine
(AMD EPYC, AVX-512) its training-step gradients of ResNet-20 and WRN drift by 0.3-0.8 % from float64 PyTorch below the
first strided block, and by 2e-6 with memory-format=contiguous. This script isolates the layer: run it with Debian's
python3-torch (/usr/bin/python3); nothing is downloaded.

Prints, per shape and input offset, the largest error of y, dx, dgamma, dbeta relative to the largest reference value.
"""
import torch


def errors(n, c, h, w, mean, std, channels_last):
    torch.manual_seed(0)
    x64 = torch.randn(n, c, h, w, dtype=torch.float64) * std + mean
    g64 = torch.randn(n, c, h, w, dtype=torch.float64)
    w64 = torch.rand(c, dtype=torch.float64) + 0.5
    b64 = torch.randn(c, dtype=torch.float64)
    out = {}
    for name, dtype in (("ref", torch.float64), ("f32", torch.float32)):
        x = x64.to(dtype)
        if channels_last and name == "f32":
            x = x.contiguous(memory_format=torch.channels_last)
        x = x.detach().requires_grad_(True)
        wt = w64.to(dtype).clone().requires_grad_(True)
        bs = b64.to(dtype).clone().requires_grad_(True)
        y = torch.nn.functional.batch_norm(x, torch.zeros(c, dtype=dtype), torch.ones(c, dtype=dtype), wt, bs,
                                           training=True)
        (y * g64.to(dtype)).sum().backward()
        out[name] = [t.detach().double() for t in (y, x.grad, wt.grad, bs.grad)]
    return [((a - r).abs().max() / r.abs().max()).item() for a, r in zip(out["f32"], out["ref"])]


def main():
    print(f"torch {torch.__version__}; errors of float32 against float64: y dx dgamma dbeta")
    for shape in ((16, 16, 16, 16), (128, 16, 28, 28)):
        for mean, std in ((0.5, 1.0), (5.0, 0.1), (5.0, 0.01)):
            row = []
            for cl in (False, True):
                e = errors(*shape, mean, std, cl)
                row.append(("channels-last " if cl else "contiguous    ") + " ".join(f"{v:.1e}" for v in e))
            print(f"{str(shape):18s} mean {mean:4.1f} std {std:5.2f} | " + " | ".join(row))


if __name__ == "__main__":
    main()
