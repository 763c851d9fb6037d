#pragma once
// COCOeval.accumulate for one category: merges the matched detections of all images by score and
// fills that category's slice of the precision, recall and scores arrays, for every IoU threshold,
// area range and maxDets. Not thread-safe per instance (scratch buffers); use one per thread.
// Different categories write disjoint elements of the result, so threads can share it.

#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/eval/EvalResult.h"

namespace zsi {

// The detections of one category that survived the per-(image, category) maxDets cut, in
// ascending image order and, within an image, in score order: COCOeval's concatenation order.
struct CategoryDetections {
  const double* scores = nullptr;
  const std::uint32_t* ranks = nullptr;    // position within its (image, category) after sorting
  const std::uint8_t* outcomes = nullptr;  // [n][A][T], see CellMatcher
  // [n][A]: the outcome when it is the same at every threshold, else kMixedOutcome. Optional:
  // without it every row is read threshold by threshold.
  const std::uint8_t* uniform = nullptr;
  std::size_t count = 0;
  const std::int64_t* numGt = nullptr;  // [A]: non-ignored GT of the category over all images
};

class CategoryAccumulator {
 public:
  explicit CategoryAccumulator(const EvalParams& params);

  void accumulate(std::size_t k, const CategoryDetections& dets, EvalResult& out);

 private:
  void fillThreshold(std::size_t k, std::size_t a, std::size_t mi, std::size_t t, std::size_t nd,
                     std::int64_t npig, const CategoryDetections& dets, EvalResult& out);

  const EvalParams& params_;
  std::vector<std::pair<double, std::uint32_t>> byScore_;  // (-score, slot): sorts like mergesort
  std::vector<std::uint32_t> order_;                       // slot indices by score
  std::vector<std::uint32_t> included_;                    // those within the current maxDets
  // Per IoU threshold: positions (in included_) of the true positives, and the false positives
  // before each.
  std::vector<std::vector<std::uint32_t>> tpPosition_;
  std::vector<std::vector<std::uint32_t>> tpFalsePositives_;
  std::vector<std::uint32_t> falsePositives_;
  std::vector<double> suffixMax_;
};

}  // namespace zsi
