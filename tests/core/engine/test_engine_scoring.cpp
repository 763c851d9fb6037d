// The score combination of spec §9 and the quirk switches of §13 on a hand-made case: one RoI,
// two seen classes w1 = (1, 0), w2 = (0, 1), background b = (0.5, 0.5), p = (0.1, 0.7, 0.2):
// v = p·W_s = (0.75, 0.25), so S(w1) = 0.75, S(w2) = 0.25 and S(u = (0.6, 0.8)) = 0.65.

#include <cmath>

#include "core/engine/ZeroShotScoring.h"
#include "tests/core/engine/EngineTestUtil.h"

using namespace zsi;
using zsi::test::maxAbsDiff;

namespace {

struct Case {
  ModelConfig cfg;
  BoxPredictions pred;
  torch::Tensor classifier;
  ScoringClasses classes;
};

Case makeCase() {
  Case c;
  c.cfg.classes.numSeen = 2;
  c.cfg.classes.semanticDims = 2;
  c.pred.rois = torch::tensor({0.0f, 0.0f, 9.0f, 9.0f}).view({1, 4});
  c.pred.logits = torch::log(torch::tensor({0.1f, 0.7f, 0.2f})).view({1, 3});
  // Class 1 moves the box 1 px right (dx 0.1 · std 0.1 · w 10), class 2 1 px down.
  c.pred.deltas = torch::tensor({0.f, 0.f, 0.f, 0.f, 1.f, 0.f, 0.f, 0.f, 0.f, 1.f, 0.f, 0.f}).view({1, 12});
  c.classifier = torch::tensor({0.5f, 0.5f, 1.f, 0.f, 0.f, 1.f}).view({3, 2});
  c.pred.background = c.classifier[0];
  c.classes.vectors = torch::tensor({1.f, 0.f, 0.f, 1.f, 0.6f, 0.8f}).view({3, 2});
  c.classes.unseen = torch::tensor({0, 0, 1}, torch::kLong).to(torch::kBool);
  c.classes.trainLabel = torch::tensor({1, 2, 0}, torch::kLong);
  return c;
}

ScoredDetections run(const Case& c, bool seen) {
  ScoringOptions o;
  o.includeSeen = seen;
  return scoreDetections(c.pred, c.classifier, c.classes, o, c.cfg, 100, 100);
}

}  // namespace

ZSI_TEST(zsd_score_is_the_projected_word_vector) {
  auto c = makeCase();
  auto d = run(c, false);
  ZSI_REQUIRE_EQ(d.scores.numel(), 1);
  ZSI_CHECK_NEAR(d.scores[0].item<float>(), 0.65, 1e-5);
  ZSI_CHECK_EQ(d.labels[0].item<int64_t>(), 2);
  ZSI_CHECK_NEAR(d.topSeen[0].item<float>(), 0.75, 1e-5);
  ZSI_CHECK_NEAR(d.topUnseen[0].item<float>(), 0.65, 1e-5);
  ZSI_CHECK(maxAbsDiff(d.semantic, torch::tensor({0.75f, 0.25f}).view({1, 2})) < 1e-6);
  // Sound default: unseen boxes use the seen deltas weighted by p over seen classes:
  // (0.7 · (1,0) + 0.2 · (0,1)) / 0.9 px.
  ZSI_CHECK(maxAbsDiff(d.boxes, torch::tensor({7.f / 9, 2.f / 9, 9 + 7.f / 9, 9 + 2.f / 9}).view({1, 4})) < 1e-4);
}

ZSI_TEST(zsd_official_regression_pairs_unseen_with_same_index_seen_class) {
  auto c = makeCase();
  c.cfg.quirks.unseenRegression = UnseenRegression::SameIndex;
  auto d = run(c, false);
  ZSI_CHECK(maxAbsDiff(d.boxes, torch::tensor({1.f, 0.f, 10.f, 9.f}).view({1, 4})) < 1e-4);
}

ZSI_TEST(gzsd_joint_merge_suppresses_across_groups) {
  auto c = makeCase();
  auto d = run(c, true);
  // w1 (0.75) and w2 (0.25) survive per-class NMS; u (0.65) overlaps w1's box and is suppressed.
  ZSI_REQUIRE_EQ(d.scores.numel(), 2);
  ZSI_CHECK_EQ(d.labels[0].item<int64_t>(), 0);
  ZSI_CHECK_EQ(d.labels[1].item<int64_t>(), 1);
  ZSI_CHECK_NEAR(d.scores[0].item<float>(), 0.75, 1e-5);
  ZSI_CHECK(maxAbsDiff(d.boxes[0], torch::tensor({1.f, 0.f, 10.f, 9.f})) < 1e-4);
  ZSI_CHECK(maxAbsDiff(d.boxes[1], torch::tensor({0.f, 1.f, 9.f, 10.f})) < 1e-4);
}

ZSI_TEST(gzsd_official_merge_reports_both_groups) {
  auto c = makeCase();
  c.cfg.quirks.gzsdMerge = GzsdMerge::Separate;
  auto d = run(c, true);
  ZSI_REQUIRE_EQ(d.scores.numel(), 3);
  std::vector<int64_t> labels(d.labels.data_ptr<int64_t>(), d.labels.data_ptr<int64_t>() + 3);
  ZSI_CHECK((labels == std::vector<int64_t>{0, 1, 2}));
  // The hard-coded 0.05 threshold ignores score_thr.
  ScoringOptions o;
  o.includeSeen = true;
  o.scoreThr = 0.5;
  ZSI_CHECK_EQ(scoreDetections(c.pred, c.classifier, c.classes, o, c.cfg, 100, 100).scores.numel(), 3);
  c.cfg.quirks.gzsdMerge = GzsdMerge::Joint;
  ZSI_CHECK_EQ(scoreDetections(c.pred, c.classifier, c.classes, o, c.cfg, 100, 100).scores.numel(), 1);
}

ZSI_TEST(seen_bias_calibrates_gzsd) {
  auto c = makeCase();
  ScoringOptions o;
  o.includeSeen = true;
  o.seenBias = 0.2;  // w1 → 0.55 < u 0.65: the unseen detection now wins the box
  auto d = scoreDetections(c.pred, c.classifier, c.classes, o, c.cfg, 100, 100);
  ZSI_REQUIRE(d.scores.numel() >= 1);
  ZSI_CHECK_EQ(d.labels[0].item<int64_t>(), 2);
  ZSI_CHECK_NEAR(d.scores[0].item<float>(), 0.65, 1e-5);
}

ZSI_TEST(adding_an_unseen_class_changes_zsd_without_retraining) {
  auto c = makeCase();
  auto before = run(c, false);
  // A second unseen class aligned with w1 scores 0.75 and takes the box.
  c.classes.vectors = torch::cat({c.classes.vectors, torch::tensor({1.f, 0.f}).view({1, 2})});
  c.classes.unseen = torch::cat({c.classes.unseen, torch::tensor({true})});
  c.classes.trainLabel = torch::cat({c.classes.trainLabel, torch::tensor({0}, torch::kLong)});
  auto after = run(c, false);
  ZSI_CHECK_EQ(before.scores.numel(), 1);
  ZSI_REQUIRE_EQ(after.scores.numel(), 2);
  ZSI_CHECK_EQ(after.labels[0].item<int64_t>(), 3);
  ZSI_CHECK_NEAR(after.scores[0].item<float>(), 0.75, 1e-5);
}
