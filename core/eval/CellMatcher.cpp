#include "core/eval/CellMatcher.h"

#include <algorithm>
#include <cstring>

namespace zsi {

CellMatcher::CellMatcher(const EvalParams& params) : params_(params) {}

void CellMatcher::matchArea(const std::vector<const EvalGroundTruth*>& gts, std::size_t D,
                            const std::vector<double>& ious, const std::uint8_t* ignore,
                            std::int32_t* matches) {
  const std::size_t G = gts.size();
  const std::size_t T = params_.iouThresholds.size();
  // Non-ignored GT first, keeping file order within each group (np.argsort kind='mergesort').
  gtOrder_.clear();
  for (std::uint8_t pass = 0; pass < 2; ++pass) {
    for (std::size_t g = 0; g < G; ++g) {
      if (ignore[g] == pass) gtOrder_.push_back(static_cast<std::uint32_t>(g));
    }
  }
  for (std::size_t t = 0; t < T; ++t) {
    gtMatched_.assign(G, 0);
    const double threshold = std::min(params_.iouThresholds[t], 1 - 1e-10);
    for (std::size_t d = 0; d < D; ++d) {
      int m = -1;  // original index of the matched GT
      double best = threshold;
      const double* row = &ious[d * G];
      for (std::uint32_t g : gtOrder_) {
        if (gtMatched_[g] && !gts[g]->iscrowd) continue;
        // Once a real match is in hand, ignored GT (sorted last) cannot replace it.
        if (m > -1 && ignore[m] == 0 && ignore[g] == 1) break;
        if (row[g] < best) continue;
        best = row[g];
        m = static_cast<int>(g);
      }
      if (m > -1) gtMatched_[m] = 1;
      matches[t * D + d] = m;
    }
  }
}

void CellMatcher::match(const std::vector<const EvalGroundTruth*>& gts,
                        const std::vector<double>& dtAreas, const std::vector<double>& ious,
                        std::uint8_t* outcome, std::uint8_t* uniform, std::uint32_t* numGt,
                        std::int32_t* matchedGt, std::uint8_t* gtIgnored) {
  const std::size_t G = gts.size();
  const std::size_t D = dtAreas.size();
  const std::size_t T = params_.iouThresholds.size();
  const std::size_t A = params_.areaRanges.size();
  const bool haveIous = !ious.empty() && G > 0 && D > 0;

  if (G == 0) {
    // Nothing to match (most cells: detections of a class the image does not have): false
    // positives, ignored outside the area range.
    if (matchedGt != nullptr) std::fill(matchedGt, matchedGt + A * T * D, -1);
    for (std::size_t a = 0; a < A; ++a) {
      numGt[a] = 0;
      const double lo = params_.areaRanges[a].lo, hi = params_.areaRanges[a].hi;
      for (std::size_t d = 0; d < D; ++d) {
        const std::uint8_t o =
            (dtAreas[d] < lo || dtAreas[d] > hi) ? kIgnoredDetection : kFalsePositive;
        std::memset(outcome + d * A * T + a * T, o, T);
        uniform[d * A + a] = T > 0 ? o : kIgnoredDetection;
      }
    }
    return;
  }

  ignore_.resize(A * G);
  matches_.resize(A * T * D);
  for (std::size_t a = 0; a < A; ++a) {
    const double lo = params_.areaRanges[a].lo;
    const double hi = params_.areaRanges[a].hi;
    std::uint8_t* ignore = ignore_.data() + a * G;
    std::uint32_t nonIgnored = 0;
    for (std::size_t g = 0; g < G; ++g) {
      ignore[g] = (gts[g]->iscrowd || gts[g]->area < lo || gts[g]->area > hi) ? 1 : 0;
      nonIgnored += ignore[g] ? 0 : 1;
    }
    numGt[a] = nonIgnored;

    // Matching depends on the area range only through the GT ignore flags; ranges that ignore
    // the same GT (most of them, most of the time) share one matching.
    std::int32_t* matches = matches_.data() + a * T * D;
    if (!haveIous) {
      std::fill(matches, matches + T * D, -1);
    } else {
      std::size_t same = a;
      for (std::size_t b = 0; b < a && same == a; ++b) {
        if (std::memcmp(ignore_.data() + b * G, ignore, G) == 0) same = b;
      }
      if (same != a) {
        std::copy_n(matches_.data() + same * T * D, T * D, matches);
      } else {
        matchArea(gts, D, ious, ignore, matches);
      }
    }
    if (matchedGt != nullptr) std::copy_n(matches, T * D, matchedGt + a * T * D);
    if (gtIgnored != nullptr) std::copy_n(ignore, G, gtIgnored + a * G);

    for (std::size_t d = 0; d < D; ++d) {
      const bool outside = dtAreas[d] < lo || dtAreas[d] > hi;
      std::uint8_t* row = outcome + d * A * T + a * T;
      for (std::size_t t = 0; t < T; ++t) {
        const int m = matches[t * D + d];
        bool ignored = false;
        bool matched = false;  // COCOeval's dtMatches != 0: the matched GT's id, 0 for none
        if (m > -1) {
          ignored = ignore[m] != 0;
          matched = gts[m]->id != 0;
        }
        if (!matched && outside) ignored = true;
        row[t] = ignored ? kIgnoredDetection : (matched ? kTruePositive : kFalsePositive);
      }
      std::uint8_t same = T > 0 ? row[0] : kIgnoredDetection;
      for (std::size_t t = 1; t < T; ++t) {
        if (row[t] != same) same = kMixedOutcome;
      }
      uniform[d * A + a] = same;
    }
  }
}

}  // namespace zsi
