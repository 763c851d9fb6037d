#include "core/eval/ZsiReport.h"

#include <algorithm>

#include "core/eval/NumpySum.h"

namespace zsi {

namespace {

std::size_t reportMaxDetsIndex(const EvalResult& r) {
  const int m = r.maxDetsIndex(100);
  return m >= 0 ? static_cast<std::size_t>(m) : r.numMaxDets - 1;
}

// -1 when "all" is missing: no value can be reported then.
int allAreaIndex(const EvalResult& r) {
  return r.areaIndex("all");
}

double harmonicMean(double a, double b) {
  if (a < 0 || b < 0) return -1;
  if (a + b == 0) return 0;
  return 2 * a * b / (a + b);
}

}  // namespace

const char* classGroupName(ClassGroup group) {
  switch (group) {
    case ClassGroup::Seen:
      return "seen";
    case ClassGroup::Unseen:
      return "unseen";
    default:
      return "all";
  }
}

std::vector<std::int64_t> groupCategoryIds(const std::vector<EvalCategory>& categories,
                                           const ZsiSplit* split, ClassGroup group) {
  std::vector<std::int64_t> ids;
  for (const EvalCategory& c : categories) {
    if (group != ClassGroup::All) {
      if (split == nullptr) continue;
      const int i = split->find(c.name);
      if (i < 0) continue;
      if (split->classes[i].unseen != (group == ClassGroup::Unseen)) continue;
    }
    ids.push_back(c.id);
  }
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  return ids;
}

std::vector<ClassResult> perClassResults(const EvalResult& r,
                                         const std::vector<EvalCategory>& categories,
                                         const ZsiSplit* split, double iouThreshold) {
  std::vector<ClassResult> rows;
  const int a = allAreaIndex(r);
  if (a < 0 || r.numMaxDets == 0) return rows;
  const std::size_t m = reportMaxDetsIndex(r);
  const int tReport = r.iouIndex(iouThreshold);
  std::vector<double> column(r.numRecall);
  for (std::size_t k = 0; k < r.numCategories; ++k) {
    ClassResult row;
    row.categoryId = r.params.categoryIds[k];
    for (const EvalCategory& c : categories) {
      if (c.id == row.categoryId) row.name = c.name;
    }
    if (split != nullptr) {
      const int i = split->find(row.name);
      row.split = i < 0 ? "excluded" : (split->classes[i].unseen ? "unseen" : "seen");
    }
    row.numGroundTruth = r.numGroundTruth[k * r.numAreas + a];
    row.numDetections = r.numDetections[k];
    for (std::size_t t = 0; t < r.numIou; ++t) {
      for (std::size_t rr = 0; rr < r.numRecall; ++rr)
        column[rr] = r.precision[r.precisionIndex(t, rr, k, a, m)];
      row.apPerIou.push_back(numpyMeanOfValid(column));
      row.recallPerIou.push_back(r.recall[r.recallIndex(t, k, a, m)]);
    }
    if (tReport >= 0) {
      row.ap = row.apPerIou[tReport];
      row.recall = row.recallPerIou[tReport];
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

ZsiReport zsiReport(const EvalResult& r, const std::vector<std::int64_t>& categoryIds,
                    ClassGroup group) {
  ZsiReport rep;
  rep.group = group;
  rep.iouThresholds = r.params.iouThresholds;
  std::vector<std::size_t> ks;
  for (std::size_t k = 0; k < r.numCategories; ++k) {
    const std::int64_t id = r.params.categoryIds[k];
    if (categoryIds.empty() ||
        std::find(categoryIds.begin(), categoryIds.end(), id) != categoryIds.end()) {
      ks.push_back(k);
      rep.categoryIds.push_back(id);
    }
  }
  const int a = allAreaIndex(r);
  for (std::size_t t = 0; t < r.numIou; ++t) {
    std::vector<double> p, rc;
    if (a >= 0 && r.numMaxDets > 0) {
      const std::size_t m = reportMaxDetsIndex(r);
      // precision[t, :, K, a, m] flattens recall-point major, category minor.
      for (std::size_t rr = 0; rr < r.numRecall; ++rr)
        for (std::size_t k : ks) p.push_back(r.precision[r.precisionIndex(t, rr, k, a, m)]);
      for (std::size_t k : ks) rc.push_back(r.recall[r.recallIndex(t, k, a, m)]);
    }
    rep.ap.push_back(numpyMeanOfValid(p));
    rep.recall.push_back(numpyMeanOfValid(rc));
  }
  return rep;
}

GzsiReport gzsiReport(const std::vector<ClassResult>& perClass, double iouThreshold) {
  GzsiReport g;
  g.iouThreshold = iouThreshold;
  std::vector<double> seenAp, unseenAp, seenRecall, unseenRecall;
  for (const ClassResult& c : perClass) {
    const bool unseen = c.split == "unseen";
    if (!unseen && c.split != "seen") continue;
    if (c.ap > -1) (unseen ? unseenAp : seenAp).push_back(c.ap);
    if (c.recall > -1) (unseen ? unseenRecall : seenRecall).push_back(c.recall);
  }
  g.seenClasses = static_cast<int>(seenAp.size());
  g.unseenClasses = static_cast<int>(unseenAp.size());
  g.seenAp = numpyMeanOfValid(seenAp);
  g.unseenAp = numpyMeanOfValid(unseenAp);
  g.seenRecall = numpyMeanOfValid(seenRecall);
  g.unseenRecall = numpyMeanOfValid(unseenRecall);
  g.hmAp = harmonicMean(g.seenAp, g.unseenAp);
  g.hmRecall = harmonicMean(g.seenRecall, g.unseenRecall);
  return g;
}

}  // namespace zsi
