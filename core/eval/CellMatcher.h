#pragma once
// COCOeval.evaluateImg for one (image, category) cell, for every area range and IoU threshold at
// once: greedy matching of the score-sorted detections to the ground truth. The outcome of each
// detection is one byte per (area range, threshold), which is all accumulate() needs; COCOeval's
// per-cell match matrices are never built. Not thread-safe per instance (scratch buffers); use one
// per thread.

#include <cstdint>
#include <vector>

#include "core/eval/EvalInput.h"
#include "core/eval/EvalParams.h"

namespace zsi {

// What a detection is at one (area range, IoU threshold).
inline constexpr std::uint8_t kFalsePositive = 0;
inline constexpr std::uint8_t kTruePositive = 1;
// Matched to a crowd or out-of-range GT, or unmatched and outside the area range.
inline constexpr std::uint8_t kIgnoredDetection = 2;
// Only in the per-area summary: the outcome differs between thresholds.
inline constexpr std::uint8_t kMixedOutcome = 3;

class CellMatcher {
 public:
  explicit CellMatcher(const EvalParams& params);

  // gts: the cell's ground truth in file order. dtAreas: the detections' areas, sorted by score
  // (stable) and cut to maxDets. ious[d * gts.size() + g] (may be empty when either side is).
  // Writes outcome[d * A * T + a * T + t], uniform[d * A + a] (the outcome if equal at every
  // threshold, else kMixedOutcome) and, per area range, the non-ignored GT count.
  // When given (for EvalImageMatches), also matchedGt[a * T * D + t * D + d] = the index into
  // gts of the GT detection d matched (-1: none) and gtIgnored[a * G + g].
  void match(const std::vector<const EvalGroundTruth*>& gts, const std::vector<double>& dtAreas,
             const std::vector<double>& ious, std::uint8_t* outcome, std::uint8_t* uniform,
             std::uint32_t* numGt, std::int32_t* matchedGt = nullptr,
             std::uint8_t* gtIgnored = nullptr);

 private:
  // COCOeval's greedy matching for one area range: matches[t * D + d] = the original index of
  // the GT detection d matches at threshold t, or -1.
  void matchArea(const std::vector<const EvalGroundTruth*>& gts, std::size_t D,
                 const std::vector<double>& ious, const std::uint8_t* ignore,
                 std::int32_t* matches);

  const EvalParams& params_;
  std::vector<std::uint8_t> ignore_;     // [A][G]: GT ignored in the area range
  std::vector<std::int32_t> matches_;    // [A][T][D]
  std::vector<std::uint32_t> gtOrder_;   // non-ignored GT first
  std::vector<std::uint8_t> gtMatched_;  // by original index
};

}  // namespace zsi
