#!/usr/bin/env bash
# One entry point for a fresh Debian 12 machine (see README):
#   packaging/setup.sh run    install dependencies, build, run the main job
#   packaging/setup.sh test   install dependencies (and the Python references), build, run every
#                             test (all labels but fuzz)
#   packaging/setup.sh build  install dependencies and build only
# Environment: BUILD_DIR (default build), JOBS (default: number of cores), CMAKE_ARGS (extra).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
what=${1:-}
case "$what" in run|test|build) ;; *) sed -n '2,8p' "$0"; exit 2 ;; esac

build=${BUILD_DIR:-build}
jobs=${JOBS:-$(nproc)}

packaging/deps.sh
# The tests compare with pycocotools and torchvision in the same run (label `reference`): they need
# the Python environment of packaging/torch-env.sh (a cached download, about 5.5 GB installed).
reference=()
if [ "$what" = test ]; then
  reference=(-DZSI_REFERENCE_PYTHON="$(packaging/torch-env.sh)")
fi

start=$(date +%s)
if [ ! -f "$build/build.ninja" ]; then
  # shellcheck disable=SC2086
  cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release "${reference[@]}" ${CMAKE_ARGS:-}
elif [ ${#reference[@]} -gt 0 ]; then
  cmake "$build" "${reference[@]}" >/dev/null
fi
cmake --build "$build" -j "$jobs"
echo "setup.sh: build finished in $(( $(date +%s) - start )) s"

case "$what" in
  build) exit 0 ;;
  test)
    cd "$build"
    exec ctest --output-on-failure -LE fuzz -j "$jobs" --timeout 900
    ;;
  run)
    exec packaging/main-job.sh "$build"
    ;;
esac
