#pragma once
// Textured, low-contrast backgrounds for the demo scenes: a gentle gradient, plus one of value
// noise, stripes or soft blobs, all mixed from low-saturation colours (each drawn with saturation
// <= 0.28, far below every object colour's minimum of 0.5), so an object is always findable by
// its colour but the background is never a flat colour a model could subtract.

#include <vector>

#include "core/demo/DemoRandom.h"

namespace zsi {

class DemoBackground {
 public:
  // width * height * 3 floats in [0, 1], row-major RGB.
  static std::vector<float> paint(DemoRandom& rng, int width, int height);
};

}  // namespace zsi
