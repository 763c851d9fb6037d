#pragma once
// The outcome of an evaluation: COCOeval's `eval` arrays (precision, recall, scores) with their
// shapes, plus the ground-truth counts the reports need. Plain data: the GUI reads the per-class
// tables and PR curves from here; core/eval/CocoSummary.h and ZsiReport.h turn it into numbers.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/eval/EvalParams.h"

namespace zsi {

struct PrCurve {
  std::int64_t categoryId = 0;
  double iouThreshold = 0;
  std::vector<double> recall;     // the recall thresholds
  std::vector<double> precision;  // interpolated precision at each; all -1 without ground truth
  std::vector<double> score;      // the score of the detection that reaches each recall point
};

struct EvalResult {
  // The parameters as evaluated: categoryIds and imageIds are filled in, sorted and unique.
  EvalParams params;
  std::size_t numIou = 0, numRecall = 0, numCategories = 0, numAreas = 0, numMaxDets = 0;
  // Shapes and C order as in COCOeval: precision and scores [T][R][K][A][M], recall [T][K][A][M].
  // -1 where a category has no (non-ignored) ground truth in the area range.
  std::vector<double> precision;
  std::vector<double> recall;
  std::vector<double> scores;
  std::vector<std::int64_t> numGroundTruth;  // [K][A]: non-crowd GT in the range (COCOeval's npig)
  std::vector<std::int64_t> numDetections;   // [K]: detections left after the maxDets cut

  std::size_t precisionIndex(std::size_t t, std::size_t r, std::size_t k, std::size_t a,
                             std::size_t m) const {
    return (((t * numRecall + r) * numCategories + k) * numAreas + a) * numMaxDets + m;
  }
  std::size_t recallIndex(std::size_t t, std::size_t k, std::size_t a, std::size_t m) const {
    return ((t * numCategories + k) * numAreas + a) * numMaxDets + m;
  }

  // Index lookups; -1 when absent. Thresholds compare exactly, as np.where(iouThr == iouThrs).
  int categoryIndex(std::int64_t categoryId) const;
  int iouIndex(double threshold) const;
  int areaIndex(const std::string& label) const;
  int maxDetsIndex(int maxDets) const;

  // Precision over the recall thresholds for one category at one IoU threshold index, area range
  // and maxDets index (defaults: "all" and the largest maxDets).
  PrCurve prCurve(std::size_t k, std::size_t t, std::size_t a, std::size_t m) const;
  PrCurve prCurve(std::size_t k, std::size_t t) const;
};

}  // namespace zsi
