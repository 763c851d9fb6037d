#pragma once
// Everything one `zsi eval` run reports, as plain data: the printed summary, the ZSI reports,
// the per-class table, the GZSI block and the PR curves. The CLI prints it and writes it to JSON
// (core/eval/EvalJson.h); the GUI shows the same struct.

#include <optional>
#include <string>
#include <vector>

#include "core/coco/ZsiSplit.h"
#include "core/eval/CocoSummary.h"
#include "core/eval/EvalInput.h"
#include "core/eval/EvalResult.h"
#include "core/eval/ZsiReport.h"

namespace zsi {

enum class EvalProtocol { Coco, Zsi };

const char* evalProtocolName(EvalProtocol protocol);  // "coco" / "zsi"

struct EvalReportOptions {
  EvalProtocol protocol = EvalProtocol::Coco;
  ClassGroup classes = ClassGroup::All;  // which classes were evaluated
  bool gzsi = false;                     // add the GZSI block (needs a split)
  double classIou = 0.5;                 // IoU of the per-class table, the GZSI block and curves
};

struct EvalReport {
  std::string groundTruthFile, resultsFile;  // for the record; may be empty
  IouType iouType = IouType::Bbox;
  EvalProtocol protocol = EvalProtocol::Coco;
  ClassGroup classes = ClassGroup::All;
  std::string splitId;                           // empty without a split
  EvalParams params;                             // as evaluated
  std::size_t numImages = 0, numDetections = 0;  // detections in the evaluated categories
  CocoSummary summary;                           // the 12 standard numbers, or the ZSI lines
  std::vector<ZsiReport> zsi;  // ZSI protocol: all evaluated classes, then seen and unseen
  std::vector<ClassResult> perClass;
  std::optional<GzsiReport> gzsi;
  std::vector<PrCurve> curves;  // one per class at classIou, area all, maxDets 100

  // The summary lines, then (ZSI) the seen/unseen reports and (GZSI) its block, as printed.
  std::string text() const;
};

// The protocol's parameters restricted to the class group (by name through the split).
EvalParams makeEvalParams(IouType type, EvalProtocol protocol, ClassGroup classes,
                          const std::vector<EvalCategory>& categories, const ZsiSplit* split);

EvalReport makeEvalReport(const EvalResult& result, const std::vector<EvalCategory>& categories,
                          const ZsiSplit* split, const EvalReportOptions& options);

}  // namespace zsi
