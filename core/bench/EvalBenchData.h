#pragma once
// Synthetic COCO ground truth and results files for the evaluation benchmark: ellipse-shaped
// objects as polygons (GT), a few crowd regions as uncompressed RLE, and a fixed number of
// detections per image with compressed-RLE masks: jittered copies of the objects plus random
// false positives. Deterministic for a seed.

#include <cstdint>
#include <string>

#include "core/util/Result.h"

namespace zsi::bench {

struct EvalBenchSpec {
  int images = 5000;
  int detectionsPerImage = 100;
  int categories = 80;
  std::uint64_t seed = 2024;
};

// Writes DIR/gt.json and DIR/results.json.
Status writeEvalBenchData(const EvalBenchSpec& spec, const std::string& dir);

}  // namespace zsi::bench
