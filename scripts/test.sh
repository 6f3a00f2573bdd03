#!/usr/bin/env bash
# The project's test command (README, CI): installs the real data sets, then builds and tests every module.
# "install" rather than "test" so the jars the ./sparse4j launcher runs exist afterwards.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export OPT_OUT_TRACKING=true
./scripts/install-data.sh
# The native allocator the launcher preloads (optional; a quiet no-op where it cannot be installed).
./scripts/install-allocator.sh --quiet
mvn -B -ntp install "$@"
# A downstream user's view: projects built from the installed artifacts and the BOM only (it/consumer).
./scripts/consumer-check.sh
# A JPMS user's view: an application with its own module-info run on the module path (it/module-path).
./scripts/module-path-check.sh
# The launcher need not rebuild what was just built.
if [ -d cli/target ]; then touch cli/target/.sparse4j-built; fi
