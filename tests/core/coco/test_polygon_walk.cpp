// rleFromPolygon computes the column crossings of each edge directly. This test checks it against
// a literal step-by-step walk of every edge on the 1/5-px grid, as pycocotools' rleFrPoly does it,
// on many random polygons: small and large, concave and self-intersecting, partly outside the
// image, with repeated vertices and negative coordinates.

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <random>
#include <vector>

#include "core/coco/Rle.h"
#include "tests/harness/ZsiTest.h"

using namespace zsi;

namespace {

// The walk, written for clarity: every grid point of every edge, then the crossings between
// consecutive points.
Rle walkReference(const std::vector<double>& xy, std::uint32_t h, std::uint32_t w) {
  const std::size_t k = xy.size() / 2;
  std::vector<long long> x(k + 1), y(k + 1);
  for (std::size_t j = 0; j < k; ++j) {
    x[j] = static_cast<long long>(5 * xy[2 * j] + .5);
    y[j] = static_cast<long long>(5 * xy[2 * j + 1] + .5);
  }
  x[k] = x[0];
  y[k] = y[0];
  std::vector<long long> u, v;
  for (std::size_t j = 0; j < k; ++j) {
    long long xs = x[j], xe = x[j + 1], ys = y[j], ye = y[j + 1];
    const long long dx = std::llabs(xe - xs), dy = std::llabs(ys - ye);
    const bool flip = (dx >= dy && xs > xe) || (dx < dy && ys > ye);
    if (flip) {
      std::swap(xs, xe);
      std::swap(ys, ye);
    }
    if (dx == 0 && dy == 0) {  // one point; its y is never used
      u.push_back(xs);
      v.push_back(ys);
      continue;
    }
    const double s = dx >= dy ? static_cast<double>(ye - ys) / dx : static_cast<double>(xe - xs) / dy;
    if (dx >= dy) {
      for (long long d = 0; d <= dx; ++d) {
        const long long t = flip ? dx - d : d;
        u.push_back(t + xs);
        v.push_back(static_cast<long long>(ys + s * t + .5));
      }
    } else {
      for (long long d = 0; d <= dy; ++d) {
        const long long t = flip ? dy - d : d;
        v.push_back(t + ys);
        u.push_back(static_cast<long long>(xs + s * t + .5));
      }
    }
  }
  std::vector<std::uint64_t> a;
  for (std::size_t j = 1; j < u.size(); ++j) {
    if (u[j] == u[j - 1]) continue;
    double xd = static_cast<double>(u[j] < u[j - 1] ? u[j] : u[j] - 1);
    xd = (xd + .5) / 5 - .5;
    if (std::floor(xd) != xd || xd < 0 || xd > w - 1.0) continue;
    double yd = static_cast<double>(v[j] < v[j - 1] ? v[j] : v[j - 1]);
    yd = (yd + .5) / 5 - .5;
    if (yd < 0) yd = 0; else if (yd > h) yd = h;
    yd = std::ceil(yd);
    a.push_back(static_cast<std::uint64_t>(xd) * h + static_cast<std::uint64_t>(yd));
  }
  a.push_back(static_cast<std::uint64_t>(h) * w);
  std::sort(a.begin(), a.end());
  std::uint64_t p = 0;
  for (auto& t : a) {
    const auto old = t;
    t -= p;
    p = old;
  }
  Rle r;
  r.h = h;
  r.w = w;
  std::size_t j = 0;
  r.counts.push_back(static_cast<std::uint32_t>(a[j++]));
  while (j < a.size()) {
    if (a[j] > 0) {
      r.counts.push_back(static_cast<std::uint32_t>(a[j++]));
    } else if (++j < a.size()) {
      r.counts.back() += static_cast<std::uint32_t>(a[j++]);
    }
  }
  return r;
}

}  // namespace

ZSI_TEST(polygon_crossings_equal_the_grid_walk) {
  std::mt19937_64 rng(12345);
  int compared = 0, mismatches = 0;
  for (int iter = 0; iter < 3000; ++iter) {
    const std::uint32_t h = 1 + rng() % 60, w = 1 + rng() % 60;
    const int points = 3 + static_cast<int>(rng() % 12);
    // Mostly inside, sometimes far outside, sometimes on the 1/5 grid, sometimes repeated.
    const double spread = (iter % 7 == 0) ? 3000.0 : (iter % 3 == 0 ? 1.5 * std::max(h, w) : std::max(h, w));
    std::uniform_real_distribution<double> coord(-0.25 * spread, spread);
    std::vector<double> xy;
    for (int p = 0; p < points; ++p) {
      double x = coord(rng), y = coord(rng);
      if (iter % 5 == 0) {  // exact grid and half-grid positions
        x = std::round(x * 2) / 2;
        y = std::round(y * 2) / 2;
      } else if (iter % 5 == 1) {  // COCO's two decimals
        x = std::round(x * 100) / 100;
        y = std::round(y * 100) / 100;
      }
      if (p > 0 && rng() % 10 == 0) {  // a repeated vertex
        x = xy[xy.size() - 2];
        y = xy[xy.size() - 1];
      }
      xy.push_back(x);
      xy.push_back(y);
    }
    const Rle fast = rleFromPolygon(xy.data(), points, h, w);
    const Rle ref = walkReference(xy, h, w);
    ++compared;
    if (!(fast == ref)) {
      if (++mismatches <= 3) {
        std::string poly;
        for (double c : xy) poly += std::to_string(c) + ",";
        test::reportFailure(__FILE__, __LINE__,
                            "h=" + std::to_string(h) + " w=" + std::to_string(w) + " poly=" + poly +
                                " fast=" + rleToString(fast) + " walk=" + rleToString(ref));
      }
    }
  }
  ZSI_CHECK_EQ(mismatches, 0);
  test::note(std::to_string(compared) + " random polygons compared with the grid walk");
}

ZSI_TEST(polygon_far_outside_is_fast_and_clipped) {
  // pycocotools walks ~1e9 grid points for a vertex at 1e8 (33 s, 19.6 GB); we visit only the
  // image's columns. Near the image the edges are those of the huge triangle.
  const double xy[] = {2.3, 3.1, 2.3, 16.2, 1e8, 9.5};
  const Rle r = rleFromPolygon(xy, 3, 20, 20);
  ZSI_CHECK_EQ(rleCountsSum(r), 400u);
  ZSI_CHECK(rleArea(r) > 200);
  // A non-finite coordinate gives an empty mask rather than undefined behaviour.
  const double bad[] = {1, 1, NAN, 5, 8, 8};
  const Rle e = rleFromPolygon(bad, 3, 10, 10);
  ZSI_CHECK_EQ(rleArea(e), 0u);
  ZSI_CHECK_EQ(rleCountsSum(e), 100u);
}
