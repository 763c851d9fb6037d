#pragma once
// The outline of each demo shape in its own frame (centre at the origin, "radius" 1, pointing
// up), and the exact pixel set of a placed shape: a pixel belongs to it when its centre lies
// inside (hard edges). The mask of an object is therefore exactly the pixels it paints; nothing
// is anti-aliased. Sizes are chosen so all shapes of one radius have similar areas (2.1-3.1).

#include <cstdint>
#include <vector>

#include "core/demo/DemoCatalog.h"

namespace zsi {

struct DemoPlacement {
  DemoShapeKind kind = DemoShapeKind::Circle;
  double cx = 0, cy = 0;  // centre, pixels (pixel (x, y) has its centre at x + 0.5, y + 0.5)
  double radius = 1;      // pixels
  double angle = 0;       // radians, counter-clockwise on screen
};

// Pixels of a placed shape inside a width x height image, as a box and a row-major 0/1 mask of
// that box. `fullArea` also counts the pixels that fall outside the image.
struct DemoShapePixels {
  int x0 = 0, y0 = 0, w = 0, h = 0;
  std::vector<std::uint8_t> inside;  // w * h
  std::int64_t area = 0;             // pixels inside the image
  std::int64_t fullArea = 0;         // pixels, wherever they fall

  bool contains(int x, int y) const {
    return x >= x0 && y >= y0 && x < x0 + w && y < y0 + h &&
           inside[static_cast<std::size_t>(y - y0) * w + (x - x0)] != 0;
  }
};

class DemoShapeGeometry {
 public:
  // Distance from the centre to the farthest point of the outline, in units of the radius.
  static double extent(DemoShapeKind kind);
  // Whether the point (u, v) of the shape's own frame (v pointing up) is inside.
  static bool insideLocal(DemoShapeKind kind, double u, double v);
  static DemoShapePixels rasterise(const DemoPlacement& p, int width, int height);
};

}  // namespace zsi
