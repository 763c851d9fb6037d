#include "core/eval/EvalResult.h"

namespace zsi {

int EvalResult::categoryIndex(std::int64_t categoryId) const {
  for (std::size_t k = 0; k < params.categoryIds.size(); ++k) {
    if (params.categoryIds[k] == categoryId) return static_cast<int>(k);
  }
  return -1;
}

int EvalResult::iouIndex(double threshold) const {
  for (std::size_t t = 0; t < params.iouThresholds.size(); ++t) {
    if (params.iouThresholds[t] == threshold) return static_cast<int>(t);
  }
  return -1;
}

int EvalResult::areaIndex(const std::string& label) const {
  for (std::size_t a = 0; a < params.areaRanges.size(); ++a) {
    if (params.areaRanges[a].label == label) return static_cast<int>(a);
  }
  return -1;
}

int EvalResult::maxDetsIndex(int maxDets) const {
  for (std::size_t m = 0; m < params.maxDets.size(); ++m) {
    if (params.maxDets[m] == maxDets) return static_cast<int>(m);
  }
  return -1;
}

PrCurve EvalResult::prCurve(std::size_t k, std::size_t t, std::size_t a, std::size_t m) const {
  PrCurve c;
  if (k >= numCategories || t >= numIou || a >= numAreas || m >= numMaxDets) return c;
  c.categoryId = params.categoryIds[k];
  c.iouThreshold = params.iouThresholds[t];
  c.recall = params.recallThresholds;
  c.precision.reserve(numRecall);
  c.score.reserve(numRecall);
  for (std::size_t r = 0; r < numRecall; ++r) {
    c.precision.push_back(precision[precisionIndex(t, r, k, a, m)]);
    c.score.push_back(scores[precisionIndex(t, r, k, a, m)]);
  }
  return c;
}

PrCurve EvalResult::prCurve(std::size_t k, std::size_t t) const {
  const int a = areaIndex("all");
  return prCurve(k, t, a < 0 ? 0 : static_cast<std::size_t>(a), numMaxDets - 1);
}

}  // namespace zsi
