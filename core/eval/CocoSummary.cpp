#include "core/eval/CocoSummary.h"

#include <functional>
#include <utility>

#include <fmt/format.h>

#include "core/eval/NumpySum.h"

namespace zsi {

namespace {

std::vector<std::size_t> matching(std::size_t n, const std::function<bool(std::size_t)>& pred) {
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < n; ++i) {
    if (pred(i)) out.push_back(i);
  }
  return out;
}

SummaryLine makeLine(const EvalResult& r, std::string name, bool ap, double iouThreshold,
                     const std::string& area, int maxDets) {
  SummaryLine line;
  line.name = std::move(name);
  line.precision = ap;
  const auto& thr = r.params.iouThresholds;
  line.iou = iouThreshold < 0 ? fmt::format("{:0.2f}:{:0.2f}", thr.front(), thr.back())
                              : fmt::format("{:0.2f}", iouThreshold);
  line.area = area;
  line.maxDets = maxDets;
  line.value = summarizeStat(r, ap, iouThreshold, area, maxDets);
  return line;
}

int reportMaxDets(const EvalResult& r) {
  return r.maxDetsIndex(100) >= 0 ? 100 : r.params.maxDets.back();
}

}  // namespace

double summarizeStat(const EvalResult& r, bool ap, double iouThreshold, const std::string& area,
                     int maxDets) {
  const auto& p = r.params;
  const auto tind = matching(r.numIou, [&](std::size_t t) {
    return iouThreshold < 0 || p.iouThresholds[t] == iouThreshold;
  });
  const auto aind =
      matching(r.numAreas, [&](std::size_t a) { return p.areaRanges[a].label == area; });
  const auto mind = matching(r.numMaxDets, [&](std::size_t m) { return p.maxDets[m] == maxDets; });
  // s[:, :, :, aind, mind] with two index lists pairs them up element by element (numpy fancy
  // indexing); a length mismatch other than 1-vs-n would raise in numpy, we take the pairs.
  std::vector<std::pair<std::size_t, std::size_t>> am;
  if (aind.size() == mind.size()) {
    for (std::size_t i = 0; i < aind.size(); ++i) am.emplace_back(aind[i], mind[i]);
  } else if (aind.size() == 1) {
    for (std::size_t m : mind) am.emplace_back(aind[0], m);
  } else if (mind.size() == 1) {
    for (std::size_t a : aind) am.emplace_back(a, mind[0]);
  }
  std::vector<double> values;
  for (std::size_t t : tind) {
    if (ap) {
      for (std::size_t rr = 0; rr < r.numRecall; ++rr)
        for (std::size_t k = 0; k < r.numCategories; ++k)
          for (const auto& [a, m] : am)
            values.push_back(r.precision[r.precisionIndex(t, rr, k, a, m)]);
    } else {
      for (std::size_t k = 0; k < r.numCategories; ++k)
        for (const auto& [a, m] : am) values.push_back(r.recall[r.recallIndex(t, k, a, m)]);
    }
  }
  return numpyMeanOfValid(values);
}

std::string SummaryLine::text() const {
  return fmt::format(" {:<18} {} @[ IoU={:<9} | area={:>6} | maxDets={:>3} ] = {:0.3f}",
                     precision ? "Average Precision" : "Average Recall",
                     precision ? "(AP)" : "(AR)", iou, area, maxDets, value);
}

std::vector<double> CocoSummary::stats() const {
  std::vector<double> out;
  for (const SummaryLine& l : lines) out.push_back(l.value);
  return out;
}

std::string CocoSummary::text() const {
  std::string out;
  for (const SummaryLine& l : lines) out += l.text() + "\n";
  return out;
}

CocoSummary summarizeCoco(const EvalResult& r) {
  CocoSummary s;
  if (r.numIou == 0 || r.numMaxDets == 0) return s;
  // Like _summarizeDets: the first stat asks for maxDets=100 literally, the others for maxDets[2]
  // (maxDets[0], [1], [2] for AR1/AR10/AR100); a shorter list has no such entry (-1).
  const auto& md = r.params.maxDets;
  const int m0 = md.size() > 0 ? md[0] : -1, m1 = md.size() > 1 ? md[1] : -1;
  const int m2 = md.size() > 2 ? md[2] : -1;
  s.lines.push_back(makeLine(r, "AP", true, -1, "all", 100));
  s.lines.push_back(makeLine(r, "AP50", true, 0.5, "all", m2));
  s.lines.push_back(makeLine(r, "AP75", true, 0.75, "all", m2));
  s.lines.push_back(makeLine(r, "APs", true, -1, "small", m2));
  s.lines.push_back(makeLine(r, "APm", true, -1, "medium", m2));
  s.lines.push_back(makeLine(r, "APl", true, -1, "large", m2));
  s.lines.push_back(makeLine(r, "AR1", false, -1, "all", m0));
  s.lines.push_back(makeLine(r, "AR10", false, -1, "all", m1));
  s.lines.push_back(makeLine(r, "AR100", false, -1, "all", m2));
  s.lines.push_back(makeLine(r, "ARs", false, -1, "small", m2));
  s.lines.push_back(makeLine(r, "ARm", false, -1, "medium", m2));
  s.lines.push_back(makeLine(r, "ARl", false, -1, "large", m2));
  return s;
}

CocoSummary summarizeZsi(const EvalResult& r) {
  CocoSummary s;
  if (r.numIou == 0 || r.numMaxDets == 0) return s;
  const int maxDets = reportMaxDets(r);
  for (int ap = 1; ap >= 0; --ap) {
    for (double t : r.params.iouThresholds) {
      s.lines.push_back(
          makeLine(r, fmt::format("{}@{}", ap ? "AP" : "AR", t), ap == 1, t, "all", maxDets));
    }
  }
  return s;
}

}  // namespace zsi
