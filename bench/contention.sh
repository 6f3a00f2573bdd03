#!/usr/bin/env bash
# The djl-pytorch ResNet-20 step against Python's, on an idle machine and with one other busy process (a shell
# loop), for several OpenMP settings of the Java side: libgomp's default (threads spin ~300,000 times before they
# sleep), OMP_WAIT_POLICY=PASSIVE (they sleep at once) and shorter spins (GOMP_SPINCOUNT), at 2 and 1 intra-op
# threads. Each table line is one PyTorchComparison run; the Python side always runs with libgomp's defaults and
# the same thread count.
#   bench/contention.sh [rounds=6] [settings...]     e.g. bench/contention.sh rounds=6 default GOMP_SPINCOUNT=10000
# Run it alone; with the default settings it takes about 6 minutes.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROUNDS="${1:-rounds=6}"
shift || true
SETTINGS=("$@")
if [ ${#SETTINGS[@]} -eq 0 ]; then SETTINGS=(default OMP_WAIT_POLICY=PASSIVE GOMP_SPINCOUNT=10000); fi
. bench/ensure-built.sh
export OPT_OUT_TRACKING=true
unset OMP_WAIT_POLICY GOMP_SPINCOUNT
BURNER=""
stop_burner() { if [ -n "$BURNER" ]; then kill "$BURNER" 2>/dev/null || true; wait "$BURNER" 2>/dev/null || true; BURNER=""; fi; }
trap stop_burner EXIT
printf '%-5s %-24s %-7s %s\n' load "java side's setting" threads \
  "configuration, java ms, python ms, step J/P, java img/s, python img/s, img/s J/P"
for load in idle busy; do
  if [ "$load" = busy ]; then
    bash -c 'while :; do :; done' &
    BURNER=$!
  fi
  for threads in 2 1; do
    for setting in "${SETTINGS[@]}"; do
      if [ "$setting" = default ]; then envs=(); else envs=("$setting"); fi
      line="$(env "${envs[@]}" java -Dai.djl.offline=true -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
          -cp "bench/target/classes:cli/target/cli-$VERSION.jar" dev.sparse4j.bench.PyTorchComparison \
          models=resnet20:1 masking=dense threads="$threads" warmup=1 "$ROUNDS" | tail -1)"
      printf '%-5s %-24s %-7s %s\n' "$load" "$setting" "$threads" "$line"
    done
  done
  stop_burner
done
