#include "core/cli/EvalCommand.h"

#include <optional>
#include <vector>

#include "core/cli/CliFail.h"
#include "core/coco/ZsiSplit.h"
#include "core/eval/CocoEvalInput.h"
#include "core/eval/EvalJson.h"
#include "core/eval/EvalReport.h"
#include "core/eval/Evaluate.h"

namespace zsi::cli {

namespace {

int usage(std::ostream& err, const std::string& message) {
  err << "zsi eval: " << message << "\n";
  return 2;
}

}  // namespace

int runEvalCommand(const EvalCommandOptions& o, std::ostream& out, std::ostream& err) {
  IouType type;
  if (o.iouType == "bbox")
    type = IouType::Bbox;
  else if (o.iouType == "segm")
    type = IouType::Segm;
  else
    return usage(err, "--iou-type must be bbox or segm, not '" + o.iouType + "'");
  EvalReportOptions ro;
  if (o.protocol == "coco")
    ro.protocol = EvalProtocol::Coco;
  else if (o.protocol == "zsi")
    ro.protocol = EvalProtocol::Zsi;
  else
    return usage(err, "--protocol must be coco or zsi, not '" + o.protocol + "'");
  if (o.classes == "all")
    ro.classes = ClassGroup::All;
  else if (o.classes == "seen")
    ro.classes = ClassGroup::Seen;
  else if (o.classes == "unseen")
    ro.classes = ClassGroup::Unseen;
  else
    return usage(err, "--classes must be all, seen or unseen, not '" + o.classes + "'");
  ro.gzsi = o.gzsi;
  if (o.gzsi && ro.classes != ClassGroup::All)
    return usage(err, "--gzsi reports seen and unseen classes together: use it with --classes all");
  if (o.groundTruth.empty() || o.results.empty()) return usage(err, "--gt and --dt are required");

  // The split decides seen/unseen; the ZSI protocol reports both groups whenever it has one.
  std::optional<ZsiSplit> split;
  if (o.splitGiven || o.gzsi || ro.classes != ClassGroup::All || ro.protocol == EvalProtocol::Zsi) {
    auto s = loadSplit(o.split);
    if (!s.ok()) return fail(err, s.error(), "zsi eval");
    split = std::move(s).value();
  }

  std::vector<std::string> warnings;
  auto input = loadEvalInput(o.groundTruth, o.results, type, &warnings);
  for (const std::string& w : warnings) err << "zsi eval: warning: " << w << "\n";
  if (!input.ok()) return fail(err, input.error(), "zsi eval");

  const ZsiSplit* splitPtr = split ? &*split : nullptr;
  EvalParams params = makeEvalParams(type, ro.protocol, ro.classes, input->categories, splitPtr);
  if (ro.classes != ClassGroup::All && params.categoryIds.empty()) {
    return fail(err, Error("no category of the ground truth is a " + o.classes +
                           " class of split " + split->id)
                         .inFile(o.groundTruth), "zsi eval");
  }
  EvalOptions eo;
  eo.threads = o.threads;
  auto result = evaluate(*input, params, eo);
  if (!result.ok()) return fail(err, result.error(), "zsi eval");

  EvalReport report = makeEvalReport(*result, input->categories, splitPtr, ro);
  report.groundTruthFile = o.groundTruth;
  report.resultsFile = o.results;
  out << report.text();
  if (!o.json.empty()) {
    Status s = writeEvalReportJson(report, o.json);
    if (!s.ok()) return fail(err, s.error(), "zsi eval");
  }
  return 0;
}

}  // namespace zsi::cli
