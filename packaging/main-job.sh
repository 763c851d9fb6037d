#!/usr/bin/env bash
# The main job on a built tree: zero-shot instance segmentation of the embedded demo with the
# committed demo model (docs/DEMO.md). With a display, the studio opens on a demo test set with the
# model and the demo class set loaded; without one, the same pipeline runs headless (generate,
# infer, evaluate, overlays, a rendered screenshot when the studio was built) and every output is
# named at the end.
#
# Usage: packaging/main-job.sh [BUILD_DIR]   (default: build)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-build}
case "$build" in /*) ;; *) build="$here/$build" ;; esac
zsi="$build/bin/zsi"
studio="$build/bin/zsi-studio"
model="$here/models/demo/demo_model.safetensors"
classes="$here/models/demo/demo_classes.json"
out="$build/main-job"
data="$out/demo-test"

[ -x "$zsi" ] || { echo "main-job: $zsi is missing: build first (packaging/setup.sh run)" >&2; exit 1; }
[ -f "$model" ] || { echo "main-job: the demo model $model is missing" >&2; exit 1; }
mkdir -p "$out"

# The test scenes: seed 1001 is never used for training (the model was trained on seed 1).
if [ ! -f "$data/test_gzsi.json" ]; then
  echo "Generating the demo test set (seed 1001, 300 scenes) in $data"
  "$zsi" demo make-data --out "$data" --seed 1001 --images 300 --quiet
fi

if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ -x "$studio" ]; then
  exec "$studio" --open "$data/test_gzsi.json" --images "$data/images" --model "$model" --classes "$classes"
fi

if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then echo "No studio in $build/bin: running the demo headless."; else echo "No display: running the demo headless."; fi
"$zsi" --version
# ZSI: unseen classes only, on the scenes with unseen objects; GZSI: all classes. The model's own
# test-time defaults apply (direct scoring, separate seen/unseen NMS: docs/RESULTS.md).
"$zsi" infer --model "$model" --classes "$classes" --coco "$data/test_zsi.json" --images "$data/images" \
  --mode zsi --out "$out/results_zsi.json" --overlays "$out/overlays_zsi" --progress 0
"$zsi" infer --model "$model" --classes "$classes" --coco "$data/test_gzsi.json" --images "$data/images" \
  --mode gzsi --out "$out/results_gzsi.json" --overlays "$out/overlays_gzsi" --progress 0
"$zsi" eval --gt "$data/test_zsi.json" --dt "$out/results_zsi.json" --iou-type segm --protocol zsi \
  --split "$data/split.json" --classes unseen --json "$out/eval_zsi_segm.json" | tee "$out/eval_zsi_segm.txt"
"$zsi" eval --gt "$data/test_gzsi.json" --dt "$out/results_gzsi.json" --iou-type segm --protocol zsi \
  --split "$data/split.json" --gzsi --json "$out/eval_gzsi_segm.json" | tee "$out/eval_gzsi_segm.txt"
shot=""
if [ -x "$studio" ]; then
  # ZSI mode, so that the screenshot shows the unseen classes the model never trained on.
  QT_QPA_PLATFORM=offscreen "$studio" --open "$data/test_zsi.json" --images "$data/images" --model "$model" \
    --classes "$classes" --mode zsi --infer --screenshot "$out/studio.png" && shot="$out/studio.png"
fi

echo
echo "Outputs:"
echo "  demo test set:        $data/ (images/, test_zsi.json, test_gzsi.json, classes.json)"
echo "  ZSI results:          $out/results_zsi.json"
echo "  GZSI results:         $out/results_gzsi.json"
echo "  ZSI overlays:         $out/overlays_zsi/ ($(find "$out/overlays_zsi" -name '*.png' | wc -l) PNG)"
echo "  GZSI overlays:        $out/overlays_gzsi/ ($(find "$out/overlays_gzsi" -name '*.png' | wc -l) PNG)"
echo "  ZSI evaluation:       $out/eval_zsi_segm.txt, $out/eval_zsi_segm.json"
echo "  GZSI evaluation:      $out/eval_gzsi_segm.txt, $out/eval_gzsi_segm.json"
[ -n "$shot" ] && echo "  studio screenshot:    $shot"
exit 0
