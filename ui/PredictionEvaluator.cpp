#include "ui/PredictionEvaluator.h"

#include "core/eval/CocoEvalInput.h"
#include "core/eval/Evaluate.h"

namespace zsi::ui {

ZsiSplit PredictionEvaluator::splitOf(const ClassSet& classes) {
  ZsiSplit s;
  s.id = classes.name.empty() ? std::string("class set") : classes.name;
  for (bool unseen : {false, true})
    for (const auto& c : classes.classes)
      if (c.unseen == unseen) s.classes.push_back({c.name, c.cocoId, c.unseen});
  return s;
}

Result<EvaluationOutcome> PredictionEvaluator::run(const ExportSnapshot& s, const EvaluationOptions& o,
                                                   const Progress& progress) {
  if (!s.dataset) return Error("no dataset is open");
  if (s.dataset->annotations().empty()) return Error("the dataset has no ground truth to evaluate against");
  if (s.predictions.empty()) return Error("there are no predictions: run the model first");
  EvaluationOutcome out;
  ResultsExportOptions ro;  // what "Export Results" writes by default
  auto dets = ExportBuilder::results(s, ro, nullptr);
  out.detections = dets.size();
  if (o.iouType == IouType::Segm)
    for (const auto& d : dets)
      if (!d.hasSegmentation) return Error("the predictions have no masks (ZSD/GZSD mode): evaluate boxes (bbox)");
  auto text = cocoResultsToJson(dets);
  if (!text.ok()) return text.error();
  auto results = parseCocoResults(text.value(), "predictions");
  if (!results.ok()) return results.error();
  progress.report(0.1, "matching");
  auto input = makeEvalInput(*s.dataset, std::move(results.value()), o.iouType, &out.warnings);
  if (!input.ok()) return input.error();
  const ZsiSplit split = splitOf(s.classes);
  const ZsiSplit* splitPtr = split.classes.empty() ? nullptr : &split;
  EvalReportOptions ro2;
  ro2.protocol = o.protocol;
  ro2.gzsi = o.gzsi && splitPtr;
  EvalParams params = makeEvalParams(o.iouType, o.protocol, ClassGroup::All, input->categories, splitPtr);
  EvalOptions eo;
  eo.progress = progress;
  auto result = evaluate(input.value(), params, eo);
  if (!result.ok()) return result.error();
  out.report = makeEvalReport(result.value(), input->categories, splitPtr, ro2);
  return out;
}

}  // namespace zsi::ui
