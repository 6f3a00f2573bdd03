#!/usr/bin/env bash
# Builds it/module-path — an application with its own module-info that requires dev.sparse4j.all and provides a
# pruner — from the installed artifacts and the BOM only, and runs it on the module path with the flags the README
# gives: it must find its own pruner and every backend named below. Run after `mvn install` (./scripts/test.sh does).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export OPT_OUT_TRACKING=true
# clean: copy-dependencies never removes a jar, and a stale one (an old artifact) would register a backend twice.
mvn -B -ntp -q -f it/module-path/pom.xml clean package "$@"
lib=it/module-path/target/lib
modules=it/module-path/target/classes
classpath=""
for jar in "$lib"/*.jar; do
  case "$(basename "$jar")" in
    # The README's rule (Modules → "On the module path"): PyTorch's native jar (no valid automatic module name) and
    # ND4J with what it brings (split packages, no module descriptors) stay on the class path; all else is a module.
    pytorch-native-cpu-*|nd4j-*|openblas-*|guava-1.0.0-M2*|jackson-1.0.0-M2*|protobuf-1.0.0-M2*|neoitertools-*|oshi-*|jna-*|byteunits-*|flatbuffers-*|commons-*|threetenbp-*)
      classpath="$classpath${classpath:+:}$jar" ;;
    *) modules="$modules:$jar" ;;
  esac
done
echo "module-path check: $(tr ':' '\n' <<<"$modules" | wc -l) entries on the module path, $(tr ':' '\n' <<<"$classpath" | grep -c . || true) on the class path"
TF_CPP_MIN_LOG_LEVEL=1 java -Dai.djl.offline=true --module-path "$modules" ${classpath:+--class-path "$classpath"} \
  -m com.example.modulepath/com.example.modulepath.Main sparse-cpu djl-pytorch djl-tensorflow nd4j
