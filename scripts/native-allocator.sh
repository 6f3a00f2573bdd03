# Sourced by ./sparse4j and the bench scripts that start a JVM: chooses the native allocator the engines' memory comes
# from, by exporting LD_PRELOAD. tcmalloc (Debian libtcmalloc-minimal4, installed by scripts/install-allocator.sh)
# when it is installed, unless LD_PRELOAD is already set or SPARSE4J_MALLOC=system; SPARSE4J_MALLOC=tcmalloc
# insists on it. Why: glibc's malloc gives the engines' freed activations back to the kernel page by page and keeps
# ~20 thread arenas, so every activation is first-touched again; tcmalloc keeps them mapped for reuse. Measured on
# ResNet-20 (docs/performance.md, Memory): minor page faults 1.4 M -> 0.25 M, peak memory -25 %, steps ~15 % faster.
# Without the library: glibc's malloc, as before.
# The installed tcmalloc library's path (stdout), or status 1; scripts/install-allocator.sh asks the same.
sparse4j_tcmalloc() {
  local dir
  for dir in "/usr/lib/$(uname -m)-linux-gnu" /usr/lib64 /usr/lib; do
    if [ -e "$dir/libtcmalloc_minimal.so.4" ]; then
      echo "$dir/libtcmalloc_minimal.so.4"
      return 0
    fi
  done
  return 1
}
case "${SPARSE4J_MALLOC:-auto}" in
  auto|tcmalloc|system) ;;
  *) echo "sparse4j: SPARSE4J_MALLOC must be auto, tcmalloc or system, not '$SPARSE4J_MALLOC'" >&2; exit 2 ;;
esac
if [ -z "${LD_PRELOAD:-}" ] && [ "${SPARSE4J_MALLOC:-auto}" != system ]; then
  if sparse4j_tcmalloc_path="$(sparse4j_tcmalloc)"; then
    export LD_PRELOAD="$sparse4j_tcmalloc_path"
    # tcmalloc reports every allocation over 1 GiB on stderr; a 10^10-weight model is not a mistake.
    export TCMALLOC_LARGE_ALLOC_REPORT_THRESHOLD="${TCMALLOC_LARGE_ALLOC_REPORT_THRESHOLD:-1099511627776}"
  fi
  unset sparse4j_tcmalloc_path
  if [ "${SPARSE4J_MALLOC:-auto}" = tcmalloc ] && [ -z "${LD_PRELOAD:-}" ]; then
    echo "sparse4j: SPARSE4J_MALLOC=tcmalloc, but libtcmalloc_minimal.so.4 is not installed: run scripts/install-allocator.sh" >&2
    exit 2
  fi
fi
