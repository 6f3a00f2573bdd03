#!/usr/bin/env bash
# Each backend's masked training step (ERK density 0.1, batch 128, 2 threads) in its own JVM, the JVMs alternated
# round after round (A, B, C, A, B, C, …) so every backend sees the same machine load, and each backend's median
# over the rounds with its spread and its ratio to the first backend. One JVM holds one engine only: with several
# engines in one process each one's idle worker threads spin while another runs (BackendStepComparison's caveat).
#   bench/backend-steps.sh [backends=djl-pytorch,djl-tensorflow,nd4j] [models=resnet20] [rounds=3] [pairs=10] [warmup=3]
# Run it alone, after a build (the launcher's or ./scripts/test.sh); it uses the launcher's native allocator.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
BACKENDS=djl-pytorch,djl-tensorflow,nd4j
MODELS=resnet20
ROUNDS=3
PAIRS=10
WARMUP=3
for arg in "$@"; do
  case "$arg" in
    backends=*) BACKENDS="${arg#*=}" ;;
    models=*) MODELS="${arg#*=}" ;;
    rounds=*) ROUNDS="${arg#*=}" ;;
    pairs=*) PAIRS="${arg#*=}" ;;
    warmup=*) WARMUP="${arg#*=}" ;;
    *) echo "backend-steps.sh: unknown argument '$arg' (backends=, models=, rounds=, pairs=, warmup=)" >&2; exit 2 ;;
  esac
done
. bench/ensure-built.sh
export OPT_OUT_TRACKING=true
. scripts/native-allocator.sh
OUT="$(mktemp)"
trap 'rm -f "$OUT"' EXIT
IFS=',' read -r -a LIST <<< "$BACKENDS"
IFS=',' read -r -a MLIST <<< "$MODELS"
for model in "${MLIST[@]}"; do
  for ((r = 1; r <= ROUNDS; r++)); do
    for b in "${LIST[@]}"; do
      line="$(java -XX:+UseSerialGC --add-modules jdk.incubator.vector -Dai.djl.offline=true \
        -cp "bench/target/classes:cli/target/cli-$VERSION.jar" dev.sparse4j.bench.BackendStepComparison \
        "backends=$b" "models=$model" "pairs=$PAIRS" "warmup=$WARMUP" threads=2 2>/dev/null \
        | awk -v b="$b" '$1 == b { print $2, $7 }' | tail -n 1)"
      [ -n "$line" ] || { echo "backend-steps.sh: no result from $b on $model" >&2; exit 1; }
      echo "$model $b $r $line" >> "$OUT"
      echo "round $r/$ROUNDS $model $b: step $(cut -d' ' -f1 <<< "$line") ms" >&2
    done
  done
done
# model backend round step_ms eval_img_s  ->  per model and backend: median, min, max of the rounds' medians
awk -v first="${LIST[0]}" '
  { key = $1 SUBSEP $2; n[key]++; v[key, n[key]] = $4; e[key, n[key]] = $5; models[$1] = 1
    if (!($2 in pos)) { pos[$2] = ++k; idx[k] = $2 } }
  function med(key, arr,   m, i, j, t, a) {
    m = n[key]; for (i = 1; i <= m; i++) a[i] = arr[key, i]
    for (i = 1; i <= m; i++) for (j = i + 1; j <= m; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
    return m % 2 ? a[(m + 1) / 2] : (a[m / 2] + a[m / 2 + 1]) / 2
  }
  function lo(key, arr,   i, x) { x = arr[key, 1]; for (i = 2; i <= n[key]; i++) if (arr[key, i] < x) x = arr[key, i]; return x }
  function hi(key, arr,   i, x) { x = arr[key, 1]; for (i = 2; i <= n[key]; i++) if (arr[key, i] > x) x = arr[key, i]; return x }
  END {
    printf "%-10s %-16s %12s %18s %10s %16s\n", "model", "backend", "step ms", "rounds (min-max)", "ratio", "eval images/s"
    for (mo in models) {
      base = med(mo SUBSEP first, v)
      for (i = 1; i <= k; i++) {
        key = mo SUBSEP idx[i]
        printf "%-10s %-16s %12.1f %9.1f-%-8.1f %10.2f %16.0f\n", mo, idx[i], med(key, v), lo(key, v), hi(key, v),
          med(key, v) / base, med(key, e)
      }
    }
  }' "$OUT"
