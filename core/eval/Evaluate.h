#pragma once
// COCO evaluation with pycocotools' COCOeval semantics (evaluate + accumulate), multi-threaded.
// Work is split in two phases: matching per (image, category) cell, then accumulation per
// category. Memory is bounded by the data: one byte per detection and (area range, IoU
// threshold), never images x categories x thresholds x detections.
//
// Thread-safe: evaluate() touches no shared state; it starts its own worker threads.

#include <cstdint>
#include <vector>

#include "core/eval/EvalInput.h"
#include "core/eval/EvalParams.h"
#include "core/eval/EvalResult.h"
#include "core/util/Progress.h"
#include "core/util/Result.h"

namespace zsi {

// COCOeval.evalImgs for one (category, image) pair with ground truth or detections, every area
// range at once. Only recorded when asked for (EvalOptions::imageMatches): the reference tests
// compare it with pycocotools' dtMatches/gtMatches/dtIgnore/gtIgnore.
struct EvalImageMatches {
  std::int64_t categoryId = 0;
  std::int64_t imageId = 0;
  std::vector<std::uint32_t> detections;   // indices into EvalInput::detections, by score, cut
  std::vector<std::uint32_t> groundTruth;  // indices into EvalInput::groundTruth, file order
  std::vector<std::int32_t> matchedGt;     // [A][T][D]: index into groundTruth above, -1: none
  std::vector<std::uint8_t> dtIgnored;     // [A][T][D]: the detection is ignored (neither TP nor FP)
  std::vector<std::uint8_t> gtIgnored;     // [A][G]: crowd or outside the area range
};

struct EvalOptions {
  unsigned threads = 0;  // 0: one per hardware thread
  Progress progress;     // fraction in [0, 1]; cancel returns Error(kCancelledMessage)
  // When set, filled with one entry per (category, image) pair that has ground truth or
  // detections, sorted by category then image. Costs memory; for tests and debugging.
  std::vector<EvalImageMatches>* imageMatches = nullptr;
};

// Images evaluated: params.imageIds, or input.imageIds (or, when both are empty, the images of
// the ground truth). Categories: params.categoryIds, or input.categories (or those of the ground
// truth). Objects of other images or categories are left out, as COCOeval does.
Result<EvalResult> evaluate(const EvalInput& input, const EvalParams& params,
                            const EvalOptions& options = {});

}  // namespace zsi
