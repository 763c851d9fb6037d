#!/usr/bin/env bash
# The second build: the engine, `zsi`, the studio, the tests and the benchmarks against the current
# PyTorch wheel's LibTorch (2.x, CUDA on), next to the default build against Debian's LibTorch 1.13.
# The wheel comes from the Python package index into a virtual environment outside the source tree
# (packaging/torch-env.sh; ZSI_TORCH_VENV says where). On a machine without a GPU the tests run on
# the CPU against this LibTorch; the CUDA code paths compile and link.
#
#   packaging/torch-build.sh build   install (Debian packages, the wheel), configure, build
#   packaging/torch-build.sh test    the same, then the unit, model and reference tests
#
# Environment: BUILD_DIR (default build-torch), JOBS (default: number of cores), CMAKE_ARGS (extra),
# ZSI_TORCH_TEST_LABELS (ctest -L regex; default "unit|model|reference").
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
what=${1:-}
case "$what" in build|test) ;; *) sed -n '2,13p' "$0"; exit 2 ;; esac

build=${BUILD_DIR:-build-torch}
jobs=${JOBS:-$(nproc)}

packaging/deps.sh
python=$(packaging/torch-env.sh)
# The torch package folder itself comes second in the prefix path so that find_library looks in its
# lib/ before the system's: Debian's libtorch.so (libtorch-dev, the default build) would win otherwise.
prefix=$("$python" -c 'import os, torch; print(torch.utils.cmake_prefix_path + ";" + os.path.dirname(torch.__file__))')

start=$(date +%s)
if [ ! -f "$build/build.ninja" ]; then
  # CUDA: the machine's toolkit (nvcc) compiles and links the CUDA code paths; the wheel brings the
  # CUDA runtime libraries it was built with (a newer minor release works with an older toolkit's
  # headers). TORCH_CUDA_ARCH_LIST only quiets the wheel's CMake, which otherwise asks the (absent)
  # GPU for its architecture.
  # shellcheck disable=SC2086
  TORCH_CUDA_ARCH_LIST="${TORCH_CUDA_ARCH_LIST:-9.0}" cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_PREFIX_PATH="$prefix" -DZSI_REFERENCE_PYTHON="$python" ${CMAKE_ARGS:-}
fi
cmake --build "$build" -j "$jobs"
echo "torch-build.sh: build finished in $(( $(date +%s) - start )) s"

if [ "$what" = test ]; then
  cd "$build"
  exec ctest --output-on-failure -L "${ZSI_TORCH_TEST_LABELS:-unit|model|reference}" -LE "fuzz|gui" -j "$jobs" --timeout 900
fi
