#!/usr/bin/env python3
"""Independent reference for the parameter counts and names asserted in ModelsTest.

Written without looking at the Java zoo: it mirrors the PyTorch reference code's module definition order
(akamaster/kuangliu CIFAR ResNet with option-B shortcuts, kuangliu CIFAR VGG, xternalz WideResNet, LeNet-300-100)
and prints state_dict-style names and counts. Run: python3 param_counts.py
"""


def conv(sd, name, cin, cout, k, bias):
    sd.append((name + ".weight", (cout, cin, k, k), "W"))
    if bias:
        sd.append((name + ".bias", (cout,), "B"))


def bn(sd, name, c):
    sd.append((name + ".weight", (c,), "N"))
    sd.append((name + ".bias", (c,), "N"))
    sd.append((name + ".running_mean", (c,), "R"))
    sd.append((name + ".running_var", (c,), "R"))
    sd.append((name + ".num_batches_tracked", (), "R"))  # PyTorch has it; sparse4j does not list it


def linear(sd, name, fin, fout, bias=True):
    sd.append((name + ".weight", (fout, fin), "W"))
    if bias:
        sd.append((name + ".bias", (fout,), "B"))


def resnet(depth, cin=3, classes=10, w=1.0):
    n = (depth - 2) // 6
    sd = []
    c = [round(16 * w), round(32 * w), round(64 * w)]
    conv(sd, "conv1", cin, c[0], 3, False)
    bn(sd, "bn1", c[0])
    inp = c[0]
    for li, planes in enumerate(c):
        for b in range(n):
            stride = 2 if (li > 0 and b == 0) else 1
            p = f"layer{li + 1}.{b}"
            conv(sd, p + ".conv1", inp, planes, 3, False)
            bn(sd, p + ".bn1", planes)
            conv(sd, p + ".conv2", planes, planes, 3, False)
            bn(sd, p + ".bn2", planes)
            if stride != 1 or inp != planes:
                conv(sd, p + ".shortcut.0", inp, planes, 1, False)
                bn(sd, p + ".shortcut.1", planes)
            inp = planes
    linear(sd, "fc", c[2], classes)
    return sd


def vgg(depth, cin=3, classes=10, w=1.0):
    cfg = {16: [64, 64, "M", 128, 128, "M", 256, 256, 256, "M", 512, 512, 512, "M", 512, 512, 512, "M"],
           19: [64, 64, "M", 128, 128, "M", 256, 256, 256, 256, "M", 512, 512, 512, 512, "M",
                512, 512, 512, 512, "M"]}[depth]
    sd = []
    i = 0
    inp = cin
    for v in cfg:
        if v == "M":
            i += 1
        else:
            out = round(v * w)
            conv(sd, f"features.{i}", inp, out, 3, True)
            bn(sd, f"features.{i + 1}", out)
            i += 3
            inp = out
    linear(sd, "classifier", inp, classes)
    return sd


def wrn(depth, k, cin=3, classes=10, w=1.0):
    n = (depth - 4) // 6
    ch = [round(16 * w), round(16 * k * w), round(32 * k * w), round(64 * k * w)]
    sd = []
    conv(sd, "conv1", cin, ch[0], 3, False)
    inp = ch[0]
    for g in range(3):
        out = ch[g + 1]
        for b in range(n):
            stride = (1 if g == 0 else 2) if b == 0 else 1
            p = f"block{g + 1}.layer.{b}"
            bn(sd, p + ".bn1", inp)
            conv(sd, p + ".conv1", inp, out, 3, False)
            bn(sd, p + ".bn2", out)
            conv(sd, p + ".conv2", out, out, 3, False)
            if inp != out or stride != 1:
                conv(sd, p + ".convShortcut", inp, out, 1, False)
            inp = out
    bn(sd, "bn1", inp)
    linear(sd, "fc", inp, classes)
    return sd


def mlp(fin, hidden, classes=10):
    sd = []
    prev = fin
    for i, h in enumerate(hidden):
        linear(sd, f"fc{i + 1}", prev, h)
        prev = h
    linear(sd, f"fc{len(hidden) + 1}", prev, classes)
    return sd


def numel(shape):
    r = 1
    for d in shape:
        r *= d
    return r


def report(label, sd):
    prunable = sum(numel(s) for _, s, k in sd if k == "W")
    trainable = sum(numel(s) for _, s, k in sd if k in "WBN")
    print(f"{label}: prunable={prunable} trainable={trainable}")
    return sd


if __name__ == "__main__":
    for d in (20, 32, 44, 56, 110):
        report(f"resnet{d} 3x32x32/10", resnet(d))
    report("resnet20 w=2 3x32x32/10", resnet(20, w=2))
    report("resnet20 1x28x28/10", resnet(20, cin=1))
    report("resnet56 3x32x32/100", resnet(56, classes=100))
    report("vgg16 3x32x32/10", vgg(16))
    report("vgg19 3x32x32/10", vgg(19))
    report("vgg16 3x32x32/100", vgg(16, classes=100))
    report("vgg16 1x28x28/10", vgg(16, cin=1))
    report("wrn-28-10 3x32x32/10", wrn(28, 10))
    report("wrn-16-4 3x32x32/10", wrn(16, 4))
    report("wrn-16-8 3x32x32/10", wrn(16, 8))
    report("wrn-28-10 3x32x32/100", wrn(28, 10, classes=100))
    report("wrn-16-1 1x28x28/10", wrn(16, 1, cin=1))
    report("mlp 1x28x28/10", mlp(784, [300, 100]))
    report("mlp-3x512 1x28x28/10", mlp(784, [512, 512, 512]))
    report("mlp w=2 3x32x32/10", mlp(3072, [600, 200]))
    names = [n for n, _, k in resnet(20) if k != "R"]
    print("resnet20 first:", names[:8])
    print("resnet20 shortcut:", [n for n in names if "shortcut" in n])
    print("resnet20 last:", names[-4:], "count", len(names))
    print("vgg16 names:", [n for n, _, k in vgg(16) if k == "W"])
    print("wrn-16-4 names block2.layer.0:", [n for n, _, k in wrn(16, 4) if n.startswith("block2.layer.0.")])
