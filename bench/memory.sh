#!/usr/bin/env bash
# Peak resident memory (and time) of one epoch of ResNet-20 training on Fashion-MNIST: `sparse4j train` (djl-pytorch,
# evaluation limited to test accuracy and calibration: no ODIN, no robustness) next to the same epoch in Python
# PyTorch (bench/src/main/python/torch_train_epoch.py), each measured from outside by GNU time.
#   bench/memory.sh [epochs]        (run it alone; one epoch takes a few minutes on 2 cores)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
EPOCHS="${1:-1}"
if [ ! -x /usr/bin/time ]; then
  echo "memory.sh: needs GNU time (/usr/bin/time): apt-get install time" >&2
  exit 2
fi
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT
peak() { sed -n 's/^[[:space:]]*Maximum resident set size (kbytes): //p' "$1"; }
wall() { sed -n 's/^[[:space:]]*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$1"; }
SPARSE4J_SKIP_BUILD="${SPARSE4J_SKIP_BUILD:-}" /usr/bin/time -v -o "$OUT/java.time" ./sparse4j train --model resnet20 \
  --epochs "$EPOCHS" --seed 0 --threads 2 --no-odin --no-robustness --out "$OUT/run" > "$OUT/java.log" 2>&1 \
  || { cat "$OUT/java.log" >&2; exit 1; }
(cd bench/src/main/python && /usr/bin/time -v -o "$OUT/python.time" /usr/bin/python3 torch_train_epoch.py \
  --epochs "$EPOCHS" --threads 2) > "$OUT/python.json"
J="$(peak "$OUT/java.time")"
P="$(peak "$OUT/python.time")"
printf '%-8s %14s %12s  %s\n' side "peak RSS MiB" "wall" detail
printf '%-8s %14.0f %12s  %s\n' java "$((J / 1024))" "$(wall "$OUT/java.time")" \
  "$(grep -o 'accuracy [0-9.]*' "$OUT/java.log" | head -1)"
printf '%-8s %14.0f %12s  %s\n' python "$((P / 1024))" "$(wall "$OUT/python.time")" "$(cat "$OUT/python.json")"
awk -v j="$J" -v p="$P" 'BEGIN { printf "peak RSS java/python: %.2f\n", j / p }'
