#!/usr/bin/env bash
# Builds two downstream projects (it/consumer) from the installed sparse4j artifacts and the BOM only, with the
# backends declared in either order: each must converge on one version of every library (maven-enforcer) and train
# on djl-tensorflow, then evaluate on djl-pytorch and nd4j. Run after `mvn install` (./scripts/test.sh does).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export OPT_OUT_TRACKING=true
# Every published artifact comes with its sources and its Javadoc (IDE users see both).
version="$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' bom/pom.xml | head -1)"
for dir in sparse-api sparse-prune sparse-io sparse-train sparse-all models metrics tck backend-djl/backend-djl-pytorch \
    backend-djl/backend-djl-tensorflow backend-nd4j backend-sparse runner cli sweep-spark; do
  m="$(basename "$dir")"
  for kind in sources javadoc; do
    if [ ! -f "$dir/target/$m-$version-$kind.jar" ]; then
      echo "consumer check: $dir/target/$m-$version-$kind.jar is missing (maven-source/javadoc-plugin in the root pom)" >&2
      exit 1
    fi
  done
done
for order in nd4j-first djl-first; do
  echo "consumer check: backends declared $order"
  mvn -B -ntp -f "it/consumer/$order/pom.xml" verify "$@"
done
