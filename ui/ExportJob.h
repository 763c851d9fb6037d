#pragma once
// One export, run on a worker: build (ExportBuilder), write atomically, then read the file back
// the way pycocotools would (every mask must decode: annToRLE for instances, loadRes' image check
// for results) so a file that leaves the studio is known to be readable.

#include <string>

#include "core/util/Result.h"
#include "ui/ExportBuilder.h"

namespace zsi::ui {

struct ExportRequest {
  enum class Kind { Annotations, Results };
  Kind kind = Kind::Annotations;
  std::string path;
  AnnotationExportOptions annotations;
  ResultsExportOptions results;
};

class ExportJob {
 public:
  // The summary of what was written and verified, or why it failed.
  static Result<ExportSummary> run(const ExportSnapshot& snapshot, const ExportRequest& request);
};

}  // namespace zsi::ui
