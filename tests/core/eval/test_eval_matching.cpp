// COCOeval's matching and accumulation conventions on hand-made cases, one convention per case.

#include <algorithm>
#include <atomic>
#include <cmath>
#include <random>

#include "core/eval/CategoryAccumulator.h"
#include "core/eval/CellMatcher.h"
#include "core/eval/CocoSummary.h"
#include "core/eval/Evaluate.h"
#include "tests/core/eval/EvalTestUtil.h"
#include "tests/harness/ZsiTest.h"

using namespace zsi;
using zsi::test::dtBox;
using zsi::test::gtBox;

namespace {

EvalInput oneImage() {
  EvalInput in;
  in.imageIds = {1};
  in.categories = {{1, "cat"}};
  return in;
}

EvalResult run(const EvalInput& in, const EvalParams& p) {
  auto r = evaluate(in, p);
  ZSI_REQUIRE_OK(r);
  return std::move(r).value();
}

double ap(const EvalResult& r, double iou) {
  return summarizeStat(r, true, iou, "all", 100);
}
double ar(const EvalResult& r, double iou, int maxDets = 100) {
  return summarizeStat(r, false, iou, "all", maxDets);
}

}  // namespace

ZSI_TEST(perfect_detection_gives_pycocotools_precision) {
  EvalInput in = oneImage();
  in.groundTruth = {gtBox(1, 1, 1, {10.5, 20.25, 30.1, 40.7})};
  in.detections = {dtBox(1, 1, {10.5, 20.25, 30.1, 40.7}, 0.9)};
  EvalResult r = run(in, EvalParams::coco(IouType::Bbox));
  // tp / (tp + fp + eps) with one detection: 1 / (1 + 2^-52), as pycocotools gives.
  ZSI_CHECK_EQ(r.precision[r.precisionIndex(0, 0, 0, 0, 2)], 0.9999999999999998);
  ZSI_CHECK_EQ(r.recall[r.recallIndex(9, 0, 0, 2)], 1.0);
  ZSI_CHECK_NEAR(ap(r, -1), 1.0, 1e-15);
}

ZSI_TEST(crowd_region_absorbs_detections_as_ignored) {
  EvalInput in = oneImage();
  in.groundTruth = {gtBox(1, 1, 1, {0, 0, 10, 10}), gtBox(2, 1, 1, {100, 100, 200, 200}, true)};
  in.detections = {dtBox(1, 1, {110, 110, 20, 20}, 0.99), dtBox(1, 1, {150, 150, 30, 30}, 0.98),
                   dtBox(1, 1, {200, 200, 50, 50}, 0.97), dtBox(1, 1, {0, 0, 10, 10}, 0.5)};
  EvalResult r = run(in, EvalParams::coco(IouType::Bbox));
  // The three detections inside the crowd are neither TP nor FP: precision stays perfect.
  ZSI_CHECK_NEAR(ap(r, 0.5), 1.0, 1e-15);
  ZSI_CHECK_EQ(r.precision[r.precisionIndex(0, 0, 0, 0, 2)], 0.9999999999999998);
  ZSI_CHECK_EQ(r.numGroundTruth[0], 1);  // the crowd region is not counted
  ZSI_CHECK_EQ(r.recall[r.recallIndex(0, 0, 0, 2)], 1.0);
}

ZSI_TEST(leading_ignored_detections_give_zero_not_nan) {
  EvalInput in = oneImage();
  in.groundTruth = {gtBox(1, 1, 1, {0, 0, 10, 10}), gtBox(2, 1, 1, {100, 100, 200, 200}, true)};
  in.detections = {dtBox(1, 1, {110, 110, 20, 20}, 0.9), dtBox(1, 1, {50, 50, 5, 5}, 0.8),
                   dtBox(1, 1, {0, 0, 10, 10}, 0.5)};
  EvalResult r = run(in, EvalParams::coco(IouType::Bbox));
  // Sequence: ignored (pr 0/eps = 0), FP, TP: pr = [0, 0, 1/2] -> monotone [1/2, 1/2, 1/2].
  for (std::size_t i = 0; i < r.numRecall; ++i)
    ZSI_CHECK_EQ(r.precision[r.precisionIndex(0, i, 0, 0, 2)], 0.5);
}

ZSI_TEST(area_range_ends_are_inclusive) {
  EvalInput in = oneImage();
  in.groundTruth = {gtBox(1, 1, 1, {0, 0, 32, 32}), gtBox(2, 1, 1, {100, 100, 96, 96})};
  in.detections = {dtBox(1, 1, {0, 0, 32, 32}, 0.9)};
  EvalResult r = run(in, EvalParams::coco(IouType::Bbox));
  // Area 1024 is small and medium, 9216 medium and large.
  ZSI_CHECK_EQ(r.numGroundTruth[r.areaIndex("all")], 2);
  ZSI_CHECK_EQ(r.numGroundTruth[r.areaIndex("small")], 1);
  ZSI_CHECK_EQ(r.numGroundTruth[r.areaIndex("medium")], 2);
  ZSI_CHECK_EQ(r.numGroundTruth[r.areaIndex("large")], 1);
  ZSI_CHECK_EQ(r.recall[r.recallIndex(0, 0, r.areaIndex("small"), 2)], 1.0);
  ZSI_CHECK_EQ(r.recall[r.recallIndex(0, 0, r.areaIndex("large"), 2)], 0.0);
}

ZSI_TEST(unmatched_detection_outside_area_range_is_ignored) {
  EvalInput in = oneImage();
  in.groundTruth = {gtBox(1, 1, 1, {0, 0, 10, 10})};
  in.detections = {dtBox(1, 1, {300, 300, 100, 100}, 0.9), dtBox(1, 1, {0, 0, 10, 10}, 0.8)};
  EvalResult r = run(in, EvalParams::coco(IouType::Bbox));
  const int small = r.areaIndex("small");
  // In "small" the large false positive is ignored; in "all" it costs precision.
  ZSI_CHECK_EQ(r.precision[r.precisionIndex(0, 0, 0, small, 2)], 0.9999999999999998);
  ZSI_CHECK_EQ(r.precision[r.precisionIndex(0, 0, 0, 0, 2)], 0.5);
}

ZSI_TEST(max_dets_cut_is_per_image_and_category) {
  EvalInput in = oneImage();
  in.categories = {{1, "a"}, {2, "b"}};
  in.groundTruth = {gtBox(1, 1, 1, {0, 0, 10, 10}), gtBox(2, 1, 2, {50, 50, 10, 10})};
  in.detections = {dtBox(1, 1, {0, 0, 10, 10}, 0.9), dtBox(1, 2, {50, 50, 10, 10}, 0.8)};
  EvalResult r = run(in, EvalParams::coco(IouType::Bbox));
  // With maxDets = 1 per image only the first category would be found (AR1 = 0.5).
  ZSI_CHECK_EQ(ar(r, -1, 1), 1.0);
}

ZSI_TEST(max_dets_keeps_highest_scores_of_the_cell) {
  EvalInput in = oneImage();
  in.groundTruth = {gtBox(1, 1, 1, {0, 0, 10, 10})};
  for (int i = 0; i < 120; ++i) in.detections.push_back(dtBox(1, 1, {500.0 + i, 0, 5, 5}, 0.5));
  in.detections.push_back(dtBox(1, 1, {0, 0, 10, 10}, 0.4));  // 121st by score: cut at 100
  EvalResult r = run(in, EvalParams::coco(IouType::Bbox));
  ZSI_CHECK_EQ(r.numDetections[0], 100);
  ZSI_CHECK_EQ(r.recall[r.recallIndex(0, 0, 0, 2)], 0.0);
}

ZSI_TEST(score_ties_keep_file_order_within_an_image) {
  EvalInput in = oneImage();
  in.groundTruth = {gtBox(1, 1, 1, {0, 0, 10, 10})};
  in.detections = {dtBox(1, 1, {50, 50, 10, 10}, 0.7), dtBox(1, 1, {0, 0, 10, 10}, 0.7)};
  EvalResult r = run(in, EvalParams::coco(IouType::Bbox));
  ZSI_CHECK_EQ(ap(r, 0.5), 0.5);  // FP first, then TP: precision 1/2 at recall 1
  std::swap(in.detections[0], in.detections[1]);
  ZSI_CHECK_NEAR(ap(run(in, EvalParams::coco(IouType::Bbox)), 0.5), 1.0, 1e-15);
}

ZSI_TEST(score_ties_across_images_follow_image_id_order) {
  EvalInput in;
  in.imageIds = {7, 3};  // any order: evaluation sorts them
  in.categories = {{1, "cat"}};
  in.groundTruth = {gtBox(1, 7, 1, {0, 0, 10, 10}), gtBox(2, 3, 1, {0, 0, 10, 10})};
  // Image 7 (listed first) has the true positive, image 3 the false positive, equal scores.
  in.detections = {dtBox(7, 1, {0, 0, 10, 10}, 0.6), dtBox(3, 1, {40, 40, 10, 10}, 0.6)};
  EvalResult r = run(in, EvalParams::coco(IouType::Bbox));
  // Merged order: image 3 first -> FP, TP: precision 1/2 at recall 1/2.
  ZSI_CHECK_EQ(r.precision[r.precisionIndex(0, 0, 0, 0, 2)], 0.5);
  ZSI_CHECK_EQ(r.precision[r.precisionIndex(0, 51, 0, 0, 2)], 0.0);
}

ZSI_TEST(recall_thresholds_are_i_times_001) {
  // 20 GT; 7 TP, then 1 FP, then 1 TP. rc after 7 TP = 7/20 = 0.35 (the double just below 0.35),
  // recThrs[35] = 35 * 0.01 = 0.35000000000000003 > rc: its precision comes from the 9th detection.
  EvalInput in = oneImage();
  for (int i = 0; i < 20; ++i) in.groundTruth.push_back(gtBox(i + 1, 1, 1, {20.0 * i, 0, 10, 10}));
  for (int i = 0; i < 7; ++i)
    in.detections.push_back(dtBox(1, 1, {20.0 * i, 0, 10, 10}, 0.9 - 0.01 * i));
  in.detections.push_back(dtBox(1, 1, {0, 300, 10, 10}, 0.5));
  in.detections.push_back(dtBox(1, 1, {20.0 * 7, 0, 10, 10}, 0.4));
  EvalResult r = run(in, EvalParams::coco(IouType::Bbox));
  ZSI_CHECK_EQ(r.params.recallThresholds[35], 0.35000000000000003);
  ZSI_CHECK_EQ(r.precision[r.precisionIndex(0, 34, 0, 0, 2)], 1.0);
  ZSI_CHECK_EQ(r.precision[r.precisionIndex(0, 35, 0, 0, 2)], 8.0 / 9.0);
  ZSI_CHECK_EQ(r.precision[r.precisionIndex(0, 40, 0, 0, 2)], 8.0 / 9.0);
  ZSI_CHECK_EQ(r.precision[r.precisionIndex(0, 41, 0, 0, 2)], 0.0);
  ZSI_CHECK_EQ(r.scores[r.precisionIndex(0, 35, 0, 0, 2)], 0.4);
}

ZSI_TEST(iou_equal_to_threshold_matches) {
  EvalInput in = oneImage();
  in.groundTruth = {gtBox(1, 1, 1, {0, 0, 10, 10})};
  in.detections = {dtBox(1, 1, {0, 0, 20, 10}, 0.9)};  // IoU exactly 0.5
  EvalResult r = run(in, EvalParams::coco(IouType::Bbox));
  ZSI_CHECK_EQ(r.recall[r.recallIndex(0, 0, 0, 2)], 1.0);
  ZSI_CHECK_EQ(r.recall[r.recallIndex(1, 0, 0, 2)], 0.0);
}

ZSI_TEST(equal_iou_later_ground_truth_wins) {
  EvalInput in = oneImage();
  in.groundTruth = {gtBox(1, 1, 1, {0, 0, 10, 10}), gtBox(2, 1, 1, {10, 0, 10, 10})};
  // The first detection overlaps both by 1/3; it takes the later GT, so the second one (exactly
  // the later GT) finds it taken and is a false positive.
  in.detections = {dtBox(1, 1, {5, 0, 10, 10}, 0.9), dtBox(1, 1, {10, 0, 10, 10}, 0.8)};
  EvalParams p = EvalParams::coco(IouType::Bbox);
  p.iouThresholds = {0.3};
  EvalResult r = run(in, p);
  ZSI_CHECK_EQ(r.recall[r.recallIndex(0, 0, 0, 2)], 0.5);
}

ZSI_TEST(match_to_annotation_id_zero_counts_as_false_positive) {
  EvalInput in = oneImage();
  in.groundTruth = {gtBox(0, 1, 1, {0, 0, 10, 10})};
  in.detections = {dtBox(1, 1, {0, 0, 10, 10}, 0.9)};
  EvalResult r = run(in, EvalParams::coco(IouType::Bbox));
  // COCOeval stores the matched GT id and tests it for != 0.
  ZSI_CHECK_EQ(r.recall[r.recallIndex(0, 0, 0, 2)], 0.0);
  ZSI_CHECK_EQ(r.precision[r.precisionIndex(0, 0, 0, 0, 2)], 0.0);
}

ZSI_TEST(category_without_ground_truth_is_minus_one) {
  EvalInput in = oneImage();
  in.categories = {{1, "a"}, {2, "b"}, {3, "c"}};
  in.groundTruth = {gtBox(1, 1, 1, {0, 0, 10, 10}), gtBox(2, 1, 3, {0, 0, 10, 10})};
  in.detections = {dtBox(1, 1, {0, 0, 10, 10}, 0.9), dtBox(1, 2, {0, 0, 10, 10}, 0.9)};
  EvalResult r = run(in, EvalParams::coco(IouType::Bbox));
  ZSI_CHECK_EQ(r.precision[r.precisionIndex(0, 0, 1, 0, 2)], -1.0);  // b: detections only
  ZSI_CHECK_EQ(r.recall[r.recallIndex(0, 1, 0, 2)], -1.0);
  ZSI_CHECK_EQ(r.precision[r.precisionIndex(0, 0, 2, 0, 2)], 0.0);  // c: GT, no detections
  ZSI_CHECK_EQ(r.recall[r.recallIndex(0, 2, 0, 2)], 0.0);
  // The mean skips b: (1/(1+eps) + 0) / 2.
  ZSI_CHECK_NEAR(ap(r, 0.5), 0.5, 1e-15);
}

ZSI_TEST(category_subset_and_unknown_ids_are_left_out) {
  EvalInput in = oneImage();
  in.categories = {{1, "a"}, {2, "b"}};
  in.groundTruth = {gtBox(1, 1, 1, {0, 0, 10, 10}), gtBox(2, 1, 2, {0, 0, 10, 10})};
  in.detections = {dtBox(1, 1, {0, 0, 10, 10}, 0.9), dtBox(1, 99, {0, 0, 10, 10}, 0.9),
                   dtBox(42, 1, {0, 0, 10, 10}, 0.9)};
  EvalParams p = EvalParams::coco(IouType::Bbox);
  p.categoryIds = {1, 1};
  EvalResult r = run(in, p);
  ZSI_CHECK_EQ(r.numCategories, std::size_t{1});
  ZSI_CHECK_EQ(r.numDetections[0], 1);  // image 42 is not a GT image
  ZSI_CHECK_NEAR(ap(r, 0.5), 1.0, 1e-15);
}

ZSI_TEST(no_detections_give_zero) {
  EvalInput in = oneImage();
  in.groundTruth = {gtBox(1, 1, 1, {0, 0, 10, 10})};
  EvalResult r = run(in, EvalParams::coco(IouType::Bbox));
  const std::vector<double> stats = summarizeCoco(r).stats();
  ZSI_CHECK_EQ(stats[0], 0.0);
  ZSI_CHECK_EQ(stats[8], 0.0);
  ZSI_CHECK_EQ(stats[5], -1.0);  // no large objects
}

ZSI_TEST(segm_uses_masks_and_wrong_size_never_matches) {
  EvalInput in = oneImage();
  EvalGroundTruth g = gtBox(1, 1, 1, {2, 2, 4, 4});
  g.mask = rleFromBbox({2, 2, 4, 4}, 10, 10);
  in.groundTruth = {g};
  EvalDetection good = dtBox(1, 1, {0, 0, 1, 1}, 0.9);  // the box is not looked at for segm
  good.mask = rleFromBbox({2, 2, 4, 4}, 10, 10);
  good.area = static_cast<double>(rleArea(good.mask));
  EvalDetection wrong = good;
  wrong.mask = rleFromBbox({2, 2, 4, 4}, 12, 10);  // IoU -1: a false positive
  wrong.score = 0.95;
  in.detections = {good, wrong};
  EvalResult r = run(in, EvalParams::coco(IouType::Segm));
  ZSI_CHECK_EQ(r.recall[r.recallIndex(9, 0, 0, 2)], 1.0);
  ZSI_CHECK_EQ(r.precision[r.precisionIndex(0, 0, 0, 0, 2)], 0.5);
}

ZSI_TEST(cancel_flag_returns_cancelled) {
  EvalInput in = oneImage();
  in.groundTruth = {gtBox(1, 1, 1, {0, 0, 10, 10})};
  std::atomic<bool> cancel{true};
  EvalOptions opt;
  opt.progress.cancel = &cancel;
  auto r = evaluate(in, EvalParams::coco(IouType::Bbox), opt);
  ZSI_REQUIRE(!r.ok());
  ZSI_CHECK_EQ(r.error().message, std::string(kCancelledMessage));
}

ZSI_TEST(bad_parameters_and_scores_are_errors) {
  EvalInput in = oneImage();
  in.detections = {dtBox(1, 1, {0, 0, 10, 10}, std::nan(""))};
  auto r = evaluate(in, EvalParams::coco(IouType::Bbox));
  ZSI_REQUIRE(!r.ok());
  ZSI_CHECK(r.error().field.find("detection 0") != std::string::npos);
  EvalParams p = EvalParams::coco(IouType::Bbox);
  p.maxDets = {};
  in.detections.clear();
  auto r2 = evaluate(in, p);
  ZSI_REQUIRE(!r2.ok());
  ZSI_CHECK(r2.error().field.find("maxDets") != std::string::npos);
}

ZSI_TEST(results_do_not_depend_on_thread_count) {
  std::mt19937_64 rng(5);
  std::uniform_real_distribution<double> pos(0, 400), size(4, 120), score(0, 1);
  EvalInput in;
  for (int img = 1; img <= 60; ++img) in.imageIds.push_back(img);
  for (int c = 1; c <= 7; ++c) in.categories.push_back({c, "c" + std::to_string(c)});
  std::int64_t id = 1;
  for (int img = 1; img <= 60; ++img) {
    for (int i = 0; i < 12; ++i) {
      std::array<double, 4> b{pos(rng), pos(rng), size(rng), size(rng)};
      const int cat = 1 + static_cast<int>(rng() % 7);
      in.groundTruth.push_back(gtBox(id++, img, cat, b, rng() % 20 == 0));
      if (rng() % 4 != 0) {
        std::array<double, 4> d{b[0] + pos(rng) / 40, b[1] + pos(rng) / 40, b[2], b[3]};
        in.detections.push_back(dtBox(img, cat, d, std::round(score(rng) * 100) / 100));
      }
    }
    for (int i = 0; i < 30; ++i)
      in.detections.push_back(dtBox(img, 1 + static_cast<int>(rng() % 7),
                                    {pos(rng), pos(rng), size(rng), size(rng)},
                                    std::round(score(rng) * 100) / 100));
  }
  EvalOptions one, many;
  one.threads = 1;
  many.threads = 5;
  auto a = evaluate(in, EvalParams::coco(IouType::Bbox), one);
  auto b = evaluate(in, EvalParams::coco(IouType::Bbox), many);
  ZSI_REQUIRE_OK(a);
  ZSI_REQUIRE_OK(b);
  ZSI_CHECK(a->precision == b->precision);
  ZSI_CHECK(a->recall == b->recall);
  ZSI_CHECK(a->scores == b->scores);
  ZSI_CHECK(summarizeCoco(*a).stats()[0] > 0.05);
}

ZSI_TEST(progress_reaches_one) {
  EvalInput in = oneImage();
  in.groundTruth = {gtBox(1, 1, 1, {0, 0, 10, 10})};
  double last = -1;
  EvalOptions opt;
  opt.progress.onProgress = [&](double f, const std::string&) { last = f; };
  ZSI_REQUIRE_OK(evaluate(in, EvalParams::coco(IouType::Bbox), opt));
  ZSI_CHECK_EQ(last, 1.0);
}

namespace {

// COCOeval.accumulate for one category, transcribed line by line (cumsum, eps, right-to-left
// maximum, searchsorted with side='left', the IndexError that leaves zeros).
void literalAccumulate(const EvalParams& p, std::size_t k, const CategoryDetections& dets,
                       EvalResult& out) {
  const std::size_t T = p.iouThresholds.size(), A = p.areaRanges.size();
  std::vector<std::uint32_t> order(dets.count);
  for (std::uint32_t i = 0; i < dets.count; ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::uint32_t x, std::uint32_t y) {
    return -dets.scores[x] < -dets.scores[y];
  });
  for (std::size_t m = 0; m < p.maxDets.size(); ++m) {
    std::vector<std::uint32_t> inc;
    for (std::uint32_t i : order)
      if (dets.ranks[i] < static_cast<std::uint32_t>(p.maxDets[m])) inc.push_back(i);
    for (std::size_t a = 0; a < A; ++a) {
      if (dets.numGt[a] == 0) continue;
      for (std::size_t t = 0; t < T; ++t) {
        std::vector<double> rc, pr;
        double tp = 0, fp = 0;
        for (std::uint32_t i : inc) {
          const std::uint8_t o = dets.outcomes[i * A * T + a * T + t];
          tp += o == kTruePositive;
          fp += o == kFalsePositive;
          rc.push_back(tp / static_cast<double>(dets.numGt[a]));
          pr.push_back(tp / (fp + tp + 2.220446049250313e-16));
        }
        const std::size_t nd = inc.size();
        out.recall[out.recallIndex(t, k, a, m)] = nd ? rc.back() : 0;
        for (std::size_t i = nd - 1; nd > 0 && i > 0; --i)
          if (pr[i] > pr[i - 1]) pr[i - 1] = pr[i];
        for (std::size_t r = 0; r < p.recallThresholds.size(); ++r) {
          const std::size_t pi =
              std::lower_bound(rc.begin(), rc.end(), p.recallThresholds[r]) - rc.begin();
          const std::size_t idx = out.precisionIndex(t, r, k, a, m);
          out.precision[idx] = pi < nd ? pr[pi] : 0.0;
          out.scores[idx] = pi < nd ? dets.scores[inc[pi]] : 0.0;
        }
      }
    }
  }
}

}  // namespace

ZSI_TEST(accumulator_equals_literal_cocoeval_accumulate) {
  std::mt19937_64 rng(11);
  EvalParams p = EvalParams::coco(IouType::Bbox);
  const std::size_t T = p.iouThresholds.size(), A = p.areaRanges.size();
  for (int trial = 0; trial < 200; ++trial) {
    const std::size_t n = rng() % 300;
    std::vector<double> scores(n);
    std::vector<std::uint32_t> ranks(n);
    std::vector<std::uint8_t> outcomes(n * A * T);
    for (std::size_t i = 0; i < n; ++i) {
      scores[i] = static_cast<double>(rng() % 20) / 20;  // many ties
      ranks[i] = static_cast<std::uint32_t>(rng() % 30);
      for (std::size_t j = 0; j < A * T; ++j)
        outcomes[i * A * T + j] = static_cast<std::uint8_t>(rng() % 3);
    }
    std::vector<std::int64_t> numGt(A);
    for (auto& g : numGt) g = static_cast<std::int64_t>(rng() % 40);
    // Rows that are the same at every threshold, as CellMatcher summarises them.
    std::vector<std::uint8_t> uniform(n * A);
    for (std::size_t i = 0; i < n; ++i) {
      if (rng() % 2) {
        for (std::size_t a = 0; a < A; ++a)
          std::fill_n(&outcomes[i * A * T + a * T], T, static_cast<std::uint8_t>(rng() % 3));
      }
      for (std::size_t a = 0; a < A; ++a) {
        const std::uint8_t* row = &outcomes[i * A * T + a * T];
        uniform[i * A + a] = std::all_of(row, row + T, [&](std::uint8_t o) { return o == row[0]; })
                                 ? row[0]
                                 : kMixedOutcome;
      }
    }
    CategoryDetections d{scores.data(), ranks.data(), outcomes.data(), nullptr, n, numGt.data()};
    CategoryDetections du = d;
    du.uniform = uniform.data();
    EvalResult fast, fastUniform, slow;
    for (EvalResult* r : {&fast, &fastUniform, &slow}) {
      r->params = p;
      r->numIou = T;
      r->numRecall = p.recallThresholds.size();
      r->numCategories = 1;
      r->numAreas = A;
      r->numMaxDets = p.maxDets.size();
      r->precision.assign(T * r->numRecall * A * r->numMaxDets, -1);
      r->scores = r->precision;
      r->recall.assign(T * A * r->numMaxDets, -1);
      r->numGroundTruth.assign(A, 0);
      r->numDetections.assign(1, 0);
    }
    CategoryAccumulator acc(p);
    acc.accumulate(0, d, fast);
    acc.accumulate(0, du, fastUniform);
    literalAccumulate(p, 0, d, slow);
    ZSI_REQUIRE(fastUniform.precision == slow.precision);
    ZSI_REQUIRE(fastUniform.recall == slow.recall);
    ZSI_REQUIRE(fastUniform.scores == slow.scores);
    ZSI_REQUIRE(fast.precision == slow.precision);
    ZSI_REQUIRE(fast.recall == slow.recall);
    ZSI_REQUIRE(fast.scores == slow.scores);
  }
}
