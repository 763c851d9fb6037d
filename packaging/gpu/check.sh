#!/usr/bin/env bash
# The GPU checks of issues 6 and 9, as one prepared run on the GPU server (../shared/gpu.md):
#   build  the engine, `zsi`, the device tests and bench_detector against the PyTorch wheel's CUDA
#          LibTorch (UI and OpenCV off; the other dependencies from .gpukit, see prepare.sh)
#   test   the engine and training tests on CUDA (ZSI_TEST_DEVICE=cuda)
#   bench  bench_detector and torchvision_reference.py at 800x1216 in the same run, then a short
#          bf16 `zsi train` run (models/train/demo_r50_cuda.json) on 800x800 demo scenes
# and prints a table (packaging/gpu/report.py). Logs and JSON go to $OUT (default: gpu-out/).
#
#   packaging/gpu/check.sh [build] [test] [bench]      (no argument: all three)
#
# Each stage goes on after a failure of the one before where it can; the exit status is that of
# the first failure. For a dry run on a CPU machine (what CI cannot do, a developer can):
#   ZSI_GPU_DEVICE=cpu TORCH_PREFIX=/usr/lib/x86_64-linux-gnu/cmake \
#   ZSI_GPU_BENCH_ARGS="--size 64x96 --iters 1 --warmup 0 --batches 1 --train-batch 1" \
#   ZSI_GPU_OURS_ARGS="--config models/configs/small_cpu.json --threads 2" \
#   ZSI_GPU_DEMO_SIZE=96 ZSI_GPU_TRAIN_ARGS="--max-iters 2" packaging/gpu/check.sh
set -uo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
kit="$root/.gpukit"
out="${OUT:-$root/gpu-out}"
build="${ZSI_GPU_BUILD:-$root/build-gpu}"
device="${ZSI_GPU_DEVICE:-cuda}"
prefix=/tmp/zsi-gpu-deps
mkdir -p "$out"
stages=("$@")
[ ${#stages[@]} -eq 0 ] && stages=(build test bench)
status=0
fail() { echo "check.sh: $*" >&2; [ $status -ne 0 ] || status=1; }
say() { echo "== $(date -u +%H:%M:%S) $*"; }

device_tests="${ZSI_GPU_TESTS:-^(test_engine_ops|test_engine_model|test_engine_overfit|test_contrastive_training|test_train_model|test_train_demo_model)$}"

stage_build() {
  [ -d "$kit/debs" ] || { fail "no $kit/debs: run packaging/gpu/prepare.sh here and carry .gpukit"; return; }
  rm -rf "$prefix" && mkdir -p "$prefix"
  for f in "$kit"/debs/*.deb; do dpkg -x "$f" "$prefix"; done
  local lib="$prefix/usr/lib/x86_64-linux-gnu" torch_prefix
  # The torch package folder after its CMake folder, as packaging/torch-build.sh does; the C++
  # standard, CUDA and fmt follow the LibTorch found (packaging/cmake/ZsiTorch.cmake).
  torch_prefix="${TORCH_PREFIX:-$(python3 -c 'import os, torch; print(torch.utils.cmake_prefix_path + ";" + os.path.dirname(torch.__file__))')}" \
    || { fail "python3 has no torch (or set TORCH_PREFIX)"; return; }
  say "configure (LibTorch from $torch_prefix)"
  cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DZSI_BUILD_UI=OFF -DZSI_WITH_OPENCV=OFF \
    -DCMAKE_PREFIX_PATH="$torch_prefix;$prefix/usr" \
    -Dfmt_DIR="$lib/cmake/fmt" -Dsimdjson_DIR="$lib/cmake/simdjson" \
    -Dnlohmann_json_DIR="$prefix/usr/share/cmake/nlohmann_json" -DCLI11_DIR="$prefix/usr/share/cmake/CLI11" \
    -DZLIB_INCLUDE_DIR="$prefix/usr/include" -DZLIB_LIBRARY="$lib/libz.a" \
    -DZSI_SHARED_DATA_DIR="$kit/data" >"$out/build.log" 2>&1 || { tail -30 "$out/build.log"; fail "configure failed"; return; }
  say "build"
  ninja -C "$build" zsi bench_detector test_engine_ops test_engine_model test_engine_overfit \
    test_contrastive_training test_train_model test_train_demo_model >>"$out/build.log" 2>&1 \
    || { grep -E "error|FAILED" "$out/build.log" | head -40; fail "build failed"; return; }
  "$build/bin/zsi" --version
}

stage_test() {
  [ -x "$build/bin/zsi" ] || { fail "not built"; return; }
  say "device tests on $device"
  (cd "$build" && ZSI_TEST_DEVICE=$device ctest -R "$device_tests" -j3 --output-on-failure) 2>&1 | tee "$out/ctest-cuda.log"
  [ "${PIPESTATUS[0]}" -eq 0 ] || fail "device tests failed"
}

stage_bench() {
  [ -x "$build/bin/bench_detector" ] || { fail "not built"; return; }
  say "bench_detector"
  # shellcheck disable=SC2086
  "$build/bin/bench_detector" --device "$device" ${ZSI_GPU_BENCH_ARGS:-} ${ZSI_GPU_OURS_ARGS:-} \
    --json "$out/bench_detector.json" \
    || fail "bench_detector failed"
  say "torchvision reference"
  # shellcheck disable=SC2086
  python3 core/bench/torchvision_reference.py --device "$device" ${ZSI_GPU_BENCH_ARGS:-} \
    --json "$out/torchvision_reference.json" \
    || fail "torchvision_reference.py failed"
  say "zsi train, ResNet-50, bf16 (on CUDA), demo scenes"
  local data=/tmp/zsi-gpu-demo800 run=/tmp/zsi-gpu-train
  rm -rf "$data" "$run"
  "$build/bin/zsi" demo make-data --out "$data" --size "${ZSI_GPU_DEMO_SIZE:-800}" --images 200 --seed 9 --quiet \
    || fail "make-data failed"
  # shellcheck disable=SC2086
  "$build/bin/zsi" train --config models/train/demo_r50_cuda.json --data "$data/train.json" --images "$data/images" \
    --out "$run" --device "$device" --progress 0 ${ZSI_GPU_TRAIN_ARGS:-} >"$out/train.log" 2>&1 || { tail -20 "$out/train.log"; fail "zsi train failed"; }
  cp "$run/metrics.jsonl" "$out/train_metrics.jsonl" 2>/dev/null
  {
    echo "commit $(cat "$kit/commit" 2>/dev/null || echo unknown), $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) CPU cores"
    nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>/dev/null
    python3 packaging/gpu/report.py "$out"
  } | tee "$out/report.md"
}

# The device is lent for minutes: the whole run has a budget (ZSI_GPU_BUDGET_S, default 540 s, under
# the device tool's 600 s per call); a stage that would start with less than its usual need left is
# skipped and said so, so that the report still comes back.
budget=${ZSI_GPU_BUDGET_S:-540}
t0=$(date +%s)
need() { # stage, seconds it usually needs
  local left=$(( budget - ($(date +%s) - t0) ))
  [ "$left" -ge "$2" ] && return 0
  fail "skipped stage $1: ${left} s of the ${budget} s budget left, it needs about $2 s"
  return 1
}
for s in "${stages[@]}"; do
  case "$s" in
    build) need build 60 && stage_build ;;
    test) need test 60 && stage_test ;;
    bench) need bench 120 && stage_bench ;;
    *) fail "unknown stage '$s' (build, test, bench)" ;;
  esac
done
say "done, status $status"
exit $status
