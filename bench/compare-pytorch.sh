#!/usr/bin/env bash
# djl-pytorch against Python PyTorch on this machine, alternated in one run (see PyTorchComparison):
#   bench/compare-pytorch.sh [key=value ...]      e.g. models=resnet20:1 rounds=20 threads=2
# Installs Debian's python3-torch and python3-numpy when /usr/bin/python3 cannot import torch, builds what is
# missing, then runs. Run it alone: a second CPU-bound process on the machine makes both sides slower, unevenly.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if ! /usr/bin/python3 -c 'import torch' >/dev/null 2>&1; then
  echo "compare-pytorch: installing python3-torch (Debian) for the Python side" >&2
  if [ "$(id -u)" = 0 ]; then apt-get install -y python3-torch python3-numpy >&2
  else sudo apt-get install -y python3-torch python3-numpy >&2; fi
fi
. bench/ensure-built.sh
export OPT_OUT_TRACKING=true
# The JVM gets the native allocator the launcher gives it; the Python side runs on its own default (glibc).
. scripts/native-allocator.sh
exec java -Dai.djl.offline=true -cp "bench/target/classes:cli/target/cli-$VERSION.jar" \
  dev.sparse4j.bench.PyTorchComparison "$@"
