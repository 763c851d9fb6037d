// Polygon -> RLE with the exact pixels of pycocotools' rleFrPoly.
//
// rleFrPoly scales the vertices by 5 (rounded with (int)(5x + .5)), walks every edge on that 1/5-px
// grid and keeps the points where the walk crosses the centre line of a pixel column (x = 5c + 2.5
// in grid units); each crossing toggles the fill from a rounded-up row down the column. We compute
// the same crossings directly instead of walking every grid point: on an edge the grid x of a point
// is a monotone function of its step, so the step where it passes 5c+2 -> 5c+3 is found by formula
// (mostly-horizontal edges) or binary search (mostly-vertical ones), with the same floating-point
// expressions as the walk, hence the same rows. Only crossings inside the image are visited, so
// time and memory depend on the image width, not on how far outside the image a vertex lies.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "core/coco/Rle.h"

namespace zsi {

namespace {

// Beyond pycocotools' int range its result is undefined; we clamp so that every product below
// stays exact in double and int64.
constexpr double kMaxGrid = 1e15;

std::int64_t toGrid(double v) {
  double t = 5.0 * v + 0.5;
  t = std::max(-kMaxGrid, std::min(kMaxGrid, t));
  return static_cast<std::int64_t>(t);  // truncates toward zero, as the C cast does
}

struct Crossings {
  std::uint32_t h, w;
  std::vector<std::uint64_t> at;  // column * h + row of each toggle

  // A crossing between two consecutive walk points whose grid x are 5c+2 and 5c+3, with grid y
  // v1 and v2: the toggle starts at the rounded-up row below the smaller y.
  void add(std::int64_t column, std::int64_t v1, std::int64_t v2) {
    double yd = static_cast<double>(std::min(v1, v2));
    yd = (yd + .5) / 5 - .5;
    if (yd < 0) {
      yd = 0;
    } else if (yd > h) {
      yd = h;
    }
    yd = std::ceil(yd);
    at.push_back(static_cast<std::uint64_t>(column) * h + static_cast<std::uint64_t>(yd));
  }
};

// Columns c (0 <= c < w) with 5c+2 >= lo and 5c+3 <= hi.
void columnRange(std::int64_t lo, std::int64_t hi, std::int64_t w, std::int64_t& first,
                 std::int64_t& last) {
  // ceil((lo - 2) / 5) and floor((hi - 3) / 5) for any sign.
  auto floorDiv = [](std::int64_t a, std::int64_t b) {
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0);
  };
  first = std::max<std::int64_t>(0, -floorDiv(-(lo - 2), 5));
  last = std::min<std::int64_t>(w - 1, floorDiv(hi - 3, 5));
}

void edgeCrossings(std::int64_t xs, std::int64_t ys, std::int64_t xe, std::int64_t ye,
                   Crossings& out) {
  const std::int64_t dx = xe > xs ? xe - xs : xs - xe;
  const std::int64_t dy = ye > ys ? ye - ys : ys - ye;
  if (dx == 0 && dy == 0) return;  // a single point: no crossing inside this edge
  const bool flip = (dx >= dy && xs > xe) || (dx < dy && ys > ye);
  if (flip) {
    std::swap(xs, xe);
    std::swap(ys, ye);
  }
  const std::int64_t w = out.w;
  if (dx >= dy) {
    // Grid x = xs + t exactly for t = 0..dx; grid y = (int)(ys + s*t + .5).
    const double s = static_cast<double>(ye - ys) / static_cast<double>(dx);
    auto yAt = [&](std::int64_t t) {
      return static_cast<std::int64_t>(static_cast<double>(ys) + s * static_cast<double>(t) + .5);
    };
    std::int64_t first, last;
    columnRange(xs, xe, w, first, last);
    for (std::int64_t c = first; c <= last; ++c) {
      const std::int64_t t = 5 * c + 2 - xs;
      out.add(c, yAt(t), yAt(t + 1));
    }
    return;
  }
  // Grid y = ys + t for t = 0..dy; grid x = (int)(xs + s*t + .5), monotone in t, |s| < 1, so it
  // changes by at most one per step.
  const double s = static_cast<double>(xe - xs) / static_cast<double>(dy);
  if (s == 0) return;
  auto xAt = [&](std::int64_t t) {
    return static_cast<std::int64_t>(static_cast<double>(xs) + s * static_cast<double>(t) + .5);
  };
  const std::int64_t x0 = xAt(0), x1 = xAt(dy);
  std::int64_t first, last;
  columnRange(std::min(x0, x1), std::max(x0, x1), w, first, last);
  for (std::int64_t c = first; c <= last; ++c) {
    // The first step t whose grid x is on the far side of the 5c+2 | 5c+3 boundary.
    std::int64_t lo = 0, hi = dy;
    if (s > 0) {
      while (lo < hi) {
        const std::int64_t mid = lo + (hi - lo) / 2;
        if (xAt(mid) >= 5 * c + 3) hi = mid; else lo = mid + 1;
      }
    } else {
      while (lo < hi) {
        const std::int64_t mid = lo + (hi - lo) / 2;
        if (xAt(mid) <= 5 * c + 2) hi = mid; else lo = mid + 1;
      }
    }
    if (lo == 0) continue;  // cannot happen when both columns are in range; kept for safety
    out.add(c, ys + lo - 1, ys + lo);
  }
}

}  // namespace

std::string rleSizeTooLarge(std::uint64_t h, std::uint64_t w) {
  return "the image is " + std::to_string(w) + "x" + std::to_string(h) + " (w x h) = " + std::to_string(h * w) +
         " pixels; a COCO RLE mask holds at most 4294967295 (32-bit runs, as in pycocotools)";
}

Rle rleFromPolygon(const double* xy, std::size_t k, std::uint32_t h, std::uint32_t w) {
  Rle rle;
  rle.h = h;
  rle.w = w;
  if (h == 0 || w == 0) {
    rle.counts = {0};
    return rle;
  }
  const std::uint64_t area = static_cast<std::uint64_t>(h) * w;
  if (area > UINT32_MAX) return rle;  // runs are 32-bit, as in pycocotools: no runs at all
  for (std::size_t j = 0; j < 2 * k; ++j) {
    if (!std::isfinite(xy[j])) {
      rle.counts = {static_cast<std::uint32_t>(area)};
      return rle;
    }
  }
  Crossings crossings{h, w, {}};
  for (std::size_t j = 0; j < k; ++j) {
    const std::size_t n = (j + 1) % k;
    edgeCrossings(toGrid(xy[2 * j]), toGrid(xy[2 * j + 1]), toGrid(xy[2 * n]),
                  toGrid(xy[2 * n + 1]), crossings);
  }
  // Toggles to runs: sort, take differences; two toggles at the same pixel cancel out.
  std::vector<std::uint64_t>& a = crossings.at;
  a.push_back(area);
  std::sort(a.begin(), a.end());
  std::uint64_t previous = 0;
  for (auto& v : a) {
    const std::uint64_t t = v;
    v -= previous;
    previous = t;
  }
  std::vector<std::uint32_t>& b = rle.counts;
  b.reserve(a.size());
  std::size_t j = 0;
  b.push_back(static_cast<std::uint32_t>(a[j++]));
  while (j < a.size()) {
    if (a[j] > 0) {
      b.push_back(static_cast<std::uint32_t>(a[j++]));
    } else {
      ++j;
      if (j < a.size()) b.back() += static_cast<std::uint32_t>(a[j++]);
    }
  }
  return rle;
}

Rle rleFromBbox(const std::array<double, 4>& bb, std::uint32_t h, std::uint32_t w) {
  const double xs = bb[0], xe = xs + bb[2];
  const double ys = bb[1], ye = ys + bb[3];
  const double xy[8] = {xs, ys, xs, ye, xe, ye, xe, ys};
  return rleFromPolygon(xy, 4, h, w);
}

Result<std::vector<Rle>> rleFromPolygonList(const std::vector<const double*>& parts,
                                            const std::vector<std::size_t>& coordCounts,
                                            std::uint32_t h, std::uint32_t w) {
  if (parts.empty()) return Error("a polygon segmentation needs at least one polygon");
  // pycocotools computes such a mask with wrapped 32-bit runs (a wrong mask); we refuse it.
  if (static_cast<std::uint64_t>(h) * w > UINT32_MAX) return Error(rleSizeTooLarge(h, w));
  if (coordCounts[0] == 4) {
    return Error("the first polygon has 4 numbers (2 points); pycocotools takes it for a box "
                 "list and fails");
  }
  if (coordCounts[0] < 4) {
    return Error("the first polygon has " + std::to_string(coordCounts[0]) +
                 " numbers; a polygon needs at least 3 points (6 numbers)");
  }
  std::vector<Rle> rles;
  rles.reserve(parts.size());
  for (std::size_t i = 0; i < parts.size(); ++i) {
    rles.push_back(rleFromPolygon(parts[i], coordCounts[i] / 2, h, w));
  }
  return rles;
}

Rle rleFromPolygonParts(const std::vector<const double*>& parts,
                        const std::vector<std::size_t>& coordCounts, std::uint32_t h,
                        std::uint32_t w) {
  // A part with 1 or 2 points has no inside (its edges cancel), so it adds nothing to the union.
  std::vector<Rle> rles;
  rles.reserve(parts.size());
  for (std::size_t i = 0; i < parts.size(); ++i) {
    rles.push_back(rleFromPolygon(parts[i], coordCounts[i] / 2, h, w));
  }
  if (rles.empty()) return rleFromPolygon(nullptr, 0, h, w);
  return rleMerge(rles, false);
}

}  // namespace zsi
