#!/usr/bin/env bash
# The contrastive-head ablation of issues 8 and 10: the demo model trained four ways with the same
# data, seed and schedule (no head = models/demo/demo_model_train.json; InfoMax; patch `views`;
# patch `semantic`), each evaluated on the same fresh test set (seed 1001, never trained on) with
# the model's own test-time defaults.
#
# Usage: models/demo/ablation/run.sh [BUILD_DIR] [WORK_DIR] [SEED...]
#   BUILD_DIR  default build (needs build/bin/zsi)
#   WORK_DIR   default BUILD_DIR/ablation: data, runs, results (resumes finished runs)
#   SEED       training seeds (default 1); several seeds give the spread of each variant
# Environment: VARIANTS="none patch_views" trains and evaluates only those (default: all four);
# smoke runs: MAX_ITERS=N stops each training after N iterations, TEST_IMAGES=N renders N test
# scenes instead of 1000; RECORD=models/demo/ablation/record.jsonl adds this run's numbers to the
# committed record of measured runs (RECORD_NOTE: the build commit and machine to keep with them)
# and prints the tables of the whole record instead of WORK_DIR's alone.
# Prints one row per run, per head the mean ± sample standard deviation (min to max) over the
# seeds, and each head's difference from `none` paired by seed (summarize.py, which also reads a
# WORK_DIR on its own). Run one training at a time: two CPU trainings side by side on 2 cores each
# ran about 10x slower, not 2x (docs/TRAINING.md).
# Cost: four trainings of about 18 minutes each on 2 idle cores per seed (`views` runs a second
# backbone pass per step, so it takes longer).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
build=${1:-build}
case "$build" in /*) ;; *) build="$root/$build" ;; esac
work=${2:-$build/ablation}
shift $(( $# > 2 ? 2 : $# ))
seeds=("$@")
[ ${#seeds[@]} -gt 0 ] || seeds=(1)
# patch_views after the others: a second backbone pass per step makes it slow.
read -r -a variants <<< "${VARIANTS:-none infomax patch_semantic patch_views}"
for v in "${variants[@]}"; do
  case "$v" in none|infomax|patch_semantic|patch_views) ;; *) echo "ablation: unknown variant '$v' in VARIANTS" >&2; exit 1 ;; esac
done
zsi="$build/bin/zsi"
classes="$root/models/demo/demo_classes.json"
[ -x "$zsi" ] || { echo "ablation: $zsi is missing: build first" >&2; exit 1; }
mkdir -p "$work/runs"

[ -f "$work/data/train.json" ] || "$zsi" demo make-data --out "$work/data" --seed 1 --images 2000 --quiet
[ -f "$work/test/test_gzsi.json" ] ||
  "$zsi" demo make-data --out "$work/test" --seed 1001 --images "${TEST_IMAGES:-1000}" --quiet

# A training config with another seed, written under WORK_DIR with its relative paths made absolute.
config_for() {
  local cfg=$1 seed=$2
  if [ "$seed" = 1 ]; then echo "$cfg"; return; fi
  local out="$work/configs/$(basename "${cfg%.json}").seed$seed.json"
  mkdir -p "$work/configs"
  python3 - "$cfg" "$seed" "$out" <<'PY'
import json, os, sys
src, seed, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
c = json.load(open(src))
here = os.path.dirname(os.path.abspath(src))
c["seed"] = seed
c["model"]["base"] = os.path.normpath(os.path.join(here, c["model"]["base"]))
c["classes"] = os.path.normpath(os.path.join(here, c["classes"]))
json.dump(c, open(out, "w"), indent=2)
PY
  echo "$out"
}

for seed in "${seeds[@]}"; do
  for variant in "${variants[@]}"; do
    cfg="$here/$variant.json"
    [ "$variant" = none ] && cfg="$root/models/demo/demo_model_train.json"
    cfg=$(config_for "$cfg" "$seed")
    run="$work/runs/$variant-seed$seed"
    if ! grep -q '"status":"finished"' "$run/metrics.jsonl" 2>/dev/null; then
      resume=()
      [ -d "$run/checkpoints" ] && resume=(--resume)
      [ -n "${MAX_ITERS:-}" ] && resume+=(--max-iters "$MAX_ITERS")
      "$zsi" train --config "$cfg" --data "$work/data/train.json" --images "$work/data/images" --out "$run" \
        --progress 0 "${resume[@]}" > "$run.log" 2>&1 || { echo "ablation: training failed, see $run.log" >&2; exit 1; }
    fi
    model="$run"  # zsi infer takes a run directory's latest checkpoint
    res="$work/results/$variant-seed$seed"
    mkdir -p "$res"
    for mode in zsi gzsi; do
      [ -f "$res/$mode.json" ] || "$zsi" infer --model "$model" --classes "$classes" --coco "$work/test/test_$mode.json" \
        --images "$work/test/images" --mode "$mode" --out "$res/$mode.json" --progress 0 > "$res/$mode.log" 2>&1 ||
        { echo "ablation: inference failed, see $res/$mode.log" >&2; exit 1; }
    done
    "$zsi" eval --gt "$work/test/test_zsi.json" --dt "$res/zsi.json" --iou-type bbox --protocol zsi \
      --split "$work/test/split.json" --classes unseen --json "$res/zsd_eval.json" > /dev/null
    "$zsi" eval --gt "$work/test/test_zsi.json" --dt "$res/zsi.json" --iou-type segm --protocol zsi \
      --split "$work/test/split.json" --classes unseen --json "$res/zsi_eval.json" > /dev/null
    "$zsi" eval --gt "$work/test/test_gzsi.json" --dt "$res/gzsi.json" --iou-type segm --protocol zsi \
      --split "$work/test/split.json" --gzsi --json "$res/gzsi_eval.json" > /dev/null
  done
done
if [ -n "${RECORD:-}" ]; then
  python3 "$here/summarize.py" --save "$RECORD" ${RECORD_NOTE:+--note "$RECORD_NOTE"} "$work" "${seeds[@]}"
else
  python3 "$here/summarize.py" "$work" "${seeds[@]}"
fi
