#include "core/eval/EvalJson.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/util/AtomicFile.h"

namespace zsi {

namespace {

using nlohmann::json;

// Threshold keys are the shortest text that reads back as the same double ("0.5",
// "0.8999999999999999"), like Python's repr.
std::string key(double v) {
  return fmt::format("{}", v);
}

json perThreshold(const std::vector<double>& thresholds, const std::vector<double>& values) {
  json out = json::object();
  for (std::size_t i = 0; i < thresholds.size() && i < values.size(); ++i)
    out[key(thresholds[i])] = values[i];
  return out;
}

json paramsJson(const EvalParams& p) {
  json areas = json::array(), labels = json::array();
  for (const AreaRange& a : p.areaRanges) {
    areas.push_back({a.lo, a.hi});
    labels.push_back(a.label);
  }
  return {{"iouType", iouTypeName(p.iouType)},
          {"iouThrs", p.iouThresholds},
          {"recThrs", p.recallThresholds},
          {"maxDets", p.maxDets},
          {"areaRng", areas},
          {"areaRngLbl", labels},
          {"catIds", p.categoryIds},
          {"numImages", p.imageIds.size()}};
}

}  // namespace

std::string evalReportToJson(const EvalReport& r) {
  json j;
  j["format"] = "zsi-eval";
  j["version"] = 1;
  j["gt"] = r.groundTruthFile;
  j["dt"] = r.resultsFile;
  j["iou_type"] = iouTypeName(r.iouType);
  j["protocol"] = evalProtocolName(r.protocol);
  j["classes"] = classGroupName(r.classes);
  j["split"] = r.splitId.empty() ? json(nullptr) : json(r.splitId);
  j["params"] = paramsJson(r.params);
  j["images"] = r.numImages;
  j["detections"] = r.numDetections;

  json stats = json::array(), named = json::object(), lines = json::array();
  for (const SummaryLine& l : r.summary.lines) {
    stats.push_back(l.value);
    named[l.name] = l.value;
    lines.push_back(l.text());
  }
  j["stats"] = stats;
  j["stats_named"] = named;
  j["summary"] = lines;

  if (!r.zsi.empty()) {
    json z = json::object();
    for (const ZsiReport& rep : r.zsi) {
      z[classGroupName(rep.group)] = {{"catIds", rep.categoryIds},
                                      {"AP", perThreshold(rep.iouThresholds, rep.ap)},
                                      {"AR", perThreshold(rep.iouThresholds, rep.recall)}};
    }
    j["zsi"] = z;
  }

  json classes = json::array();
  for (const ClassResult& c : r.perClass) {
    classes.push_back({{"category_id", c.categoryId},
                       {"name", c.name},
                       {"split", c.split},
                       {"num_gt", c.numGroundTruth},
                       {"num_dt", c.numDetections},
                       {"AP", c.ap},
                       {"recall", c.recall},
                       {"AP_per_iou", perThreshold(r.params.iouThresholds, c.apPerIou)},
                       {"recall_per_iou", perThreshold(r.params.iouThresholds, c.recallPerIou)}});
  }
  j["per_class"] = classes;

  if (r.gzsi) {
    const GzsiReport& g = *r.gzsi;
    j["gzsi"] = {{"iou", g.iouThreshold},
                 {"seen_AP", g.seenAp},
                 {"unseen_AP", g.unseenAp},
                 {"hm_AP", g.hmAp},
                 {"seen_recall", g.seenRecall},
                 {"unseen_recall", g.unseenRecall},
                 {"hm_recall", g.hmRecall},
                 {"seen_classes", g.seenClasses},
                 {"unseen_classes", g.unseenClasses}};
  }

  json curves = json::array();
  for (const PrCurve& c : r.curves) {
    curves.push_back({{"category_id", c.categoryId},
                      {"iou", c.iouThreshold},
                      {"precision", c.precision},
                      {"score", c.score}});
  }
  j["pr_curves"] = {{"recall", r.params.recallThresholds}, {"curves", curves}};
  return j.dump(1) + "\n";
}

Status writeEvalReportJson(const EvalReport& report, const std::string& path) {
  Status s = writeFileAtomic(path, evalReportToJson(report));
  if (!s.ok() && s.error().file.empty()) s.error().inFile(path);
  return s;
}

}  // namespace zsi
