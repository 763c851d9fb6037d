// The COCO val2017 sample against pycocotools 2.0.11's own numbers (reference/eval_seed777.json):
// standard 12 stats, ZSI protocol, per-class AP/recall and GZSI, for bbox and segm. Also: the
// ground truth given back as detections scores 1. Every number is compared to the bit (the claim of
// docs/EVALUATION.md), except where the stored file's numpy summed differently; and numpy's
// summation rules on their own.

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>

#include <nlohmann/json.hpp>

#include "core/coco/ZsiSplit.h"
#include "core/eval/CocoEvalInput.h"
#include "core/eval/CocoSummary.h"
#include "core/eval/EvalReport.h"
#include "core/eval/Evaluate.h"
#include "core/eval/NumpySum.h"
#include "core/eval/ZsiReport.h"
#include "tests/harness/ZsiTest.h"

using namespace zsi;
using nlohmann::json;

namespace {

// The stored reference was made with numpy 1.24, which handed its add loop chunks of 8192 values:
// the standard stats that average precision over all ten IoU thresholds (AP and AP small, medium,
// large: 10 x 101 x 80 entries) can differ from ours (numpy >= 2.3: one pairwise sum) in the
// last bits. Everything else, AP50 and AP75 (101 x 80 = 8080 entries) included, is a sum numpy
// 1.24 and >= 2.3 do alike, so it must equal the file to the bit.
const char* chunkedArea(std::size_t stat) {
  switch (stat) {
    case 0:
      return "all";
    case 3:
      return "small";
    case 4:
      return "medium";
    case 5:
      return "large";
    default:
      return nullptr;
  }
}

// np.mean(precision[:, :, :, a, maxDets 100][> -1]) summed as numpy < 2.3 (chunks of 8192) and as
// numpy >= 2.3 (0.0 plus one pairwise sum), from our precision array.
std::pair<double, double> apMeans(const EvalResult& r, const std::string& area) {
  std::size_t a = 0, m = 0;
  while (r.params.areaRanges[a].label != area) ++a;
  while (r.params.maxDets[m] != 100) ++m;
  std::vector<double> valid;
  for (std::size_t t = 0; t < r.numIou; ++t)
    for (std::size_t rr = 0; rr < r.numRecall; ++rr)
      for (std::size_t k = 0; k < r.numCategories; ++k) {
        const double v = r.precision[r.precisionIndex(t, rr, k, a, m)];
        if (v > -1) valid.push_back(v);
      }
  double chunked = 0.0;
  for (std::size_t i = 0; i < valid.size(); i += 8192)
    chunked += numpyPairwiseSum(valid.data() + i, std::min<std::size_t>(8192, valid.size() - i));
  const double n = static_cast<double>(valid.size());
  return {chunked / n, (0.0 + numpyPairwiseSum(valid.data(), valid.size())) / n};
}

const json& reference() {
  static const json ref = [] {
    std::ifstream f(test::sharedData("coco-sample/reference/eval_seed777.json"));
    return json::parse(f);
  }();
  return ref;
}

const EvalInput& sampleInput(IouType type) {
  static std::map<IouType, EvalInput> cache;
  auto it = cache.find(type);
  if (it == cache.end()) {
    auto in = loadEvalInput(test::sharedData("coco-sample/instances_val2017_sample.json"),
                            test::sharedData("coco-sample/reference/detections_seed777.json"), type,
                            nullptr);
    ZSI_REQUIRE_OK(in);
    it = cache.emplace(type, std::move(in).value()).first;
  }
  return it->second;
}

// Counts the numbers that agree to the bit, for the notes.
struct Tally {
  int exact = 0, total = 0;
  double worst = 0;
  void add(double got, double want) {
    ++total;
    exact += got == want ? 1 : 0;
    worst = std::max(worst, std::fabs(got - want));
  }
  std::string text() const {
    return std::to_string(exact) + "/" + std::to_string(total) + " bit-identical, max |diff| " +
           std::to_string(worst);
  }
};

void checkStandard(IouType type) {
  const json& want = reference()[iouTypeName(type)]["standard"]["stats"];
  auto r = evaluate(sampleInput(type), EvalParams::coco(type));
  ZSI_REQUIRE_OK(r);
  const std::vector<double> got = summarizeCoco(*r).stats();
  ZSI_REQUIRE_EQ(got.size(), want.size());
  Tally tally;
  for (std::size_t i = 0; i < got.size(); ++i) {
    const double w = want[i].get<double>();
    if (const char* area = chunkedArea(i)) {
      // Our precision array summed numpy 1.24's way gives the file's number to the bit; our stat
      // is the same array summed numpy >= 2.3's way (tests/reference/coco: equal to a live one).
      const auto [asNumpy124, asNumpy23] = apMeans(*r, area);
      ZSI_CHECK_EQ(asNumpy124, w);
      ZSI_CHECK_EQ(got[i], asNumpy23);
    } else {
      ZSI_CHECK_EQ(got[i], w);
    }
    tally.add(got[i], w);
  }
  test::note(std::string(iouTypeName(type)) + " standard: " + tally.text());
}

std::vector<std::int64_t> ids(const json& list) {
  std::vector<std::int64_t> out;
  for (const json& v : list) out.push_back(v.get<std::int64_t>());
  return out;
}

void checkZsi(IouType type) {
  const json& ref = reference();
  const json& want = ref[iouTypeName(type)]["zsi"];
  const EvalInput& in = sampleInput(type);
  auto r = evaluate(in, EvalParams::zsi(type));
  ZSI_REQUIRE_OK(r);
  Tally tally;
  auto check = [&](const ZsiReport& z, const json& w) {
    const char* keys[] = {"0.4", "0.5", "0.6"};
    ZSI_REQUIRE_EQ(z.ap.size(), std::size_t{3});
    for (int t = 0; t < 3; ++t) {
      ZSI_CHECK_EQ(z.ap[t], w["AP"][keys[t]].get<double>());
      ZSI_CHECK_EQ(z.recall[t], w["AR"][keys[t]].get<double>());
      tally.add(z.ap[t], w["AP"][keys[t]].get<double>());
      tally.add(z.recall[t], w["AR"][keys[t]].get<double>());
    }
  };
  check(zsiReport(*r, {}), want["all80"]);
  check(zsiReport(*r, ids(ref["categories"]["seen48"])), want["seen48"]);
  check(zsiReport(*r, ids(ref["categories"]["unseen17"])), want["unseen17"]);

  // The same class groups by name through the built-in split.
  auto split = loadSplit("48_17");
  ZSI_REQUIRE_OK(split);
  ZSI_CHECK(groupCategoryIds(in.categories, &*split, ClassGroup::Seen) ==
            ids(ref["categories"]["seen48"]));
  ZSI_CHECK(groupCategoryIds(in.categories, &*split, ClassGroup::Unseen) ==
            ids(ref["categories"]["unseen17"]));

  // Per class at IoU 0.5 (all 80), with the split's names.
  const auto rows = perClassResults(*r, in.categories, &*split, 0.5);
  const json& pc = want["per_class_iou0.5"];
  ZSI_REQUIRE_EQ(rows.size(), pc.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    ZSI_CHECK_EQ(rows[i].categoryId, pc[i]["category_id"].get<std::int64_t>());
    ZSI_CHECK_EQ(rows[i].name, pc[i]["name"].get<std::string>());
    ZSI_CHECK_EQ(rows[i].split, pc[i]["split"].get<std::string>());
    ZSI_CHECK_EQ(rows[i].ap, pc[i]["AP"].get<double>());
    ZSI_CHECK_EQ(rows[i].recall, pc[i]["recall"].get<double>());
    tally.add(rows[i].ap, pc[i]["AP"].get<double>());
    tally.add(rows[i].recall, pc[i]["recall"].get<double>());
  }

  // GZSI: seen48 + unseen17 evaluated together.
  EvalParams gp = EvalParams::zsi(type);
  gp.categoryIds = ids(ref["categories"]["seen48"]);
  for (std::int64_t id : ids(ref["categories"]["unseen17"])) gp.categoryIds.push_back(id);
  auto gr = evaluate(in, gp);
  ZSI_REQUIRE_OK(gr);
  const GzsiReport g = gzsiReport(perClassResults(*gr, in.categories, &*split, 0.5), 0.5);
  const json& wg = want["gzsi"];
  const std::pair<double, const char*> pairs[] = {
      {g.seenAp, "seen_AP"},         {g.unseenAp, "unseen_AP"},         {g.hmAp, "hm_AP"},
      {g.seenRecall, "seen_recall"}, {g.unseenRecall, "unseen_recall"}, {g.hmRecall, "hm_recall"}};
  for (const auto& [value, key] : pairs) {
    ZSI_CHECK_EQ(value, wg[key].get<double>());
    tally.add(value, wg[key].get<double>());
  }
  test::note(std::string(iouTypeName(type)) + " zsi/per-class/gzsi: " + tally.text());
}

void checkGroundTruthAsDetections(IouType type) {
  EvalInput in = sampleInput(type);
  in.detections.clear();
  for (const EvalGroundTruth& g : in.groundTruth) {
    if (g.iscrowd) continue;
    EvalDetection d;
    d.imageId = g.imageId;
    d.categoryId = g.categoryId;
    d.bbox = g.bbox;
    d.mask = g.mask;
    d.area = type == IouType::Segm ? static_cast<double>(rleArea(g.mask)) : g.bbox[2] * g.bbox[3];
    d.score = 1.0;
    in.detections.push_back(d);
  }
  auto r = evaluate(in, EvalParams::coco(type));
  ZSI_REQUIRE_OK(r);
  const std::vector<double> s = summarizeCoco(*r).stats();
  // Every AP and AR@100 is 1 (up to pycocotools' eps: 1/(1+2^-52) where a class has one object).
  for (int i : {0, 1, 2, 3, 4, 5, 8, 9, 10, 11}) ZSI_CHECK_NEAR(s[i], 1.0, 1e-12);
  // AR@1 and AR@10 are capped by the maxDets cut per (image, category): the expected recall of
  // each class is sum over images of min(m, n) / sum of n, with n its non-crowd objects.
  for (const auto& [stat, m] : {std::pair<int, int>{6, 1}, {7, 10}}) {
    std::map<std::int64_t, std::map<std::int64_t, int>> counts;  // category -> image -> n
    for (const EvalGroundTruth& g : in.groundTruth)
      if (!g.iscrowd) ++counts[g.categoryId][g.imageId];
    double sum = 0;
    for (const auto& [cat, perImage] : counts) {
      double found = 0, total = 0;
      for (const auto& [img, n] : perImage) {
        found += std::min(n, m);
        total += n;
      }
      sum += found / total;
    }
    ZSI_CHECK_NEAR(s[stat], sum / static_cast<double>(counts.size()), 1e-12);
  }
}

}  // namespace

ZSI_TEST(reference_bbox_standard_stats) {
  checkStandard(IouType::Bbox);
}
ZSI_TEST(reference_segm_standard_stats) {
  checkStandard(IouType::Segm);
}
ZSI_TEST(reference_bbox_zsi_per_class_gzsi) {
  checkZsi(IouType::Bbox);
}
ZSI_TEST(reference_segm_zsi_per_class_gzsi) {
  checkZsi(IouType::Segm);
}
ZSI_TEST(ground_truth_as_detections_scores_one_bbox) {
  checkGroundTruthAsDetections(IouType::Bbox);
}
ZSI_TEST(ground_truth_as_detections_scores_one_segm) {
  checkGroundTruthAsDetections(IouType::Segm);
}

ZSI_TEST(reference_params_are_numpy_doubles) {
  const json& p = reference()["bbox"]["standard"]["params"];
  const EvalParams params = EvalParams::coco(IouType::Bbox);
  ZSI_REQUIRE_EQ(params.iouThresholds.size(), p["iouThrs"].size());
  for (std::size_t i = 0; i < params.iouThresholds.size(); ++i)
    ZSI_CHECK_EQ(params.iouThresholds[i], p["iouThrs"][i].get<double>());
  ZSI_REQUIRE_EQ(params.recallThresholds.size(), p["recThrs"].size());
  for (std::size_t i = 0; i < params.recallThresholds.size(); ++i)
    ZSI_CHECK_EQ(params.recallThresholds[i], p["recThrs"][i].get<double>());
}

// numpy's pairwise summation on its own, on sums whose rounding depends on the order of the adds:
// 2^53 + 1 rounds back to 2^53 (ties to even), while sums of small integers are exact.
ZSI_TEST(numpy_pairwise_summation_adds_in_numpys_order) {
  const double big = 9007199254740992.0;  // 2^53
  auto ones = [&](std::size_t n) {
    std::vector<double> v(n, 1.0);
    v[0] = big;
    return v;
  };
  // Fewer than 8: a plain loop, each 1 lost.
  ZSI_CHECK_EQ(numpyPairwiseSum(ones(7).data(), 7), big);
  // 8: ((a0 + a1) + (a2 + a3)) + ((a4 + a5) + (a6 + a7)): one 1 lost, then 2 + 4 kept.
  ZSI_CHECK_EQ(numpyPairwiseSum(ones(8).data(), 8), big + 6);
  // 16: eight accumulators r[j] = a[j] + a[j + 8]: r0 loses its 1, r1..r7 are 2.
  ZSI_CHECK_EQ(numpyPairwiseSum(ones(16).data(), 16), big + 14);
  // 256 > 128: halves of 128; the first loses the 15 ones r0 meets (7 x 16 kept), the second is
  // 128.
  ZSI_CHECK_EQ(numpyPairwiseSum(ones(256).data(), 256), big + 112 + 128);
  // 11: eight accumulators for the first 8 (2^53 + 6), then the 3 left added one by one to the
  // total: 2^53 + 7 rounds up to + 8 (ties to even), and the next two ones are lost.
  ZSI_CHECK_EQ(numpyPairwiseSum(ones(11).data(), 11), big + 8);

  // The reduction of numpy >= 2.3 is one pairwise sum over the whole array (split at 4096 for
  // 8200 values), so 2^53 + (1 + 1) is exact; numpy < 2.3's 8192-element chunks would add the
  // two ones to 2^53 separately and lose both.
  std::vector<double> v(8200, 0.0);
  v[0] = big;
  v[4096] = 1.0;
  v[8192] = 1.0;
  ZSI_CHECK_EQ(numpyReduceSum(v.data(), v.size()), big + 2);
  // The mean COCOeval takes: of the entries > -1 only, -1 when there are none.
  ZSI_CHECK_EQ(numpyMeanOfValid({-1.0, 0.25, -1.0, 0.75}), 0.5);
  ZSI_CHECK_EQ(numpyMeanOfValid({-1.0, -1.0}), -1.0);
}
