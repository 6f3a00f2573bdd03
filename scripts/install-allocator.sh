#!/usr/bin/env bash
# Installs tcmalloc (Debian package libtcmalloc-minimal4), the native allocator the ./sparse4j launcher preloads
# when it is there: it keeps freed memory mapped for reuse instead of giving it back page by page, which took
# ResNet-20 runs from ~1.4 M minor page faults to ~0.25 M, their peak memory down by ~25 % and steps ~15 % faster
# (docs/performance.md, Memory). Optional: without it everything runs on glibc's malloc, as before.
#   scripts/install-allocator.sh [--quiet]     never fails; says what to run when it cannot install
set -uo pipefail
QUIET=0
[ "${1:-}" = "--quiet" ] || [ "${1:-}" = "-q" ] && QUIET=1
PKG=libtcmalloc-minimal4
say() { [ "$QUIET" = 1 ] || echo "install-allocator.sh: $*" >&2; }

# The launcher's own lookup (SPARSE4J_MALLOC=system in a subshell: only the function is wanted, no preload).
found() {
  (SPARSE4J_MALLOC=system; . "$(dirname "${BASH_SOURCE[0]}")/native-allocator.sh"; sparse4j_tcmalloc >/dev/null)
}

if found; then
  say "tcmalloc is installed"
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  say "no apt-get here: sparse4j runs on the system's malloc (install tcmalloc's libtcmalloc_minimal.so.4 to use it)"
  exit 0
fi
if [ "$(id -u)" -eq 0 ]; then
  as_root() { "$@"; }
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  as_root() { sudo -n "$@"; }
else
  say "not root: sparse4j runs on the system's malloc; for less memory run: sudo apt-get install -y $PKG"
  exit 0
fi
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
if ! as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y "$PKG" >"$log" 2>&1; then
  # Often only the package lists are stale or absent (fresh containers).
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update >>"$log" 2>&1 \
    && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y "$PKG" >>"$log" 2>&1
fi
if found; then
  say "installed $PKG"
else
  say "could not install $PKG (sparse4j runs on the system's malloc); apt-get said: $(tail -n 1 "$log")"
fi
exit 0
