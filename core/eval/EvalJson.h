#pragma once
// The JSON form of an EvalReport (`zsi eval --json OUT.json`): every number at full double
// precision (shortest round-trip form), so results can be compared to pycocotools' to the bit.
// Layout: docs/EVALUATION.md.

#include <string>

#include "core/eval/EvalReport.h"
#include "core/util/Result.h"

namespace zsi {

std::string evalReportToJson(const EvalReport& report);

// Written atomically (temporary file, fsync, rename).
Status writeEvalReportJson(const EvalReport& report, const std::string& path);

}  // namespace zsi
