#pragma once
// Hand-made evaluation inputs for the eval tests: boxes on one or a few images.

#include <array>
#include <cstdint>

#include "core/eval/EvalInput.h"

namespace zsi::test {

inline EvalGroundTruth gtBox(std::int64_t id, std::int64_t image, std::int64_t category,
                             std::array<double, 4> box, bool crowd = false) {
  EvalGroundTruth g;
  g.id = id;
  g.imageId = image;
  g.categoryId = category;
  g.bbox = box;
  g.area = box[2] * box[3];
  g.iscrowd = crowd;
  return g;
}

inline EvalDetection dtBox(std::int64_t image, std::int64_t category, std::array<double, 4> box,
                           double score) {
  EvalDetection d;
  d.imageId = image;
  d.categoryId = category;
  d.bbox = box;
  d.area = box[2] * box[3];
  d.score = score;
  return d;
}

}  // namespace zsi::test
