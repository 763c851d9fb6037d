// Outline tracing along pixel edges (a "crack" walk) around each 4-connected component.
//
// The walk stands on pixel corners and keeps the component on its right. At each corner it looks
// at the two pixels ahead: if the right one is outside the component it turns right, else if the
// left one is inside it turns left, else it goes on. Treating a diagonal neighbour as outside
// (the right-turn rule fires first) is what makes components 4-connected, matching the labelling.
// Vertices are recorded only where the walk turns, so straight runs cost one vertex.

#include "core/coco/MaskPolygons.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace zsi {
namespace {

struct Component {
  std::uint32_t startX = 0, startY = 0;  // first pixel in row-major order: top row, leftmost
  std::uint64_t pixels = 0;
  std::int32_t label = 0;
};

// 4-connected labelling with an explicit stack (no recursion: a component may span the image).
std::vector<Component> labelComponents(const std::uint8_t* m, std::uint32_t h, std::uint32_t w,
                                       std::vector<std::int32_t>& labels) {
  labels.assign(static_cast<std::size_t>(h) * w, 0);
  std::vector<Component> out;
  std::vector<std::size_t> stack;
  for (std::uint32_t y = 0; y < h; ++y) {
    for (std::uint32_t x = 0; x < w; ++x) {
      const std::size_t i = static_cast<std::size_t>(y) * w + x;
      if (!m[i] || labels[i]) continue;
      Component c;
      c.label = static_cast<std::int32_t>(out.size()) + 1;
      c.startX = x;
      c.startY = y;
      labels[i] = c.label;
      stack.push_back(i);
      while (!stack.empty()) {
        const std::size_t p = stack.back();
        stack.pop_back();
        ++c.pixels;
        const std::uint32_t px = static_cast<std::uint32_t>(p % w), py = static_cast<std::uint32_t>(p / w);
        auto visit = [&](std::size_t q) {
          if (m[q] && !labels[q]) {
            labels[q] = c.label;
            stack.push_back(q);
          }
        };
        if (px > 0) visit(p - 1);
        if (px + 1 < w) visit(p + 1);
        if (py > 0) visit(p - w);
        if (py + 1 < h) visit(p + w);
      }
      out.push_back(c);
    }
  }
  return out;
}

// Directions E, S, W, N (image coordinates: y grows downwards); right turn = +1.
constexpr int kDx[4] = {1, 0, -1, 0};
constexpr int kDy[4] = {0, 1, 0, -1};
// Pixel offsets, relative to the corner, of the pixel ahead-right and ahead-left of a heading.
constexpr int kRightDx[4] = {0, -1, -1, 0};
constexpr int kRightDy[4] = {0, 0, -1, -1};
constexpr int kLeftDx[4] = {0, 0, -1, -1};
constexpr int kLeftDy[4] = {-1, 0, 0, -1};

std::vector<double> traceOutline(const std::vector<std::int32_t>& labels, std::uint32_t h,
                                 std::uint32_t w, const Component& c) {
  auto inside = [&](std::int64_t x, std::int64_t y) {
    return x >= 0 && y >= 0 && x < w && y < h &&
           labels[static_cast<std::size_t>(y) * w + static_cast<std::size_t>(x)] == c.label;
  };
  const std::int64_t x0 = c.startX, y0 = c.startY;
  std::int64_t x = x0, y = y0;
  int d = 0;  // east along the top edge of the start pixel; nothing of the component is above it
  std::vector<double> xy{static_cast<double>(x0), static_cast<double>(y0)};
  for (;;) {
    x += kDx[d];
    y += kDy[d];
    int next = d;
    if (!inside(x + kRightDx[d], y + kRightDy[d])) {
      next = (d + 1) & 3;
    } else if (inside(x + kLeftDx[d], y + kLeftDy[d])) {
      next = (d + 3) & 3;
    }
    // The start corner touches only the start pixel of the component, so the walk reaches it
    // once, at the end, turning east again.
    if (x == x0 && y == y0) break;
    if (next != d) {
      xy.push_back(static_cast<double>(x));
      xy.push_back(static_cast<double>(y));
    }
    d = next;
  }
  return xy;
}

double pointSegmentDistance(const double* p, const double* a, const double* b) {
  const double vx = b[0] - a[0], vy = b[1] - a[1];
  const double len2 = vx * vx + vy * vy;
  double t = len2 > 0 ? ((p[0] - a[0]) * vx + (p[1] - a[1]) * vy) / len2 : 0.0;
  t = std::clamp(t, 0.0, 1.0);
  const double dx = a[0] + t * vx - p[0], dy = a[1] + t * vy - p[1];
  return std::sqrt(dx * dx + dy * dy);
}

// Douglas-Peucker on the open chain pts[first..last] (point indices), marking kept points.
void simplifyChain(const std::vector<double>& xy, std::size_t first, std::size_t last,
                   double tolerance, std::vector<std::uint8_t>& keep) {
  std::vector<std::pair<std::size_t, std::size_t>> work{{first, last}};
  while (!work.empty()) {
    auto [a, b] = work.back();
    work.pop_back();
    if (b <= a + 1) continue;
    double worst = -1;
    std::size_t at = a;
    for (std::size_t i = a + 1; i < b; ++i) {
      const double dist = pointSegmentDistance(&xy[2 * i], &xy[2 * a], &xy[2 * (b % (xy.size() / 2))]);
      if (dist > worst) {
        worst = dist;
        at = i;
      }
    }
    if (worst > tolerance) {
      keep[at] = 1;
      work.emplace_back(a, at);
      work.emplace_back(at, b);
    }
  }
}

std::vector<double> simplifyClosed(const std::vector<double>& xy, double tolerance) {
  const std::size_t n = xy.size() / 2;
  if (tolerance <= 0 || n <= 4) return xy;
  // Split the ring at point 0 and the point farthest from it; simplify both halves.
  std::size_t far = 0;
  double best = -1;
  for (std::size_t i = 1; i < n; ++i) {
    const double dx = xy[2 * i] - xy[0], dy = xy[2 * i + 1] - xy[1];
    if (dx * dx + dy * dy > best) {
      best = dx * dx + dy * dy;
      far = i;
    }
  }
  std::vector<std::uint8_t> keep(n, 0);
  keep[0] = keep[far] = 1;
  simplifyChain(xy, 0, far, tolerance, keep);
  simplifyChain(xy, far, n, tolerance, keep);  // index n wraps to point 0
  std::vector<double> out;
  for (std::size_t i = 0; i < n; ++i) {
    if (keep[i]) {
      out.push_back(xy[2 * i]);
      out.push_back(xy[2 * i + 1]);
    }
  }
  // A part needs at least 3 points for pycocotools; a sliver simplified below that keeps its
  // exact outline instead.
  return out.size() >= 6 ? out : xy;
}

}  // namespace

std::vector<std::vector<double>> maskToPolygons(const std::uint8_t* rowMajorMask, std::uint32_t h,
                                                std::uint32_t w, const MaskPolygonOptions& options) {
  std::vector<std::vector<double>> out;
  if (h == 0 || w == 0) return out;
  std::vector<std::int32_t> labels;
  auto components = labelComponents(rowMajorMask, h, w, labels);
  std::stable_sort(components.begin(), components.end(),
                   [](const Component& a, const Component& b) { return a.pixels > b.pixels; });
  for (const auto& c : components) {
    if (c.pixels < options.minComponentPixels) continue;
    out.push_back(simplifyClosed(traceOutline(labels, h, w, c), options.tolerance));
  }
  return out;
}

Result<std::vector<std::vector<double>>> rleToPolygons(const Rle& rle,
                                                       const MaskPolygonOptions& options) {
  auto mask = rleDecodeRowMajor(rle);
  if (!mask.ok()) return mask.error();
  return maskToPolygons(mask->data(), rle.h, rle.w, options);
}

Rle polygonsToRle(const std::vector<std::vector<double>>& polygons, std::uint32_t h,
                  std::uint32_t w) {
  std::vector<const double*> parts;
  std::vector<std::size_t> counts;
  for (const auto& p : polygons) {
    parts.push_back(p.data());
    counts.push_back(p.size());
  }
  return rleFromPolygonParts(parts, counts, h, w);
}

}  // namespace zsi
