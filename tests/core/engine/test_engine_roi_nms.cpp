// RoIAlign and NMS against straightforward loop implementations written here from the definitions
// (exact on hand cases, ≤ 1e-5 on random ones), RoIAlign's gradient against finite differences.

#include <algorithm>
#include <cmath>
#include <random>

#include "core/engine/BoxOps.h"
#include "core/engine/Nms.h"
#include "core/engine/RoiAlign.h"
#include "core/engine/RoiExtractor.h"
#include "tests/core/engine/EngineTestUtil.h"

using namespace zsi;
using zsi::test::maxAbsDiff;

namespace {

// mmdet v1 / torchvision bilinear read: 0 outside [-1, size], clamped to the border inside.
double bilinear(const torch::TensorAccessor<double, 2>& f, int64_t h, int64_t w, double y, double x) {
  if (y < -1.0 || y > h || x < -1.0 || x > w) return 0.0;
  y = std::max(y, 0.0);
  x = std::max(x, 0.0);
  int64_t y0 = static_cast<int64_t>(y), x0 = static_cast<int64_t>(x), y1, x1;
  if (y0 >= h - 1) { y1 = y0 = h - 1; y = static_cast<double>(y0); } else { y1 = y0 + 1; }
  if (x0 >= w - 1) { x1 = x0 = w - 1; x = static_cast<double>(x0); } else { x1 = x0 + 1; }
  const double ly = y - y0, lx = x - x0, hy = 1 - ly, hx = 1 - lx;
  return hy * hx * f[y0][x0] + hy * lx * f[y0][x1] + ly * hx * f[y1][x0] + ly * lx * f[y1][x1];
}

torch::Tensor referenceRoiAlign(const torch::Tensor& feats, const torch::Tensor& rois, const RoiAlignOptions& o) {
  auto f = feats.to(torch::kDouble).contiguous();
  auto r = rois.to(torch::kDouble).contiguous();
  const int64_t n = r.size(0), c = f.size(1), h = f.size(2), w = f.size(3);
  auto out = torch::zeros({n, c, o.outHeight, o.outWidth}, torch::kDouble);
  auto ra = r.accessor<double, 2>();
  for (int64_t i = 0; i < n; ++i) {
    const auto b = static_cast<int64_t>(ra[i][0]);
    double sx, sy, rw, rh;
    if (o.aligned) {
      sx = ra[i][1] * o.spatialScale - 0.5;
      sy = ra[i][2] * o.spatialScale - 0.5;
      rw = ra[i][3] * o.spatialScale - 0.5 - sx;
      rh = ra[i][4] * o.spatialScale - 0.5 - sy;
    } else {
      sx = ra[i][1] * o.spatialScale;
      sy = ra[i][2] * o.spatialScale;
      rw = std::max((ra[i][3] + 1) * o.spatialScale - sx, 0.0);
      rh = std::max((ra[i][4] + 1) * o.spatialScale - sy, 0.0);
    }
    const double bw = rw / o.outWidth, bh = rh / o.outHeight;
    for (int64_t ch = 0; ch < c; ++ch) {
      auto plane = f[b][ch];
      auto fa = plane.accessor<double, 2>();
      for (int ph = 0; ph < o.outHeight; ++ph)
        for (int pw = 0; pw < o.outWidth; ++pw) {
          double sum = 0;
          for (int iy = 0; iy < o.samplingRatio; ++iy)
            for (int ix = 0; ix < o.samplingRatio; ++ix) {
              const double y = sy + ph * bh + (iy + 0.5) * bh / o.samplingRatio;
              const double x = sx + pw * bw + (ix + 0.5) * bw / o.samplingRatio;
              sum += bilinear(fa, h, w, y, x);
            }
          out[i][ch][ph][pw] = sum / (o.samplingRatio * o.samplingRatio);
        }
    }
  }
  return out;
}

// Greedy NMS from the definition: full IoU matrix, visit by score, suppress IoU > thr.
std::vector<int64_t> referenceNms(const torch::Tensor& boxes, const torch::Tensor& scores,
                                  const std::vector<int64_t>& groups, double thr, int offset) {
  auto iou = boxIou(boxes.to(torch::kDouble), boxes.to(torch::kDouble), offset);
  const int64_t n = boxes.size(0);
  std::vector<int64_t> order(n);
  for (int64_t i = 0; i < n; ++i) order[i] = i;
  auto s = scores.to(torch::kDouble);
  std::stable_sort(order.begin(), order.end(),
                   [&](int64_t a, int64_t b) { return s[a].item<double>() > s[b].item<double>(); });
  std::vector<bool> removed(n, false);
  std::vector<int64_t> keep;
  for (int64_t a = 0; a < n; ++a) {
    const int64_t i = order[a];
    if (removed[i]) continue;
    keep.push_back(i);
    for (int64_t b = a + 1; b < n; ++b) {
      const int64_t j = order[b];
      if ((groups.empty() || groups[i] == groups[j]) && iou[i][j].item<double>() > thr) removed[j] = true;
    }
  }
  return keep;
}

torch::Tensor ft(std::vector<float> v) { return torch::tensor(v, torch::kFloat); }

std::vector<int64_t> vec(const torch::Tensor& t) {
  auto c = t.to(torch::kCPU).contiguous();
  return std::vector<int64_t>(c.data_ptr<int64_t>(), c.data_ptr<int64_t>() + c.numel());
}

torch::Tensor linearFeature() {
  // f(y, x) = 10 y + x on a 4 × 4 map: bilinear sampling is exact on it.
  auto y = torch::arange(4, torch::kFloat).view({4, 1}).expand({4, 4});
  auto x = torch::arange(4, torch::kFloat).view({1, 4}).expand({4, 4});
  return (10 * y + x).view({1, 1, 4, 4}).contiguous();
}

}  // namespace

ZSI_TEST(roi_align_hand_cases) {
  const auto dev = zsi::test::testTorchDevice();
  auto f = linearFeature().to(dev);
  auto roi = [&](std::vector<float> v) { return ft(std::move(v)).view({1, 5}).to(dev); };
  RoiAlignOptions o;
  o.outHeight = o.outWidth = 1;
  // Legacy: [0, 2) per axis, samples at 0.5 and 1.5 → mean (1, 1) → 11.
  auto one = roiAlign(f, roi({0.0f, 0, 0, 1, 1}), o);
  ZSI_CHECK_NEAR(one.item<float>(), 11.0, 1e-6);
  o.outHeight = o.outWidth = 2;
  auto four = roiAlign(f, roi({0.0f, 0, 0, 1, 1}), o).cpu();
  ZSI_CHECK(maxAbsDiff(four.view({2, 2}), torch::tensor({5.5f, 6.5f, 15.5f, 16.5f}).view({2, 2})) < 1e-6);
  // Border: samples 2.5 and 3.5, the latter clamped to row/column 3 → 27.5 + 2.75.
  o.outHeight = o.outWidth = 1;
  ZSI_CHECK_NEAR(roiAlign(f, roi({0.0f, 2, 2, 3, 3}), o).item<float>(), 30.25, 1e-5);
  // Entirely beyond the map (samples at 4.75 and 6.25 > 4): zero.
  ZSI_CHECK_EQ(roiAlign(f, roi({0.0f, 4, 4, 6, 6}), o).item<float>(), 0.0f);
  // torchvision aligned=True: [-0.5, 1.5) → samples 0 and 1 → 5.5.
  o.aligned = true;
  ZSI_CHECK_NEAR(roiAlign(f, roi({0.0f, 0, 0, 2, 2}), o).item<float>(), 5.5, 1e-6);
}

ZSI_TEST(roi_align_matches_reference_on_random_inputs) {
  const auto dev = zsi::test::testTorchDevice();
  torch::manual_seed(11);
  std::mt19937 rng(5);
  std::uniform_real_distribution<double> u(-12.0, 70.0);
  for (bool aligned : {false, true}) {
    for (double scale : {1.0, 0.25, 0.125}) {
      auto feats = torch::randn({2, 3, 11, 13});
      std::vector<torch::Tensor> rows;
      for (int i = 0; i < 40; ++i) {
        double x1 = u(rng), y1 = u(rng), x2 = x1 + std::abs(u(rng)) * 0.6, y2 = y1 + std::abs(u(rng)) * 0.6;
        if (i % 10 == 0) x2 = x1 - 2.0;  // malformed: negative width
        rows.push_back(torch::tensor({static_cast<float>(i % 2), static_cast<float>(x1), static_cast<float>(y1),
                                      static_cast<float>(x2), static_cast<float>(y2)}));
      }
      auto rois = torch::stack(rows);
      for (int out : {7, 14}) {
        RoiAlignOptions o;
        o.outHeight = o.outWidth = out;
        o.spatialScale = scale;
        o.aligned = aligned;
        auto got = roiAlign(feats.to(dev), rois.to(dev), o).cpu();
        auto ref = referenceRoiAlign(feats, rois, o);
        const double diff = maxAbsDiff(got, ref);
        ZSI_CHECK(diff <= 1e-5);
        if (diff > 1e-5) zsi::test::note("max diff " + std::to_string(diff));
      }
    }
  }
}

ZSI_TEST(roi_align_gradient_matches_finite_differences) {
  const auto dev = zsi::test::testTorchDevice();
  const auto dbl = torch::TensorOptions().dtype(torch::kDouble).device(dev);
  auto feats = torch::randn({1, 2, 6, 7}, dbl).requires_grad_(true);
  auto rois = torch::tensor({0.0, 0.7, 1.3, 4.2, 3.9, 0.0, 2.0, 0.5, 6.5, 5.0}, torch::kDouble).view({2, 5}).to(dev);
  RoiAlignOptions o;
  o.outHeight = o.outWidth = 3;
  auto w = torch::randn({2, 2, 3, 3}, dbl);
  auto loss = (roiAlign(feats, rois, o) * w).sum();
  loss.backward();
  auto grad = feats.grad().clone();
  const double eps = 1e-6;
  double worst = 0;
  auto base = feats.detach().clone();
  for (int64_t i = 0; i < base.numel(); i += 3) {
    auto plus = base.clone(), minus = base.clone();
    plus.view({-1})[i] += eps;
    minus.view({-1})[i] -= eps;
    const double fd = ((roiAlign(plus, rois, o) * w).sum().item<double>() -
                       (roiAlign(minus, rois, o) * w).sum().item<double>()) / (2 * eps);
    worst = std::max(worst, std::abs(fd - grad.view({-1})[i].item<double>()));
  }
  ZSI_CHECK(worst < 1e-6);
}

ZSI_TEST(roi_extractor_level_mapping) {
  RoiExtractor ex({4, 8, 16, 32}, 7, 2, 56.0, 1);
  // sqrt(w·h) 55 → level 0; 112 → 1; 300 → 2 (log2(5.36) = 2.4); 2000 → 3 (clamped).
  auto rois = ft({0.0f, 0, 0, 54, 54, 0, 0, 0, 111, 111, 0, 0, 0, 299, 299, 0, 0, 0, 1999, 1999}).view({4, 5});
  auto lv = ex.levels(rois);
  ZSI_CHECK((vec(lv) == std::vector<int64_t>{0, 1, 2, 3}));
}

ZSI_TEST(nms_hand_case) {
  const auto dev = zsi::test::testTorchDevice();
  auto boxes = ft({0.0f, 0, 9, 9, 1, 1, 10, 10, 20, 20, 29, 29, 2, 2, 11, 11}).view({4, 4}).to(dev);
  auto scores = ft({0.9f, 0.8f, 0.7f, 0.85f}).to(dev);
  // Box 3 overlaps box 0 by 64/136 = 0.47 (kept at 0.5), box 1 overlaps box 0 by 81/119 = 0.68.
  ZSI_CHECK((vec(nms(boxes, scores, 0.5, 1)) == std::vector<int64_t>{0, 3, 2}));
  ZSI_CHECK((vec(nms(boxes, scores, 0.45, 1)) == std::vector<int64_t>{0, 2}));
  // Per group: box 1 in its own group survives.
  auto groups = torch::tensor({0, 1, 0, 0}, torch::kLong).to(dev);
  ZSI_CHECK((vec(batchedNms(boxes, scores, groups, 0.5, 1)) == std::vector<int64_t>{0, 3, 1, 2}));
  // Cross-group only: box 1 (group 1) is suppressed by box 0; box 3 (same group as 0) is not.
  ZSI_CHECK((vec(crossGroupNms(boxes, scores, groups, 0.5, 1, -1)) == std::vector<int64_t>{0, 3, 2}));
  ZSI_CHECK((vec(crossGroupNms(boxes, scores, groups, 0.5, 1, 2)) == std::vector<int64_t>{0, 3}));
  ZSI_CHECK_EQ(nms(torch::zeros({0, 4}, dev), torch::zeros({0}, dev), 0.5, 1).numel(), 0);
}

ZSI_TEST(nms_matches_reference_on_random_inputs) {
  const auto dev = zsi::test::testTorchDevice();
  torch::manual_seed(21);
  for (int trial = 0; trial < 6; ++trial) {
    const int64_t n = 300;
    auto xy = torch::rand({n, 2}) * 200;
    auto wh = torch::rand({n, 2}) * 60 + 1;
    auto boxes = torch::cat({xy, xy + wh}, 1);
    auto scores = torch::rand({n});
    for (int offset : {0, 1}) {
      for (double thr : {0.3, 0.5, 0.7}) {
        ZSI_CHECK(vec(nms(boxes.to(dev), scores.to(dev), thr, offset)) == referenceNms(boxes, scores, {}, thr, offset));
        auto g = torch::randint(0, 5, {n}, torch::kLong);
        ZSI_CHECK(vec(batchedNms(boxes.to(dev), scores.to(dev), g.to(dev), thr, offset)) ==
                  referenceNms(boxes, scores, vec(g), thr, offset));
      }
    }
  }
}

// The boundary cases the random comparison almost never draws. The IoUs are exact in float (0.5),
// so "suppressed when greater than the threshold" is tested at the threshold itself.
ZSI_TEST(nms_iou_exactly_at_the_threshold_keeps_both) {
  const auto dev = zsi::test::testTorchDevice();
  // Offset 0: [0,0,2,2] (area 4) and [0,0,2,1] (area 2) share 2 of a union of 4. Offset 1: the
  // same areas from [0,0,1,1] and [0,0,1,0].
  for (int offset : {0, 1}) {
    const float e = offset == 0 ? 2.0f : 1.0f;
    auto boxes = ft({0.0f, 0, e, e, 0, 0, e, e / 2 - offset * 0.5f}).view({2, 4}).to(dev);
    auto scores = ft({0.9f, 0.8f}).to(dev);
    auto same = torch::tensor({0, 0}, torch::kLong).to(dev);
    auto other = torch::tensor({0, 1}, torch::kLong).to(dev);
    const std::vector<int64_t> both{0, 1}, first{0};
    ZSI_CHECK(vec(nms(boxes, scores, 0.5, offset)) == both);
    ZSI_CHECK(vec(batchedNms(boxes, scores, same, 0.5, offset)) == both);
    ZSI_CHECK(vec(crossGroupNms(boxes, scores, other, 0.5, offset, -1)) == both);
    // Just under the threshold the second box goes, in each of the three scans.
    ZSI_CHECK(vec(nms(boxes, scores, 0.4999, offset)) == first);
    ZSI_CHECK(vec(batchedNms(boxes, scores, same, 0.4999, offset)) == first);
    ZSI_CHECK(vec(crossGroupNms(boxes, scores, other, 0.4999, offset, -1)) == first);
  }
}

// Equal scores are visited in index order (a stable sort, as torchvision's CPU nms): the lower
// index is kept and suppresses the higher one, and the kept list is in index order.
ZSI_TEST(nms_equal_scores_keep_index_order) {
  const auto dev = zsi::test::testTorchDevice();
  // 40 disjoint boxes (more than a small-array sort handles by insertion), all scored the same,
  // except that box 37 overlaps box 5 almost entirely.
  std::vector<float> v;
  for (int i = 0; i < 40; ++i) v.insert(v.end(), {i * 20.0f, 0, i * 20.0f + 10, 10});
  v[37 * 4 + 0] = 100.5f, v[37 * 4 + 2] = 110.5f;  // box 5 is [100, 0, 110, 10]
  auto boxes = ft(v).view({40, 4}).to(dev);
  auto scores = torch::full({40}, 0.5f).to(dev);
  std::vector<int64_t> expected;
  for (int64_t i = 0; i < 40; ++i)
    if (i != 37) expected.push_back(i);
  ZSI_CHECK(vec(nms(boxes, scores, 0.5, 0)) == expected);
  auto groups = torch::zeros({40}, torch::kLong).to(dev);
  ZSI_CHECK(vec(batchedNms(boxes, scores, groups, 0.5, 0)) == expected);
  // Ties between groups: box 37 in another group is suppressed by box 5, not the other way round.
  groups[37] = 1;
  auto cross = vec(crossGroupNms(boxes, scores, groups, 0.5, 0, -1));
  ZSI_CHECK(cross == expected);
}

// maxKeep counts kept boxes, not visited candidates: every cap gives a prefix of the uncapped list.
ZSI_TEST(cross_group_nms_caps_the_kept_boxes) {
  const auto dev = zsi::test::testTorchDevice();
  // By score: 0 (0.9), 3 (0.85), 1 (0.8, suppressed by 0: other group), 2 (0.7).
  auto boxes = ft({0.0f, 0, 9, 9, 1, 1, 10, 10, 20, 20, 29, 29, 2, 2, 11, 11}).view({4, 4}).to(dev);
  auto scores = ft({0.9f, 0.8f, 0.7f, 0.85f}).to(dev);
  auto groups = torch::tensor({0, 1, 0, 0}, torch::kLong).to(dev);
  const std::vector<int64_t> all{0, 3, 2};
  for (int64_t cap : {0, 1, 2, 3, 4, 100, -1}) {
    const auto n =
        cap < 0 ? all.size() : std::min<std::size_t>(static_cast<std::size_t>(cap), all.size());
    const std::vector<int64_t> expected(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(n));
    const auto got = vec(crossGroupNms(boxes, scores, groups, 0.5, 1, cap));
    if (got != expected)
      zsi::test::reportFailure(__FILE__, __LINE__, "maxKeep " + std::to_string(cap));
  }
}
