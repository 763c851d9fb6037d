#include "core/eval/EvalReport.h"

#include <algorithm>

#include <fmt/format.h>

namespace zsi {

const char* evalProtocolName(EvalProtocol protocol) {
  return protocol == EvalProtocol::Zsi ? "zsi" : "coco";
}

EvalParams makeEvalParams(IouType type, EvalProtocol protocol, ClassGroup classes,
                          const std::vector<EvalCategory>& categories, const ZsiSplit* split) {
  EvalParams p = protocol == EvalProtocol::Zsi ? EvalParams::zsi(type) : EvalParams::coco(type);
  if (classes != ClassGroup::All) p.categoryIds = groupCategoryIds(categories, split, classes);
  return p;
}

EvalReport makeEvalReport(const EvalResult& result, const std::vector<EvalCategory>& categories,
                          const ZsiSplit* split, const EvalReportOptions& options) {
  EvalReport rep;
  rep.iouType = result.params.iouType;
  rep.protocol = options.protocol;
  rep.classes = options.classes;
  rep.splitId = split ? split->id : "";
  rep.params = result.params;
  rep.numImages = result.params.imageIds.size();
  for (std::int64_t n : result.numDetections) rep.numDetections += static_cast<std::size_t>(n);
  rep.summary =
      options.protocol == EvalProtocol::Zsi ? summarizeZsi(result) : summarizeCoco(result);
  if (options.protocol == EvalProtocol::Zsi) {
    rep.zsi.push_back(zsiReport(result, {}, options.classes));
    if (split != nullptr && options.classes == ClassGroup::All) {
      for (ClassGroup g : {ClassGroup::Seen, ClassGroup::Unseen}) {
        const auto ids = groupCategoryIds(categories, split, g);
        if (!ids.empty()) rep.zsi.push_back(zsiReport(result, ids, g));
      }
    }
  }
  rep.perClass = perClassResults(result, categories, split, options.classIou);
  if (options.gzsi) rep.gzsi = gzsiReport(rep.perClass, options.classIou);
  const int t = result.iouIndex(options.classIou);
  if (t >= 0) {
    for (std::size_t k = 0; k < result.numCategories; ++k)
      rep.curves.push_back(result.prCurve(k, static_cast<std::size_t>(t)));
  }
  return rep;
}

std::string EvalReport::text() const {
  std::string out = summary.text();
  // The first ZSI report is the summary itself; the seen/unseen ones follow in the same layout.
  for (std::size_t i = 1; i < zsi.size(); ++i) {
    const ZsiReport& z = zsi[i];
    out += fmt::format("{} classes ({}):\n", classGroupName(z.group), z.categoryIds.size());
    for (std::size_t t = 0; t < z.iouThresholds.size(); ++t) {
      SummaryLine l{"", true, fmt::format("{:0.2f}", z.iouThresholds[t]), "all", 100, z.ap[t]};
      out += l.text() + "\n";
    }
    for (std::size_t t = 0; t < z.iouThresholds.size(); ++t) {
      SummaryLine l{"", false, fmt::format("{:0.2f}", z.iouThresholds[t]), "all", 100, z.recall[t]};
      out += l.text() + "\n";
    }
  }
  if (gzsi) {
    const GzsiReport& g = *gzsi;
    out += fmt::format("GZSI @[ IoU={:0.2f} | area=   all | maxDets=100 ] split {}\n",
                       g.iouThreshold, splitId);
    out += fmt::format("  seen   ({:>2} classes): AP = {:0.4f}  recall = {:0.4f}\n", g.seenClasses,
                       g.seenAp, g.seenRecall);
    out += fmt::format("  unseen ({:>2} classes): AP = {:0.4f}  recall = {:0.4f}\n",
                       g.unseenClasses, g.unseenAp, g.unseenRecall);
    out +=
        fmt::format("  harmonic mean:        AP = {:0.4f}  recall = {:0.4f}\n", g.hmAp, g.hmRecall);
  }
  return out;
}

}  // namespace zsi
