// Shape rasterisation: pixel-centre membership, areas close to the analytic ones, rotation
// changing the pixels but hardly the area, and clipping at the image border counted apart.

#include <cmath>

#include "core/demo/DemoShapeGeometry.h"
#include "tests/harness/ZsiTest.h"

using namespace zsi;

namespace {

constexpr double kPi = 3.14159265358979323846;

// Analytic areas at radius 1 (see the constants in DemoShapeGeometry.cpp).
double unitArea(DemoShapeKind k) {
  switch (k) {
    case DemoShapeKind::Circle: return kPi;
    case DemoShapeKind::Square: return 4 * 0.85 * 0.85;
    case DemoShapeKind::Triangle: return 3 * std::sqrt(3.0) / 4 * 1.3 * 1.3;
    case DemoShapeKind::Star: return 5 * 1.3 * 0.55 * std::sin(kPi / 5);
    case DemoShapeKind::Hexagon: return 3 * std::sqrt(3.0) / 2 * 1.05 * 1.05;
    case DemoShapeKind::Cross: return 2 * (2 * 1.1) * (2 * 0.37) - (2 * 0.37) * (2 * 0.37);
  }
  return 0;
}

const DemoShapeKind kAll[] = {DemoShapeKind::Circle, DemoShapeKind::Square, DemoShapeKind::Triangle,
                              DemoShapeKind::Star,   DemoShapeKind::Hexagon, DemoShapeKind::Cross};

}  // namespace

ZSI_TEST(demo_shape_areas_match_the_outlines) {
  for (DemoShapeKind k : kAll) {
    for (double angle : {0.0, 0.3, 1.0, 2.5}) {
      DemoPlacement p;
      p.kind = k;
      p.cx = 100.3;
      p.cy = 99.7;
      p.radius = 30;
      p.angle = angle;
      const DemoShapePixels px = DemoShapeGeometry::rasterise(p, 200, 200);
      ZSI_CHECK_EQ(px.area, px.fullArea);
      const double expected = unitArea(k) * 900;
      ZSI_CHECK_NEAR(static_cast<double>(px.area), expected, expected * 0.02);
      ZSI_CHECK(px.area >= static_cast<std::int64_t>(2.0 * 900));  // no shape is tiny at its radius
      // Every pixel lies within the extent of the centre.
      const double reach = DemoShapeGeometry::extent(k) * p.radius + 0.75;
      for (int y = 0; y < 200; ++y)
        for (int x = 0; x < 200; ++x)
          if (px.contains(x, y)) ZSI_REQUIRE(std::hypot(x + 0.5 - p.cx, y + 0.5 - p.cy) <= reach);
    }
  }
}

ZSI_TEST(demo_shape_frames_point_up_and_turn) {
  for (DemoShapeKind k : kAll) {
    ZSI_CHECK(DemoShapeGeometry::insideLocal(k, 0, 0));
    ZSI_CHECK(!DemoShapeGeometry::insideLocal(k, 2, 2));
  }
  // The star's top point is inside, the notch beside it below the outer radius is not.
  ZSI_CHECK(DemoShapeGeometry::insideLocal(DemoShapeKind::Star, 0, 1.25));
  ZSI_CHECK(!DemoShapeGeometry::insideLocal(DemoShapeKind::Star, 0, -1.25));
  ZSI_CHECK(DemoShapeGeometry::insideLocal(DemoShapeKind::Triangle, 0, 1.2));
  ZSI_CHECK(!DemoShapeGeometry::insideLocal(DemoShapeKind::Triangle, 0, -1.2));
  // A triangle pointing up on screen has its tip above (smaller y) its centre; turned by pi, below.
  DemoPlacement p;
  p.kind = DemoShapeKind::Triangle;
  p.cx = p.cy = 50;
  p.radius = 20;
  const auto up = DemoShapeGeometry::rasterise(p, 100, 100);
  ZSI_CHECK(up.contains(50, 50 - 24));
  ZSI_CHECK(!up.contains(50, 50 + 24));
  p.angle = kPi;
  const auto down = DemoShapeGeometry::rasterise(p, 100, 100);
  ZSI_CHECK(down.contains(50, 50 + 24));
  ZSI_CHECK(!down.contains(50, 50 - 24));
}

ZSI_TEST(demo_shape_clipping_counts_pixels_outside) {
  DemoPlacement p;
  p.kind = DemoShapeKind::Square;
  p.cx = 0;  // half of it left of the image
  p.cy = 50;
  p.radius = 20;
  const auto px = DemoShapeGeometry::rasterise(p, 100, 100);
  ZSI_CHECK_EQ(px.x0, 0);
  ZSI_CHECK_NEAR(static_cast<double>(px.area), px.fullArea / 2.0, 40.0);
  p.cx = -100;  // entirely outside
  const auto gone = DemoShapeGeometry::rasterise(p, 100, 100);
  ZSI_CHECK_EQ(gone.area, 0);
  ZSI_CHECK(gone.fullArea > 0);
}
