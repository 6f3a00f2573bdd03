#!/usr/bin/env bash
# Peak resident memory (and wall time) of one epoch of training plus the test evaluation on Fashion-MNIST:
# `sparse4j train` on each backend, each in its own JVM (evaluation limited to accuracy, calibration and the OOD
# scores: no ODIN, no robustness), next to the same epoch in Python PyTorch (bench/src/main/python/
# torch_train_epoch.py), and optionally a `sparse4j sweep --parallel 2` (the driver JVM and its two cell JVMs
# together). Peak memory is sampled from /proc every 0.2 s over the whole process tree (a sweep's JVMs add up) and
# checked against GNU time's for single processes.
#   bench/memory.sh [--model resnet20|mlp] [--backends LIST|all] [--sparsity S] [--train-limit N] [--epochs N]
#                   [--sweep] [--no-python]
#   bench/memory.sh                                   # ResNet-20, djl-pytorch and Python, all 60,000 images
#   bench/memory.sh --backends all --train-limit 6400 # every backend (nd4j takes seconds a step: limit the epoch)
#   bench/memory.sh --model mlp --sweep
# Run it alone: one epoch of ResNet-20 takes minutes on 2 cores, and a second process distorts both sides.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
MODEL=resnet20
BACKENDS=djl-pytorch
SPARSITY=0
LIMIT=0
EPOCHS=1
SWEEP=0
PYTHON=1
while [ $# -gt 0 ]; do
  case "$1" in
    --model) MODEL="$2"; shift 2 ;;
    --backends) BACKENDS="$2"; shift 2 ;;
    --sparsity) SPARSITY="$2"; shift 2 ;;
    --train-limit) LIMIT="$2"; shift 2 ;;
    --epochs) EPOCHS="$2"; shift 2 ;;
    --sweep) SWEEP=1; shift ;;
    --no-python) PYTHON=0; shift ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "memory.sh: unknown option '$1' (try --help)" >&2; exit 2 ;;
  esac
done
case "$MODEL" in resnet20|mlp) ;; *) echo "memory.sh: --model must be resnet20 or mlp, not '$MODEL'" >&2; exit 2 ;; esac
[ "$BACKENDS" = all ] && BACKENDS=djl-pytorch,djl-tensorflow,nd4j,sparse-cpu
if [ ! -x /usr/bin/time ]; then
  echo "memory.sh: needs GNU time (/usr/bin/time): apt-get install time" >&2
  exit 2
fi
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT
peak() { sed -n 's/^[[:space:]]*Maximum resident set size (kbytes): //p' "$1"; }
wall() { sed -n 's/^[[:space:]]*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$1"; }
faults() { sed -n 's/^[[:space:]]*Minor (reclaiming a frame) page faults: //p' "$1"; }

# The summed VmRSS (kB) of a process and all its descendants.
tree_rss() {
  local pids=("$1") i=0 total=0 p kids rss
  while [ $i -lt ${#pids[@]} ]; do
    p="${pids[$i]}"; i=$((i + 1))
    kids="$(pgrep -P "$p" 2>/dev/null || true)"
    for k in $kids; do pids+=("$k"); done
    rss="$(awk '/^VmRSS:/ { print $2 }' "/proc/$p/status" 2>/dev/null || true)"
    total=$((total + ${rss:-0}))
  done
  echo "$total"
}
# Runs "$@" under GNU time as job $1 (first argument: a label) and samples the tree's summed RSS meanwhile.
measured() {
  local label="$1"; shift
  /usr/bin/time -v -o "$OUT/$label.time" "$@" > "$OUT/$label.log" 2>&1 &
  local pid=$! max=0 now
  while kill -0 "$pid" 2>/dev/null; do
    now="$(tree_rss "$pid")"
    [ "$now" -gt "$max" ] && max="$now"
    sleep 0.2
  done
  echo "$max" > "$OUT/$label.tree"
  wait "$pid" || { cat "$OUT/$label.log" >&2; echo "memory.sh: $label failed (log above)" >&2; exit 1; }
}

COMMON=(--model "$MODEL" --epochs "$EPOCHS" --seed 0 --threads 2 --no-odin --no-robustness)
[ "$LIMIT" != 0 ] && COMMON+=(--train-limit "$LIMIT")
SPARSE=()
[ "$SPARSITY" != 0 ] && SPARSE=(--sparsity "$SPARSITY")
ROWS=()
IFS=',' read -r -a LIST <<< "$BACKENDS"
for b in "${LIST[@]}"; do
  measured "$b" ./sparse4j train "${COMMON[@]}" "${SPARSE[@]}" --backend "$b" --out "$OUT/run-$b"
  ROWS+=("$b")
done
if [ "$SWEEP" = 1 ]; then
  # Two cells at once (the dense baseline and ERK at the given sparsity, 0.9 when none is given), one thread each.
  S="$SPARSITY"; [ "$S" = 0 ] && S=0.9
  SW=(--model "$MODEL" --epochs "$EPOCHS" --sparsities "$S" --parallel 2 --threads 1 --no-odin --no-robustness)
  [ "$LIMIT" != 0 ] && SW+=(--train-limit "$LIMIT")
  measured sweep ./sparse4j sweep "${SW[@]}" --out "$OUT/sweep"
  ROWS+=(sweep)
fi
if [ "$PYTHON" = 1 ]; then
  measured python /usr/bin/python3 bench/src/main/python/torch_train_epoch.py --model "$MODEL" --epochs "$EPOCHS" \
    --threads 2 --train-limit "$LIMIT"
  ROWS+=(python)
fi

printf '%-16s %10s %10s %9s %12s  %s\n' side "peak MiB" "(time -v)" wall "minor faults" detail
for r in "${ROWS[@]}"; do
  case "$r" in
    python) detail="$(tail -n 1 "$OUT/python.log")" ;;
    sweep) detail="2 cells at once: $(ls "$OUT/sweep/cells" 2>/dev/null | tr '\n' ' ')" ;;
    *) detail="$(grep -o 'test accuracy [0-9.]*' "$OUT/$r.log" | head -1); $(grep -o 'peak memory [0-9,]* MiB' "$OUT/$r.log")" ;;
  esac
  printf '%-16s %10d %10d %9s %12s  %s\n' "$r" "$(($(cat "$OUT/$r.tree") / 1024))" "$(($(peak "$OUT/$r.time") / 1024))" \
    "$(wall "$OUT/$r.time")" "$(faults "$OUT/$r.time")" "$detail"
done
if [ "$PYTHON" = 1 ]; then
  P="$(peak "$OUT/python.time")"
  for r in "${ROWS[@]}"; do
    [ "$r" = python ] || [ "$r" = sweep ] && continue
    awk -v j="$(peak "$OUT/$r.time")" -v p="$P" -v b="$r" 'BEGIN { printf "peak RSS %s/python: %.2f\n", b, j / p }'
  done
fi
