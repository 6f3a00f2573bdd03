#!/usr/bin/env bash
# Builds two downstream projects (it/consumer) from the installed sparse4j artifacts and the BOM only, with the
# backends declared in either order: each must converge on one version of every library (maven-enforcer) and train
# on djl-tensorflow, then evaluate on djl-pytorch and nd4j. Run after `mvn install` (./scripts/test.sh does).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export OPT_OUT_TRACKING=true
for order in nd4j-first djl-first; do
  echo "consumer check: backends declared $order"
  mvn -B -ntp -f "it/consumer/$order/pom.xml" verify "$@"
done
