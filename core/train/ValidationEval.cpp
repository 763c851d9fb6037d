#include "core/train/ValidationEval.h"

#include <cstdio>
#include <set>

#include "core/coco/ZsiSplit.h"
#include "core/engine/ClassSetConversion.h"
#include "core/eval/CocoEvalInput.h"
#include "core/eval/EvalReport.h"
#include "core/eval/Evaluate.h"
#include "core/train/InferencePipeline.h"

namespace zsi {
namespace {

using Json = nlohmann::ordered_json;

ZsiSplit splitOf(const ClassSet& classes) {
  ZsiSplit s;
  s.id = classes.name.empty() ? "class set" : classes.name;
  for (const auto& c : classes.classes) s.classes.push_back({c.name, c.cocoId, c.unseen});
  return s;
}

Json reportJson(const EvalReport& r) {
  Json j;
  j["iou"] = r.params.iouThresholds;
  for (const auto& z : r.zsi) j[classGroupName(z.group)] = Json{{"ap", z.ap}, {"recall", z.recall}};
  if (r.gzsi) {
    const auto& g = *r.gzsi;
    j["gzsi"] = {{"iou", g.iouThreshold},        {"seen_ap", g.seenAp},         {"unseen_ap", g.unseenAp},
                 {"hm_ap", g.hmAp},              {"seen_recall", g.seenRecall}, {"unseen_recall", g.unseenRecall},
                 {"hm_recall", g.hmRecall}};
  }
  return j;
}

// "bbox AP@0.5 0.731 R@100 0.902" from the report of all classes.
std::string reportLine(const char* type, const EvalReport& r) {
  if (r.zsi.empty()) return type;
  const auto& z = r.zsi[0];
  double ap = -1, rec = -1;
  for (std::size_t t = 0; t < r.params.iouThresholds.size(); ++t)
    if (std::abs(r.params.iouThresholds[t] - 0.5) < 1e-9) ap = z.ap[t], rec = z.recall[t];
  char buf[160];
  std::snprintf(buf, sizeof buf, "%s AP@0.5 %.4f R@100 %.4f", type, ap, rec);
  std::string s = buf;
  if (r.gzsi) {
    std::snprintf(buf, sizeof buf, " (seen AP %.4f, unseen AP %.4f, HM %.4f)", r.gzsi->seenAp, r.gzsi->unseenAp,
                  r.gzsi->hmAp);
    s += buf;
  }
  return s;
}

}  // namespace

Result<ValidationResult> evaluateOnValidation(const ZsiModel& model, const CocoDataset& gt, const std::string& gtPath,
                                              const std::string& root, const ClassSet& classSet,
                                              const ValidationSettings& settings, const Progress& progress) {
  std::string modeName = settings.mode;
  if (modeName == "auto") modeName = model.config().maskHead.enabled ? "gzsi" : "gzsd";
  auto mode = parseInferenceMode(modeName);
  if (!mode.ok()) return mode.error();
  auto vectors = toClassVectors(classSet);
  if (!vectors.ok()) return vectors.error();
  InferenceRequest req;
  std::vector<int> keep;
  for (std::size_t i = 0; i < classSet.size(); ++i)
    if (modeHasSeen(*mode) || classSet.classes[i].unseen) keep.push_back(static_cast<int>(i));
  if (keep.empty()) return Error("the class set has no unseen class for " + modeName + " evaluation");
  req.classes = vectors->subset(keep);
  // Detections are written with the ground truth's category ids, matched by class name.
  std::set<std::int64_t> evaluated;
  for (int k : keep) {
    std::int64_t id = 0;
    for (const auto& cat : gt.categories())
      if (classSet.find(cat.name) == k) id = cat.id;
    req.categoryIds.push_back(id);
    req.colours.push_back(classSet.classes[static_cast<std::size_t>(k)].colour);
    if (id != 0) evaluated.insert(id);
  }
  if (evaluated.empty())
    return Error("no category of the validation set is a class of the class set '" + classSet.name + "'")
        .inFile(gtPath);
  req.detect.mode = *mode;
  if (settings.scoreThr >= 0) req.detect.scoreThreshold = settings.scoreThr;
  req.workers = settings.workers;
  auto images = listDatasetImages(gt, gtPath, root, static_cast<std::size_t>(std::max(0, settings.maxImages)));
  if (!images.ok()) return images.error();
  Progress inner;
  inner.cancel = progress.cancel;
  inner.onProgress = [&](double f, const std::string&) { progress.report(0.8 * f, "validation: inference"); };
  auto out = runInference(model, images.value(), req, inner);
  if (!out.ok()) return out.error();

  const ZsiSplit split = splitOf(classSet);
  ValidationResult vr;
  vr.json["mode"] = modeName;
  vr.json["images"] = images->size();
  vr.json["detections"] = out->detections.size();
  std::vector<IouType> types{IouType::Bbox};
  if (modeHasMasks(*mode)) types.push_back(IouType::Segm);
  for (IouType type : types) {
    CocoResults results;
    results.branch = out->detections.empty() ? LoadResBranch::Empty : LoadResBranch::Bbox;
    results.detections = out->detections;
    if (type == IouType::Bbox)
      for (auto& d : results.detections) d.mask = Rle(), d.hasSegmentation = false;
    auto input = makeEvalInput(gt, std::move(results), type, nullptr);
    if (!input.ok()) return input.error();
    EvalParams params = makeEvalParams(type, EvalProtocol::Zsi, ClassGroup::All, input->categories, &split);
    params.categoryIds.assign(evaluated.begin(), evaluated.end());
    for (const auto& im : images.value()) params.imageIds.push_back(im.id);
    EvalOptions eo;
    eo.progress.cancel = progress.cancel;
    auto result = evaluate(input.value(), params, eo);
    if (!result.ok()) return result.error();
    EvalReportOptions ro;
    ro.protocol = EvalProtocol::Zsi;
    ro.gzsi = modeHasSeen(*mode);
    EvalReport report = makeEvalReport(result.value(), input->categories, &split, ro);
    vr.json[iouTypeName(type)] = reportJson(report);
    vr.summary += (vr.summary.empty() ? "" : "; ") + reportLine(iouTypeName(type), report);
  }
  progress.report(1.0, "validation");
  return vr;
}

}  // namespace zsi
