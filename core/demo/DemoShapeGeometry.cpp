#include "core/demo/DemoShapeGeometry.h"

#include <algorithm>
#include <array>
#include <cmath>

#include "core/demo/DemoMath.h"

namespace zsi {
namespace {

using demomath::kPi;

struct Polygon {
  std::vector<double> u, v;
};

Polygon regular(int n, double r) {
  Polygon p;
  for (int k = 0; k < n; ++k) {
    const double a = kPi / 2 + 2 * kPi * k / n;
    p.u.push_back(r * demomath::cos(a));
    p.v.push_back(r * demomath::sin(a));
  }
  return p;
}

Polygon star(double outer, double inner) {
  Polygon p;
  for (int k = 0; k < 10; ++k) {
    const double a = kPi / 2 + kPi * k / 5;
    const double r = (k % 2 == 0) ? outer : inner;
    p.u.push_back(r * demomath::cos(a));
    p.v.push_back(r * demomath::sin(a));
  }
  return p;
}

constexpr double kSquareHalf = 0.85;
constexpr double kTriangleR = 1.3;
constexpr double kStarOuter = 1.3, kStarInner = 0.55;
constexpr double kHexagonR = 1.05;
constexpr double kCrossArm = 1.1, kCrossHalfWidth = 0.37;

const Polygon& polygonOf(DemoShapeKind kind) {
  static const Polygon triangle = regular(3, kTriangleR);
  static const Polygon starShape = star(kStarOuter, kStarInner);
  static const Polygon hexagon = regular(6, kHexagonR);
  return kind == DemoShapeKind::Triangle ? triangle : kind == DemoShapeKind::Star ? starShape : hexagon;
}

// Even-odd crossing test.
bool insidePolygon(const Polygon& p, double u, double v) {
  bool in = false;
  const std::size_t n = p.u.size();
  for (std::size_t i = 0, j = n - 1; i < n; j = i++) {
    if ((p.v[i] > v) != (p.v[j] > v)) {
      const double uCross = p.u[j] + (v - p.v[j]) * (p.u[i] - p.u[j]) / (p.v[i] - p.v[j]);
      if (u < uCross) in = !in;
    }
  }
  return in;
}

}  // namespace

double DemoShapeGeometry::extent(DemoShapeKind kind) {
  switch (kind) {
    case DemoShapeKind::Circle: return 1.0;
    case DemoShapeKind::Square: return kSquareHalf * std::sqrt(2.0);
    case DemoShapeKind::Triangle: return kTriangleR;
    case DemoShapeKind::Star: return kStarOuter;
    case DemoShapeKind::Hexagon: return kHexagonR;
    case DemoShapeKind::Cross: return std::sqrt(kCrossArm * kCrossArm + kCrossHalfWidth * kCrossHalfWidth);
  }
  return 1.5;
}

bool DemoShapeGeometry::insideLocal(DemoShapeKind kind, double u, double v) {
  switch (kind) {
    case DemoShapeKind::Circle: return u * u + v * v <= 1.0;
    case DemoShapeKind::Square: return std::fabs(u) <= kSquareHalf && std::fabs(v) <= kSquareHalf;
    case DemoShapeKind::Cross: {
      const double au = std::fabs(u), av = std::fabs(v);
      return (au <= kCrossArm && av <= kCrossHalfWidth) || (av <= kCrossArm && au <= kCrossHalfWidth);
    }
    case DemoShapeKind::Triangle:
    case DemoShapeKind::Star:
    case DemoShapeKind::Hexagon: return insidePolygon(polygonOf(kind), u, v);
  }
  return false;
}

DemoShapePixels DemoShapeGeometry::rasterise(const DemoPlacement& p, int width, int height) {
  DemoShapePixels out;
  const double reach = extent(p.kind) * p.radius + 1.0;
  // The unclipped box, so that fullArea counts what falls outside the image too.
  const int bx0 = static_cast<int>(std::floor(p.cx - reach));
  const int by0 = static_cast<int>(std::floor(p.cy - reach));
  const int bx1 = static_cast<int>(std::ceil(p.cx + reach));
  const int by1 = static_cast<int>(std::ceil(p.cy + reach));
  out.x0 = std::max(bx0, 0);
  out.y0 = std::max(by0, 0);
  out.w = std::max(0, std::min(bx1, width) - out.x0);
  out.h = std::max(0, std::min(by1, height) - out.y0);
  out.inside.assign(static_cast<std::size_t>(out.w) * out.h, 0);
  // Screen y grows downwards; the shape's frame has v up. Rotating the pixel by -angle into the
  // frame turns the shape by +angle (counter-clockwise as seen).
  const double c = demomath::cos(p.angle), s = demomath::sin(p.angle);
  const double inv = 1.0 / p.radius;
  for (int y = by0; y < by1; ++y) {
    const double dy = -(y + 0.5 - p.cy);
    for (int x = bx0; x < bx1; ++x) {
      const double dx = x + 0.5 - p.cx;
      const double u = (c * dx + s * dy) * inv;
      const double v = (-s * dx + c * dy) * inv;
      if (!insideLocal(p.kind, u, v)) continue;
      ++out.fullArea;
      if (x < out.x0 || y < out.y0 || x >= out.x0 + out.w || y >= out.y0 + out.h) continue;
      out.inside[static_cast<std::size_t>(y - out.y0) * out.w + (x - out.x0)] = 1;
      ++out.area;
    }
  }
  return out;
}

}  // namespace zsi
