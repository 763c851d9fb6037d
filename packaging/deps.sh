#!/usr/bin/env bash
# Installs the Debian 12 packages ZSI Studio needs to build, test and run. Idempotent: installs
# only what is missing and does nothing when everything is there. Debian packages only.
#
#   packaging/deps.sh            build + test + GUI dependencies
#   packaging/deps.sh --no-ui    engine and CLI only (no Qt)
#   packaging/deps.sh --fuzz     also clang and libFuzzer for the fuzz targets
#   packaging/deps.sh --check    only report what is missing (exit 1 if anything is)
set -euo pipefail

ui=1; fuzz=0; check=0
for arg in "$@"; do
  case "$arg" in
    --no-ui) ui=0 ;;
    --fuzz) fuzz=1 ;;
    --check) check=1 ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "deps.sh: unknown option $arg" >&2; exit 2 ;;
  esac
done

packages=(
  g++ cmake ninja-build ccache pkg-config git
  libtorch-dev libopenblas0-openmp          # LibTorch 1.13 CPU; OpenBLAS makes its matrix products ~30x faster
  libgloo-dev                                # Gloo headers for multi-process training (LibTorch c10d)
  libopencv-dev zlib1g-dev libfmt-dev nlohmann-json3-dev libsimdjson-dev libcli11-dev
  fonts-dejavu-core                          # text in offscreen screenshots
  python3                                    # the ablation scripts (models/demo/ablation/) and their test
)
if [ "$ui" = 1 ]; then
  packages+=(qt6-base-dev libqcustomplot-dev libqcustomplot2.1-qt6)
fi
if [ "$fuzz" = 1 ]; then
  packages+=(clang-14 libfuzzer-14-dev)
fi

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
  [ "$status" = "installed" ] || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "deps.sh: all ${#packages[@]} packages are installed"
  exit 0
fi
echo "deps.sh: missing: ${missing[*]}"
[ "$check" = 1 ] && exit 1

if ! command -v apt-get >/dev/null 2>&1; then
  echo "deps.sh: apt-get not found; this script supports Debian 12 (bookworm) only" >&2
  exit 1
fi
SUDO=()
if [ "$(id -u)" != 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO=(sudo)
  else
    echo "deps.sh: installing packages needs root. Run as root, or install sudo, or run:" >&2
    echo "  apt-get install --no-install-recommends ${missing[*]}" >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
# Refresh the package lists only when they are missing or older than a day.
if [ -z "$(find /var/lib/apt/lists -maxdepth 1 -name '*Packages*' -mmin -1440 2>/dev/null | head -n 1)" ]; then
  "${SUDO[@]}" apt-get update -q
fi
"${SUDO[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
echo "deps.sh: installed ${#missing[@]} package(s)"
