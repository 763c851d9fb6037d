// Anchors, box coding, IoU, assignment, sampling and the losses of spec §7 on hand-computed cases.

#include <cmath>

#include "core/engine/AnchorGenerator.h"
#include "core/engine/BaRpnHead.h"
#include "core/engine/BoxCoder.h"
#include "core/engine/BoxOps.h"
#include "core/engine/HeadLosses.h"
#include "core/engine/Losses.h"
#include "core/engine/MaxIouAssigner.h"
#include "core/engine/RandomSampler.h"
#include "tests/core/engine/EngineTestUtil.h"

using namespace zsi;
using zsi::test::maxAbsDiff;

namespace {

torch::Tensor t2(std::vector<std::vector<double>> rows) {
  std::vector<torch::Tensor> r;
  for (auto& row : rows) r.push_back(torch::tensor(row, torch::kFloat));
  return torch::stack(r);
}

}  // namespace

ZSI_TEST(anchors_legacy_stride4_match_mmdet_v1) {
  AnchorGenerator g(4, {8.0}, {0.5, 1.0, 2.0}, /*legacy=*/true);
  // Worked by hand: ratio 0.5 → w = 4·√2·8 = 45.25, h = 22.63 around (1.5, 1.5), rounded.
  auto expected = t2({{-21, -9, 24, 12}, {-14, -14, 17, 17}, {-9, -21, 12, 24}});
  ZSI_CHECK_EQ(maxAbsDiff(g.baseAnchors(), expected), 0.0);
  auto grid = g.gridAnchors(2, 3, 4, torch::kCPU);
  ZSI_CHECK_EQ(grid.size(0), 18);
  // Location (row 1, column 2), anchor 1 is row (1·3 + 2)·3 + 1 = 16: shifted by (8, 4).
  ZSI_CHECK_EQ(maxAbsDiff(grid[16], torch::tensor({-6.0f, -10.0f, 25.0f, 21.0f})), 0.0);
  auto valid = g.validFlags(2, 3, 1, 2, torch::kCPU);
  // Only row 0, columns 0..1 are valid: anchors 0..5.
  ZSI_CHECK_EQ(valid.sum().item<int64_t>(), 6);
  ZSI_CHECK(valid.slice(0, 0, 6).all().item<bool>());
}

ZSI_TEST(anchors_continuous_are_centred_and_unrounded) {
  AnchorGenerator g(16, {2.0}, {1.0}, /*legacy=*/false);
  ZSI_CHECK_EQ(maxAbsDiff(g.baseAnchors(), t2({{-8, -8, 24, 24}})), 0.0);
}

ZSI_TEST(box_iou_and_iof_with_both_conventions) {
  auto a = t2({{0, 0, 9, 9}});
  auto b = t2({{5, 5, 14, 14}, {20, 20, 30, 30}});
  auto iou = boxIou(a, b, 1);
  ZSI_CHECK_NEAR(iou[0][0].item<float>(), 25.0 / 175.0, 1e-6);  // 5×5 of 10×10 boxes
  ZSI_CHECK_EQ(iou[0][1].item<float>(), 0.0f);
  ZSI_CHECK_NEAR(boxIou(a, b, 0)[0][0].item<float>(), 16.0 / (81 + 81 - 16), 1e-6);
  ZSI_CHECK_NEAR(boxIof(a, b, 1)[0][0].item<float>(), 0.25, 1e-6);
}

ZSI_TEST(box_coder_hand_case_and_round_trip) {
  BoxCoder c;
  c.stds = {0.1, 0.1, 0.2, 0.2};
  c.offset = 1;
  auto p = t2({{0, 0, 9, 9}});
  auto g = t2({{2, 2, 21, 11}});
  // centres 4.5 → 11.5 / 6.5, widths 10 → 20: (0.7, 0.2, log 2, 0) / stds.
  auto d = c.encode(p, g);
  ZSI_CHECK_NEAR(d[0][0].item<float>(), 7.0, 1e-5);
  ZSI_CHECK_NEAR(d[0][1].item<float>(), 2.0, 1e-5);
  ZSI_CHECK_NEAR(d[0][2].item<float>(), std::log(2.0) / 0.2, 1e-5);
  ZSI_CHECK_NEAR(d[0][3].item<float>(), 0.0, 1e-6);
  ZSI_CHECK(maxAbsDiff(c.decode(p, d), g) < 1e-4);
  // Clipping to a 10 × 15 image (legacy: x ≤ 14, y ≤ 9).
  auto clipped = c.decode(p, d, 10, 15);
  ZSI_CHECK(maxAbsDiff(clipped, t2({{2, 2, 14, 9}})) < 1e-4);
  // Several classes at once: N × 8 deltas → N × 8 boxes.
  auto two = c.decode(p, torch::cat({d, torch::zeros({1, 4})}, 1));
  ZSI_CHECK(maxAbsDiff(two.slice(1, 4, 8), p) < 1e-5);
  // Continuous convention round trip.
  BoxCoder cc;
  cc.offset = 0;
  auto g2 = t2({{3.5, 1.25, 20.0, 30.5}});
  ZSI_CHECK(maxAbsDiff(cc.decode(p, cc.encode(p, g2)), g2) < 1e-4);
}

ZSI_TEST(max_iou_assigner_hand_case) {
  auto gt = t2({{0, 0, 9, 9}, {20, 20, 29, 29}});
  auto labels = torch::tensor({7, 3}, torch::kLong);
  auto boxes = t2({{0, 0, 9, 9},       // IoU 1 with gt 0 → positive
                   {0, 0, 9, 19},      // 0.5: between thresholds → ignored
                   {40, 40, 49, 49},   // 0 → negative
                   {20, 20, 29, 34},   // 0.667: below 0.7 but gt 1's best → positive by min_pos_iou
                   {25, 25, 34, 34}}); // 0.143 → negative
  AssignerConfig cfg;  // RPN: 0.7 / 0.3 / 0.3
  auto r = assignMaxIou(boxes, gt, torch::Tensor(), labels, cfg, 1);
  auto inds = r.gtInds;
  std::vector<int64_t> got(inds.data_ptr<int64_t>(), inds.data_ptr<int64_t>() + 5);
  ZSI_CHECK((got == std::vector<int64_t>{1, -1, 0, 2, 0}));
  std::vector<int64_t> lab(r.labels.data_ptr<int64_t>(), r.labels.data_ptr<int64_t>() + 5);
  ZSI_CHECK((lab == std::vector<int64_t>{7, 0, 0, 3, 0}));
  ZSI_CHECK_NEAR(r.maxOverlaps[3].item<float>(), 100.0 / 150.0, 1e-6);
  // Crowd box over box 2 with ignore_iof_thr 0.5 makes it ignored instead of negative.
  AssignerConfig withIgnore = cfg;
  withIgnore.ignoreIofThr = 0.5;
  auto r2 = assignMaxIou(boxes, gt, t2({{38, 38, 52, 52}}), labels, withIgnore, 1);
  ZSI_CHECK_EQ(r2.gtInds[2].item<int64_t>(), -1);
  // No gt at all: everything negative.
  auto r3 = assignMaxIou(boxes, torch::zeros({0, 4}), torch::Tensor(), torch::zeros({0}, torch::kLong), cfg, 1);
  ZSI_CHECK_EQ(r3.gtInds.sum().item<int64_t>(), 0);
}

ZSI_TEST(random_sampler_counts_and_gt_proposals) {
  torch::manual_seed(3);
  auto gt = t2({{0, 0, 9, 9}});
  auto labels = torch::tensor({2}, torch::kLong);
  std::vector<torch::Tensor> rows;
  for (int i = 0; i < 40; ++i) rows.push_back(torch::tensor({0.0f + (i % 3), 0.0f, 9.0f + (i % 3), 9.0f}));  // positives
  for (int i = 0; i < 200; ++i) rows.push_back(torch::tensor({50.0f + i, 50.0f, 60.0f + i, 60.0f}));  // negatives
  auto boxes = torch::stack(rows);
  AssignerConfig ac{0.5, 0.5, 0.5, -1.0, true};
  SamplerConfig sc{64, 0.25, -1, true};
  auto assign = assignMaxIou(boxes, gt, torch::Tensor(), labels, ac, 1);
  auto s = sampleRandom(assign, boxes, gt, labels, sc);
  ZSI_CHECK_EQ(s.posInds.numel(), 16);  // 41 positives available (gt added), 25 % of 64 kept
  ZSI_CHECK_EQ(s.negInds.numel(), 48);
  ZSI_CHECK_EQ(s.boxes.size(0), 241);   // the gt box is prepended as a proposal
  ZSI_CHECK((s.posLabels == 2).all().item<bool>());
  ZSI_CHECK((s.posAssignedGtInds == 0).all().item<bool>());
  ZSI_CHECK(maxAbsDiff(s.posGtBoxes, gt.expand({16, 4})) == 0.0);
  // Unique indices.
  ZSI_CHECK_EQ(std::get<0>(torch::_unique(s.posInds)).numel(), 16);
}

ZSI_TEST(elementary_losses_hand_cases) {
  auto pred = torch::tensor({0.5f, 2.0f});
  auto zero = torch::zeros({2});
  ZSI_CHECK_NEAR(smoothL1Sum(pred, zero, 1.0).item<float>(), 0.125 + 1.5, 1e-6);
  ZSI_CHECK_NEAR(smoothL1Sum(pred, zero, 1.0 / 9.0).item<float>(), (0.5 - 1.0 / 18) + (2.0 - 1.0 / 18), 1e-6);
  auto logits = torch::tensor({0.0f, std::log(3.0f)}).view({1, 2});
  ZSI_CHECK_NEAR(weightedCrossEntropySum(logits, torch::tensor({1}, torch::kLong), torch::ones({1})).item<float>(),
                 -std::log(0.75), 1e-6);
  ZSI_CHECK_NEAR(accuracyPercent(logits, torch::tensor({0}, torch::kLong)).item<float>(), 0.0, 1e-6);
}

ZSI_TEST(rpn_loss_hand_case) {
  // One level, stride 4, one anchor of size 4 per location on a 2 × 2 map (an 8 × 8 image):
  // anchors [0,0,3,3], [4,0,7,3], [0,4,3,7], [4,4,7,7]; the gt equals the first.
  ModelConfig cfg;
  cfg.backbone.stageBlocks = {1};
  cfg.backbone.depth = 0;
  cfg.fpn.numOuts = 1;
  cfg.fpn.outChannels = 4;
  cfg.rpn.featChannels = 4;
  cfg.classes.semanticDims = 3;
  cfg.rpn.anchorStrides = {4};
  cfg.rpn.anchorScales = {1.0};
  cfg.rpn.anchorRatios = {1.0};
  cfg.roi.featmapStrides = {4};
  cfg.input.padDivisor = 4;
  ZSI_REQUIRE_OK(cfg.validate());
  BaRpnHead head(cfg, torch::zeros({3}));
  RpnOutput out;
  // Channels (bg, fg) per location; locations in row-major order.
  auto cls = torch::zeros({1, 2, 2, 2});
  const float l3 = std::log(3.0f);
  cls[0][1][0][1] = l3;  // anchor 1: fg logit ln 3 → p(bg) = 1/4
  cls[0][1][1][0] = l3;
  cls[0][1][1][1] = l3;
  auto deltas = torch::zeros({1, 4, 2, 2});
  deltas[0][0][0][0] = 0.1f;
  deltas[0][1][0][0] = -0.2f;
  out.clsScores = {cls};
  out.deltas = {deltas};
  ImageShape shape{8, 8, 8, 8};
  auto [lc, lb] = head->loss(out, {t2({{0, 0, 3, 3}})}, {torch::Tensor()}, {shape});
  // 1 positive (CE ln 2) + 3 negatives (CE ln 4 each), averaged over 4 samples.
  ZSI_CHECK_NEAR(lc.item<float>(), (std::log(2.0) + 3 * std::log(4.0)) / 4, 1e-5);
  // Smooth-L1 β = 1/9: 0.1 → 0.5·0.01·9 = 0.045; 0.2 → 0.2 - 1/18; over 4 samples.
  ZSI_CHECK_NEAR(lb.item<float>(), (0.045 + 0.2 - 1.0 / 18.0) / 4, 1e-5);
}

ZSI_TEST(box_head_losses_hand_case) {
  ModelConfig cfg;
  BoxHeadOutput out;
  out.logits = t2({{0.0, std::log(3.0)}, {0.0, 0.0}});
  out.deltas = t2({{9, 9, 9, 9, 0.5, 0.0, 0.0, 2.0}, {1, 1, 1, 1, 1, 1, 1, 1}});
  out.visual = t2({{1, 2}, {3, 4}});
  out.reconstructed = t2({{1, 2}, {3, 6}});
  LossMap losses;
  addBoxHeadLosses(out, torch::tensor({1, 0}, torch::kLong), torch::zeros({1, 4}), cfg, losses);
  ZSI_CHECK_NEAR(losses["loss_semantic"].item<float>(), (-std::log(0.75) + std::log(2.0)) / 2, 1e-6);
  // Only the deltas of the gt class (columns 4..7) of the positive count; / 2 sampled RoIs.
  ZSI_CHECK_NEAR(losses["loss_bbox"].item<float>(), (0.125 + 1.5) / 2, 1e-6);
  ZSI_CHECK_NEAR(losses["bbox_loss_ed"].item<float>(), 0.5 * 4.0 / 4.0, 1e-6);
  ZSI_CHECK_NEAR(losses["acc"].item<float>(), 100.0, 1e-4);
}

ZSI_TEST(mask_head_losses_hand_case) {
  ModelConfig cfg;
  MaskHeadOutput out;
  out.visual = torch::ones({1, 1, 2, 2});
  out.reconstructed = torch::zeros({1, 1, 2, 2});
  const float l3 = std::log(3.0f);
  auto logits = torch::tensor({0.0f, 0.0f, l3, -l3}).view({1, 2, 2});
  auto targets = torch::tensor({1.0f, 0.0f, 1.0f, 0.0f}).view({1, 2, 2});
  LossMap losses;
  addMaskHeadLosses(logits, targets, out, cfg, losses);
  ZSI_CHECK_NEAR(losses["loss_mask"].item<float>(), (2 * std::log(2.0) - 2 * std::log(0.75)) / 4, 1e-6);
  ZSI_CHECK_NEAR(losses["loss_ed"].item<float>(), 0.5, 1e-6);
}

ZSI_TEST(total_loss_sums_all_but_accuracy) {
  LossMap m{{"loss_a", torch::tensor(1.5f)}, {"acc", torch::tensor(90.0f)}, {"bbox_loss_ed", torch::tensor(0.25f)}};
  ZSI_CHECK_NEAR(totalLoss(m).item<float>(), 1.75, 1e-6);
}
