#pragma once
// COCOeval.summarize(): the standard 12 numbers and their printed lines, and the ZSI protocol's
// summary (AP and AR at each IoU threshold, maxDets 100, area all), in pycocotools' layout:
//  Average Precision  (AP) @[ IoU=0.50:0.95 | area=   all | maxDets=100 ] = 0.183

#include <string>
#include <vector>

#include "core/eval/EvalResult.h"

namespace zsi {

struct SummaryLine {
  std::string name;       // "AP", "AP50", ..., "ARl"; ZSI: "AP@0.4", "AR@0.4", ...
  bool precision = true;  // AP (true) or AR
  std::string iou;        // "0.50:0.95" or "0.50", as printed
  std::string area;       // area range label
  int maxDets = 100;
  double value = -1;  // -1: nothing to average (no ground truth)

  std::string text() const;  // the pycocotools line, without a newline
};

struct CocoSummary {
  std::vector<SummaryLine> lines;

  std::vector<double> stats() const;  // the values, in line order (COCOeval.stats)
  std::string text() const;           // every line, each ending in a newline
};

// COCOeval._summarizeDets: AP, AP50, AP75, APs, APm, APl, AR1, AR10, AR100, ARs, ARm, ARl.
// A stat whose IoU, area label or maxDets is not among the parameters is -1, as in pycocotools.
CocoSummary summarizeCoco(const EvalResult& result);

// The ZSI protocol summary: AP then AR at every IoU threshold of the parameters, area "all",
// maxDets 100 (or the largest when 100 is not among them).
CocoSummary summarizeZsi(const EvalResult& result);

// One statistic like COCOeval._summarize: the mean of the entries > -1 of precision (ap = true)
// or recall, for the IoU threshold (all when iouThreshold < 0), area label and maxDets value.
double summarizeStat(const EvalResult& result, bool ap, double iouThreshold,
                     const std::string& area, int maxDets);

}  // namespace zsi
