#pragma once
// The reports of the ZSI paper (spec §10) computed from one evaluation: per-class AP and recall,
// the ZSD/ZSI report (AP and recall@100 at each IoU threshold, for all, seen or unseen classes)
// and the GZSD/GZSI report (seen AP, unseen AP, their harmonic mean; the same for recall).
// Categories are seen or unseen by name through a ZsiSplit. A category's numbers do not depend on
// which other categories are evaluated, so one evaluation over all classes serves every report;
// subsets are averaged in sorted category order, as an evaluation restricted to them would.

#include <cstdint>
#include <string>
#include <vector>

#include "core/coco/ZsiSplit.h"
#include "core/eval/EvalInput.h"
#include "core/eval/EvalResult.h"

namespace zsi {

enum class ClassGroup { All, Seen, Unseen };

const char* classGroupName(ClassGroup group);  // "all" / "seen" / "unseen"

struct ClassResult {
  std::int64_t categoryId = 0;
  std::string name;
  std::string split;                // "seen", "unseen", "excluded" (in neither), "" without a split
  std::int64_t numGroundTruth = 0;  // non-crowd GT (area all)
  std::int64_t numDetections = 0;   // detections evaluated (after the maxDets cut)
  double ap = -1;                   // at the report IoU: mean precision over the recall points
  double recall = -1;               // at the report IoU, maxDets 100
  std::vector<double> apPerIou;     // at each IoU threshold of the parameters
  std::vector<double> recallPerIou;
};

struct ZsiReport {
  ClassGroup group = ClassGroup::All;
  std::vector<std::int64_t> categoryIds;  // the classes averaged (sorted)
  std::vector<double> iouThresholds;
  std::vector<double> ap;      // per threshold; -1 when no class has ground truth
  std::vector<double> recall;  // per threshold, maxDets 100, area all
};

struct GzsiReport {
  double iouThreshold = 0.5;
  double seenAp = -1, unseenAp = -1, hmAp = -1;
  double seenRecall = -1, unseenRecall = -1, hmRecall = -1;
  int seenClasses = 0, unseenClasses = 0;  // classes with ground truth that were averaged
};

// The category ids of `categories` in a group, by name (sorted). All: every category.
std::vector<std::int64_t> groupCategoryIds(const std::vector<EvalCategory>& categories,
                                           const ZsiSplit* split, ClassGroup group);

// One row per evaluated category (in sorted id order). `iouThreshold` must be one of the
// parameters' thresholds (else ap and recall are -1). Names come from `categories`.
std::vector<ClassResult> perClassResults(const EvalResult& result,
                                         const std::vector<EvalCategory>& categories,
                                         const ZsiSplit* split, double iouThreshold = 0.5);

// AP and AR at every IoU threshold over the given categories (empty: all evaluated ones).
ZsiReport zsiReport(const EvalResult& result, const std::vector<std::int64_t>& categoryIds,
                    ClassGroup group = ClassGroup::All);

// Seen and unseen means over the per-class rows with a value > -1, in row order, and the
// harmonic means 2SU/(S+U) (0 when S+U = 0, -1 when either side has no class).
GzsiReport gzsiReport(const std::vector<ClassResult>& perClass, double iouThreshold = 0.5);

}  // namespace zsi
