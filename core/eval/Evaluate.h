#pragma once
// COCO evaluation with pycocotools' COCOeval semantics (evaluate + accumulate), multi-threaded.
// Work is split in two phases: matching per (image, category) cell, then accumulation per
// category. Memory is bounded by the data: one byte per detection and (area range, IoU
// threshold), never images x categories x thresholds x detections.
//
// Thread-safe: evaluate() touches no shared state; it starts its own worker threads.

#include "core/eval/EvalInput.h"
#include "core/eval/EvalParams.h"
#include "core/eval/EvalResult.h"
#include "core/util/Progress.h"
#include "core/util/Result.h"

namespace zsi {

struct EvalOptions {
  unsigned threads = 0;  // 0: one per hardware thread
  Progress progress;     // fraction in [0, 1]; cancel returns Error(kCancelledMessage)
};

// Images evaluated: params.imageIds, or input.imageIds (or, when both are empty, the images of
// the ground truth). Categories: params.categoryIds, or input.categories (or those of the ground
// truth). Objects of other images or categories are left out, as COCOeval does.
Result<EvalResult> evaluate(const EvalInput& input, const EvalParams& params,
                            const EvalOptions& options = {});

}  // namespace zsi
