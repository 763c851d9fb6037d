// Mask -> polygons (export "as polygons"): the traced outlines, rasterised again the way
// pycocotools does it (rleFromPolygonParts), must give back the mask with its holes filled,
// pixel for pixel; simplification must stay close.

#include <cstdint>
#include <random>
#include <vector>

#include "core/coco/CocoReader.h"
#include "core/coco/MaskPolygons.h"
#include "core/coco/Rle.h"
#include "tests/harness/ZsiTest.h"

using namespace zsi;

namespace {

// Foreground plus every background region that cannot reach the image border through
// 8-connected background (4-connected outlines enclose exactly those).
std::vector<std::uint8_t> fillHoles(const std::vector<std::uint8_t>& m, std::uint32_t h,
                                    std::uint32_t w) {
  std::vector<std::uint8_t> outside(m.size(), 0);
  std::vector<std::size_t> stack;
  auto seed = [&](std::uint32_t x, std::uint32_t y) {
    std::size_t i = static_cast<std::size_t>(y) * w + x;
    if (!m[i] && !outside[i]) {
      outside[i] = 1;
      stack.push_back(i);
    }
  };
  for (std::uint32_t x = 0; x < w; ++x) {
    seed(x, 0);
    seed(x, h - 1);
  }
  for (std::uint32_t y = 0; y < h; ++y) {
    seed(0, y);
    seed(w - 1, y);
  }
  while (!stack.empty()) {
    std::size_t p = stack.back();
    stack.pop_back();
    const int px = static_cast<int>(p % w), py = static_cast<int>(p / w);
    for (int dy = -1; dy <= 1; ++dy)
      for (int dx = -1; dx <= 1; ++dx) {
        const int x = px + dx, y = py + dy;
        if (x < 0 || y < 0 || x >= static_cast<int>(w) || y >= static_cast<int>(h)) continue;
        seed(static_cast<std::uint32_t>(x), static_cast<std::uint32_t>(y));
      }
  }
  std::vector<std::uint8_t> out(m.size());
  for (std::size_t i = 0; i < m.size(); ++i) out[i] = outside[i] ? 0 : 1;
  return out;
}

Rle roundTrip(const std::vector<std::uint8_t>& m, std::uint32_t h, std::uint32_t w,
              const MaskPolygonOptions& o = {}) {
  return polygonsToRle(maskToPolygons(m.data(), h, w, o), h, w);
}

double iou(const Rle& a, const Rle& b) {
  double v = 0;
  rleIou({a}, {b}, {0}, &v);
  return v;
}

std::vector<std::uint8_t> randomBlobs(std::mt19937& rng, std::uint32_t h, std::uint32_t w) {
  std::vector<std::uint8_t> m(static_cast<std::size_t>(h) * w, 0);
  std::uniform_real_distribution<double> u(0, 1);
  const int blobs = 1 + static_cast<int>(u(rng) * 5);
  for (int b = 0; b < blobs; ++b) {
    const double cx = u(rng) * w, cy = u(rng) * h, r = 1 + u(rng) * w / 3.0;
    const double wobble = u(rng) * 0.6;
    for (std::uint32_t y = 0; y < h; ++y)
      for (std::uint32_t x = 0; x < w; ++x) {
        const double a = std::atan2(y - cy, x - cx);
        const double rr = r * (1 + wobble * std::sin(5 * a));
        if ((x - cx) * (x - cx) + (y - cy) * (y - cy) < rr * rr) m[y * w + x] ^= 1;  // xor: holes
      }
  }
  for (auto& v : m)  // salt: isolated pixels and diagonal contacts
    if (u(rng) < 0.01) v ^= 1;
  return m;
}

}  // namespace

ZSI_TEST(mask_polygons_single_pixel_and_rectangle) {
  std::vector<std::uint8_t> m(5 * 7, 0);
  m[2 * 7 + 3] = 1;
  auto polys = maskToPolygons(m.data(), 5, 7);
  ZSI_REQUIRE_EQ(polys.size(), std::size_t{1});
  ZSI_CHECK(polys[0] == (std::vector<double>{3, 2, 4, 2, 4, 3, 3, 3}));
  ZSI_CHECK(roundTrip(m, 5, 7) == rleEncodeRowMajor(m.data(), 5, 7));

  std::fill(m.begin(), m.end(), 0);
  for (int y = 0; y < 5; ++y)
    for (int x = 2; x < 7; ++x) m[y * 7 + x] = 1;  // touches three borders
  polys = maskToPolygons(m.data(), 5, 7);
  ZSI_REQUIRE_EQ(polys.size(), std::size_t{1});
  ZSI_CHECK_EQ(polys[0].size(), std::size_t{8});  // 4 corners only
  ZSI_CHECK(roundTrip(m, 5, 7) == rleEncodeRowMajor(m.data(), 5, 7));
}

ZSI_TEST(mask_polygons_diagonal_pixels_are_separate_parts) {
  // Two pixels touching at a corner: two components, each a 4-point part.
  std::vector<std::uint8_t> m = {1, 0,
                                 0, 1};
  auto polys = maskToPolygons(m.data(), 2, 2);
  ZSI_REQUIRE_EQ(polys.size(), std::size_t{2});
  for (const auto& p : polys) ZSI_CHECK_EQ(p.size(), std::size_t{8});
  ZSI_CHECK(roundTrip(m, 2, 2) == rleEncodeRowMajor(m.data(), 2, 2));
}

ZSI_TEST(mask_polygons_fill_holes) {
  // A ring: the polygon covers the hole too (COCO polygons cannot carve holes).
  std::vector<std::uint8_t> m(5 * 5, 0);
  for (int y = 1; y < 4; ++y)
    for (int x = 1; x < 4; ++x) m[y * 5 + x] = (x == 2 && y == 2) ? 0 : 1;
  auto filled = fillHoles(m, 5, 5);
  ZSI_CHECK_EQ(filled[2 * 5 + 2], 1);
  ZSI_CHECK(roundTrip(m, 5, 5) == rleEncodeRowMajor(filled.data(), 5, 5));
  ZSI_CHECK_EQ(maskToPolygons(m.data(), 5, 5).size(), std::size_t{1});
}

ZSI_TEST(mask_polygons_random_masks_round_trip_exactly) {
  std::mt19937 rng(7);
  int checked = 0;
  for (int t = 0; t < 200; ++t) {
    const std::uint32_t h = 1 + rng() % 60, w = 1 + rng() % 60;
    auto m = randomBlobs(rng, h, w);
    auto expected = rleEncodeRowMajor(fillHoles(m, h, w).data(), h, w);
    auto got = roundTrip(m, h, w);
    if (!(got == expected)) {
      ::zsi::test::reportFailure(__FILE__, __LINE__,
                                 "round trip differs for case " + std::to_string(t) + " (" +
                                     std::to_string(h) + "x" + std::to_string(w) + ")");
      break;
    }
    for (const auto& p : maskToPolygons(m.data(), h, w)) ZSI_CHECK(p.size() >= 8 && p.size() % 2 == 0);
    ++checked;
  }
  ZSI_CHECK_EQ(checked, 200);
}

ZSI_TEST(mask_polygons_simplified_stay_close) {
  std::mt19937 rng(11);
  for (int t = 0; t < 30; ++t) {
    const std::uint32_t h = 80, w = 100;
    auto m = randomBlobs(rng, h, w);
    MaskPolygonOptions o;
    o.tolerance = 1.0;
    auto exact = maskToPolygons(m.data(), h, w);
    auto simple = maskToPolygons(m.data(), h, w, o);
    MaskPolygonOptions noSpecks;
    noSpecks.minComponentPixels = 4;
    const auto big = maskToPolygons(m.data(), h, w, noSpecks);
    ZSI_CHECK(big.size() <= exact.size());
    for (const auto& p : big) ZSI_CHECK(rleArea(polygonsToRle({p}, h, w)) >= 4);
    std::size_t exactPoints = 0, simplePoints = 0;
    for (auto& p : exact) exactPoints += p.size();
    for (auto& p : simple) {
      simplePoints += p.size();
      ZSI_CHECK(p.size() >= 6);
    }
    ZSI_CHECK(simplePoints < exactPoints);
    auto filled = rleEncodeRowMajor(fillHoles(m, h, w).data(), h, w);
    const double v = iou(polygonsToRle(simple, h, w), filled);
    if (!(v > 0.85)) ::zsi::test::note("case " + std::to_string(t) + " IoU " + std::to_string(v));
    ZSI_CHECK(v > 0.85);
  }
}

ZSI_TEST(mask_polygons_coco_sample_masks_round_trip) {
  auto ds = loadCocoDataset(::zsi::test::sharedData("coco-sample/instances_val2017_sample.json"));
  ZSI_REQUIRE_OK(ds);
  std::size_t exact = 0, total = 0;
  double minIou = 1.0;
  for (std::size_t i = 0; i < ds->annotations().size(); ++i) {
    Rle rle = ds->annotationRle(i);
    if (rle.h == 0 || rle.w == 0) continue;
    auto polys = rleToPolygons(rle);
    ZSI_REQUIRE_OK(polys);
    auto mask = rleDecodeRowMajor(rle);
    ZSI_REQUIRE_OK(mask);
    auto filled = rleEncodeRowMajor(fillHoles(mask.value(), rle.h, rle.w).data(), rle.h, rle.w);
    Rle back = polygonsToRle(polys.value(), rle.h, rle.w);
    ++total;
    if (back == filled) ++exact;
    if (rleArea(rle) > 0) minIou = std::min(minIou, iou(back, rle));
  }
  ::zsi::test::note("masks " + std::to_string(total) + ", exact after hole filling " +
                    std::to_string(exact) + ", min IoU with the original " + std::to_string(minIou));
  ZSI_CHECK_EQ(exact, total);
  ZSI_CHECK(minIou > 0.5);
}
