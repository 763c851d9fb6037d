#pragma once
// An annotation made in the studio (an accepted prediction), kept beside the loaded dataset's
// own annotations until export. Plain C++.

#include <array>
#include <cstdint>
#include <string>

#include "core/coco/Rle.h"

namespace zsi::ui {

struct UserAnnotation {
  std::int64_t id = 0;          // unique in the working dataset (after the loaded ids)
  std::size_t imageIndex = 0;   // index in the dataset's images
  std::string className;
  Rle mask;                     // full image, pycocotools layout; empty h/w when box only
  std::array<double, 4> bbox{}; // x, y, w, h
  double area = 0;              // mask pixels, or box area when there is no mask
  double score = -1;            // the prediction's score
  bool deleted = false;
};

}  // namespace zsi::ui
