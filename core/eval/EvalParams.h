#pragma once
// Parameters of a COCO-style evaluation, with pycocotools' COCOeval defaults and the ZSI protocol
// (spec §10). Threshold values are the exact doubles numpy produces, because a threshold that is
// off by one ulp changes which detections match (see coco-sample/reference/README.md).

#include <cstdint>
#include <string>
#include <vector>

#include "core/util/Result.h"

namespace zsi {

enum class IouType { Bbox, Segm };

const char* iouTypeName(IouType type);  // "bbox" / "segm"

struct AreaRange {
  std::string label;  // "all", "small", ...: summaries select ranges by label
  double lo = 0;      // both ends inclusive: an object is outside if area < lo or area > hi
  double hi = 0;
};

struct EvalParams {
  IouType iouType = IouType::Bbox;
  std::vector<double> iouThresholds;
  std::vector<double> recallThresholds;
  std::vector<int> maxDets;  // the last one also cuts the detections of each (image, category)
  std::vector<AreaRange> areaRanges;
  // Empty: every category of the ground truth. Otherwise evaluated sorted and deduplicated, as
  // COCOeval.evaluate() does with np.unique.
  std::vector<std::int64_t> categoryIds;
  // Empty: every image of the ground truth (sorted). Otherwise sorted and deduplicated.
  std::vector<std::int64_t> imageIds;

  // COCOeval defaults: IoU 0.50:0.05:0.95, 101 recall points, maxDets 1/10/100, 4 area ranges.
  static EvalParams coco(IouType type);
  // The ZSI protocol: IoU 0.4/0.5/0.6, otherwise as coco().
  static EvalParams zsi(IouType type);

  // Rejects parameters COCOeval would choke on or that make no sense (empty lists, thresholds
  // outside [0, 1], maxDets < 1, lo > hi); the error names the field.
  Status validate() const;
};

// np.linspace(start, stop, num): start + i * ((stop - start) / (num - 1)), last = stop exactly.
std::vector<double> numpyLinspace(double start, double stop, int num);
std::vector<double> cocoIouThresholds();     // linspace(.5, .95, 10): 0.8999999999999999, not 0.9
std::vector<double> cocoRecallThresholds();  // linspace(0, 1, 101): i * 0.01, not i / 100.0
std::vector<AreaRange> cocoAreaRanges();     // all, small, medium, large

}  // namespace zsi
