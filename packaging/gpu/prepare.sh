#!/usr/bin/env bash
# Fills .gpukit/ (ignored by git) with what the GPU server lacks, for packaging/gpu/check.sh:
# the Debian 12 packages of our header and small library dependencies (fmt, nlohmann-json,
# simdjson, CLI11, zlib), unpacked there into a private prefix, never installed, and the part of
# the shared test data the device tests read (zsi/: the official class vectors and splits).
# The server has LibTorch (in its PyTorch wheel), CMake and Ninja, and cannot download
# (../shared/gpu.md). Run here, where apt reaches the Debian mirror; about 8 MB.
#
#   packaging/gpu/prepare.sh            then carry ".gpukit" to the server (device tool: carry)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
kit="$root/.gpukit"
data="${ZSI_SHARED_DATA_DIR:-$root/../shared/data}"
packages=(libfmt-dev libfmt9 nlohmann-json3-dev libsimdjson-dev libsimdjson14 libcli11-dev zlib1g-dev zlib1g)

[ -d "$data/zsi" ] || { echo "prepare.sh: no shared data at $data/zsi (set ZSI_SHARED_DATA_DIR)" >&2; exit 1; }
rm -rf "$kit.tmp"
mkdir -p "$kit.tmp/debs" "$kit.tmp/data"
(cd "$kit.tmp/debs" && apt-get download "${packages[@]}")
cp -r "$data/zsi" "$kit.tmp/data/"
# The commit being measured: the working tree travels to the server without its git history.
commit="$(git -C "$root" rev-parse --short=12 HEAD)"
[ -z "$(git -C "$root" status --porcelain --untracked-files=no)" ] || commit="$commit + working tree"
echo "$commit" >"$kit.tmp/commit"
rm -rf "$kit"
mv "$kit.tmp" "$kit"
echo "prepare.sh: $(ls "$kit/debs" | wc -l) packages and the zsi/ data in $kit ($(du -sh "$kit" | cut -f1)), commit $commit"
