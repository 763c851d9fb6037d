#pragma once
// In-app evaluation of the current predictions against the loaded ground truth, with exactly the
// path `zsi eval` takes (the predictions become the COCO results text an export would write, read
// back with loadRes semantics, matched by core/eval), so the numbers equal the CLI's on the
// exported file. Seen/unseen come from the class set. Runs on a worker.

#include <string>
#include <vector>

#include "core/coco/ZsiSplit.h"
#include "core/eval/EvalReport.h"
#include "core/util/Progress.h"
#include "core/util/Result.h"
#include "ui/ExportBuilder.h"

namespace zsi::ui {

struct EvaluationOptions {
  IouType iouType = IouType::Segm;
  EvalProtocol protocol = EvalProtocol::Zsi;
  bool gzsi = true;
};

struct EvaluationOutcome {
  EvalReport report;
  std::vector<std::string> warnings;
  std::size_t detections = 0;
};

class PredictionEvaluator {
 public:
  static Result<EvaluationOutcome> run(const ExportSnapshot& snapshot, const EvaluationOptions& options,
                                       const Progress& progress = {});
  // The split a class set defines (seen first, then unseen; COCO ids kept).
  static ZsiSplit splitOf(const ClassSet& classes);
};

}  // namespace zsi::ui
