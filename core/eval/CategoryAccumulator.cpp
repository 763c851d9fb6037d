#include "core/eval/CategoryAccumulator.h"

#include <algorithm>

#include "core/eval/CellMatcher.h"

namespace zsi {

namespace {
constexpr double kNumpySpacing1 = 2.220446049250313e-16;  // np.spacing(1), keeps 0/0 at 0
}

CategoryAccumulator::CategoryAccumulator(const EvalParams& params)
    : params_(params),
      tpPosition_(params.iouThresholds.size()),
      tpFalsePositives_(params.iouThresholds.size()),
      falsePositives_(params.iouThresholds.size()) {}

void CategoryAccumulator::accumulate(std::size_t k, const CategoryDetections& dets,
                                     EvalResult& out) {
  const std::size_t T = params_.iouThresholds.size();
  const std::size_t A = params_.areaRanges.size();
  const std::size_t AT = A * T;

  for (std::size_t a = 0; a < A; ++a) out.numGroundTruth[k * A + a] = dets.numGt[a];
  out.numDetections[k] = static_cast<std::int64_t>(dets.count);

  // COCOeval concatenates per image, then sorts by -score with a stable mergesort; the input is
  // already in concatenation order, so a stable sort by score gives its exact order.
  // Sorting (-score, position) pairs gives the same order without the indirection.
  byScore_.resize(dets.count);
  for (std::uint32_t i = 0; i < dets.count; ++i) byScore_[i] = {-dets.scores[i], i};
  std::sort(byScore_.begin(), byScore_.end());
  order_.resize(dets.count);
  for (std::uint32_t i = 0; i < dets.count; ++i) order_[i] = byScore_[i].second;

  for (std::size_t mi = 0; mi < params_.maxDets.size(); ++mi) {
    const auto maxDet = static_cast<std::uint32_t>(params_.maxDets[mi]);
    // Filtering a sorted list keeps its order, so this equals sorting the cut lists again.
    included_.clear();
    for (std::uint32_t i : order_) {
      if (dets.ranks[i] < maxDet) included_.push_back(i);
    }
    const std::size_t nd = included_.size();

    for (std::size_t a = 0; a < A; ++a) {
      const std::int64_t npig = dets.numGt[a];
      if (npig == 0) continue;  // stays -1: no ground truth to recall
      // One pass for all thresholds: the position of every true positive and the number of false
      // positives before it. Ignored detections only repeat the previous precision and recall.
      for (std::size_t t = 0; t < T; ++t) {
        tpPosition_[t].clear();
        tpFalsePositives_[t].clear();
        falsePositives_[t] = 0;
      }
      // False positives at every threshold (most of them) are counted once, in fpAll.
      std::uint32_t fpAll = 0;
      for (std::size_t i = 0; i < nd; ++i) {
        const std::uint32_t slot = included_[i];
        const std::uint8_t same = dets.uniform ? dets.uniform[slot * A + a] : kMixedOutcome;
        if (same == kFalsePositive) {
          ++fpAll;
          continue;
        }
        if (same == kIgnoredDetection) continue;
        const std::uint8_t* row = dets.outcomes + slot * AT + a * T;
        for (std::size_t t = 0; t < T; ++t) {
          if (row[t] == kTruePositive) {
            tpPosition_[t].push_back(static_cast<std::uint32_t>(i));
            tpFalsePositives_[t].push_back(fpAll + falsePositives_[t]);
          } else if (row[t] == kFalsePositive) {
            ++falsePositives_[t];
          }
        }
      }
      for (std::size_t t = 0; t < T; ++t) fillThreshold(k, a, mi, t, nd, npig, dets, out);
    }
  }
}

// COCOeval computes rc = tp / npig and pr = tp / (fp + tp + eps) at every detection, makes pr
// non-increasing from the right and reads q[r] = pr[searchsorted(rc, recThrs[r], 'left')].
// Between two true positives pr only falls, so the running maximum from the right is attained at
// true positives; and the first index whose recall reaches a threshold > 0 is a true positive.
// Evaluating the same expressions only there gives the same doubles with far fewer divisions.
void CategoryAccumulator::fillThreshold(std::size_t k, std::size_t a, std::size_t mi, std::size_t t,
                                        std::size_t nd, std::int64_t npig,
                                        const CategoryDetections& dets, EvalResult& out) {
  const std::size_t R = params_.recallThresholds.size();
  const std::vector<std::uint32_t>& pos = tpPosition_[t];
  const std::vector<std::uint32_t>& fps = tpFalsePositives_[t];
  const std::size_t V = pos.size();
  const double npigD = static_cast<double>(npig);

  out.recall[out.recallIndex(t, k, a, mi)] = nd ? static_cast<double>(V) / npigD : 0.0;
  suffixMax_.resize(V);
  double best = 0.0;
  for (std::size_t v = V; v-- > 0;) {
    const double tp = static_cast<double>(v + 1);
    const double pr = tp / (static_cast<double>(fps[v]) + tp + kNumpySpacing1);
    if (pr > best) best = pr;
    suffixMax_[v] = best;
  }
  std::size_t v = 0;  // candidate true positive: recall (v + 1) / npig
  for (std::size_t r = 0; r < R; ++r) {
    const double thr = params_.recallThresholds[r];
    const std::size_t idx = out.precisionIndex(t, r, k, a, mi);
    if (nd > 0 && 0.0 >= thr) {  // recall 0 at the first detection already reaches it
      out.precision[idx] = V > 0 ? suffixMax_[0] : 0.0;
      out.scores[idx] = dets.scores[included_[0]];
      continue;
    }
    while (v < V && static_cast<double>(v + 1) / npigD < thr) ++v;
    if (nd == 0 || v == V) {
      out.precision[idx] = 0.0;
      out.scores[idx] = 0.0;
      continue;
    }
    out.precision[idx] = suffixMax_[v];
    out.scores[idx] = dets.scores[included_[pos[v]]];
  }
}

}  // namespace zsi
