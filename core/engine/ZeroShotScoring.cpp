#include "core/engine/ZeroShotScoring.h"

#include <algorithm>
#include <limits>

#include "core/engine/BoxCoder.h"
#include "core/engine/Nms.h"

namespace zsi {
namespace {

// Candidates of one group of classes: (roi, class) pairs above the threshold.
struct Candidates {
  torch::Tensor boxes, scores, labels, rois;
};

Candidates gather(const torch::Tensor& scores, const torch::Tensor& classBoxes, const torch::Tensor& classMask,
                  double thr) {
  // scores N × M, classBoxes N × M × 4, classMask M bool (which classes take part).
  auto ok = (scores > thr) & classMask.unsqueeze(0);
  auto idx = ok.nonzero();  // P × 2
  Candidates c;
  c.rois = idx.select(1, 0);
  c.labels = idx.select(1, 1);
  c.scores = scores.index({c.rois, c.labels});
  c.boxes = classBoxes.index({c.rois, c.labels});
  return c;
}

Candidates take(const Candidates& c, const torch::Tensor& keep) {
  return {c.boxes.index({keep}), c.scores.index({keep}), c.labels.index({keep}), c.rois.index({keep})};
}

Candidates perClassNms(const Candidates& c, double iou, int offset, int64_t maxKeep) {
  auto keep = batchedNms(c.boxes, c.scores, c.labels, iou, offset);
  if (maxKeep >= 0) keep = keep.slice(0, 0, maxKeep);
  return take(c, keep);
}

Candidates concat(const Candidates& a, const Candidates& b) {
  return {torch::cat({a.boxes, b.boxes}), torch::cat({a.scores, b.scores}), torch::cat({a.labels, b.labels}),
          torch::cat({a.rois, b.rois})};
}

// Direct scoring (ScoringOptions::directScoring): softmax over [background, the classes taking
// part] of z·w, with z·W_sᵀ = logits; classes not taking part get 0.
torch::Tensor directScores(const torch::Tensor& logits, const torch::Tensor& seenClassifier,
                           const torch::Tensor& vectors, const torch::Tensor& taking) {
  auto ws = seenClassifier.to(torch::kDouble);  // K × D, row 0 = background
  // Relative cut-off: the seen vectors span far fewer dimensions than D (12 of 64 in the demo).
  auto z = torch::mm(logits.to(torch::kDouble), torch::pinverse(ws.t(), 1e-4));  // N × D
  auto classLogits = torch::mm(z, vectors.to(torch::kDouble).t());               // N × M
  auto masked = torch::where(taking.unsqueeze(0), classLogits,
                             torch::full_like(classLogits, -std::numeric_limits<double>::infinity()));
  auto probs = torch::softmax(torch::cat({logits.to(torch::kDouble).slice(1, 0, 1), masked}, 1), 1);
  return probs.slice(1, 1).to(torch::kFloat);
}

}  // namespace

ScoredDetections scoreDetections(const BoxPredictions& pred, const torch::Tensor& seenClassifier,
                                 const ScoringClasses& classes, const ScoringOptions& o, const ModelConfig& cfg,
                                 double imageHeight, double imageWidth) {
  torch::NoGradGuard noGrad;
  const int off = cfg.boxOffset();
  const int64_t n = pred.rois.size(0), m = classes.vectors.size(0), k = cfg.numClassesWithBg();
  auto p = torch::softmax(pred.logits.to(torch::kFloat), 1);       // N × K
  auto v = torch::mm(p, seenClassifier.to(torch::kFloat));          // N × D
  auto scores = torch::mm(v, classes.vectors.to(torch::kFloat).t());  // N × M
  auto unseen = classes.unseen.to(torch::kBool);
  auto seen = unseen.logical_not();
  if (o.directScoring)
    scores = directScores(pred.logits, seenClassifier, classes.vectors, o.includeSeen ? seen | unseen : unseen);
  if (o.seenBias != 0.0) scores = scores - seen.to(torch::kFloat).unsqueeze(0) * o.seenBias;

  // Regression per class: seen classes use their own training regressor; the others follow the
  // unseen-regression switch (§13 quirk 2).
  BoxCoder coder;
  coder.means = cfg.boxHead.targetMeans;
  coder.stds = cfg.boxHead.targetStds;
  coder.offset = off;
  auto allBoxes = coder.decode(pred.rois, pred.deltas, imageHeight, imageWidth).view({n, k, 4});
  auto fg = p.slice(1, 1, k);
  auto weighted = (pred.deltas.view({n, k, 4}).slice(1, 1, k) * fg.unsqueeze(2)).sum(1) /
                  fg.sum(1, true).clamp_min(1e-12);
  auto weightedBoxes = coder.decode(pred.rois, weighted, imageHeight, imageWidth);  // N × 4
  auto regressor = classes.trainLabel.to(torch::kLong).clone();
  if (cfg.quirks.unseenRegression == UnseenRegression::SameIndex) {
    // Official: unseen class j (j-th unseen column) takes the deltas of seen class j.
    auto unseenPos = unseen.to(torch::kLong).cumsum(0);
    auto sameIndex = torch::where(unseenPos <= k - 1, unseenPos, torch::zeros_like(unseenPos));
    regressor = torch::where(unseen, sameIndex, regressor);
  }
  auto useOwn = regressor > 0;
  auto own = allBoxes.index({torch::indexing::Slice(), regressor.clamp_min(0)});  // N × M × 4
  auto classBoxes = torch::where(useOwn.view({1, m, 1}), own, weightedBoxes.unsqueeze(1).expand({n, m, 4}));

  Candidates kept;
  const int64_t maxPer = o.maxPerImage;
  if (!o.includeSeen) {
    kept = perClassNms(gather(scores, classBoxes, unseen, o.scoreThr), o.nmsIou, off, maxPer);
  } else if (cfg.quirks.gzsdMerge == GzsdMerge::Separate) {
    // Official: two independent NMS, hard-coded 0.05, up to 2 × max detections.
    auto s = perClassNms(gather(scores, classBoxes, seen, 0.05), o.nmsIou, off, maxPer);
    auto u = perClassNms(gather(scores, classBoxes, unseen, 0.05), o.nmsIou, off, maxPer);
    kept = concat(s, u);
  } else {
    auto all = perClassNms(gather(scores, classBoxes, torch::ones({m}, unseen.options()), o.scoreThr), o.nmsIou,
                           off, -1);
    auto groups = unseen.index({all.labels}).to(torch::kLong);
    kept = take(all, crossGroupNms(all.boxes, all.scores, groups, o.nmsIou, off, maxPer));
  }
  ScoredDetections d;
  d.boxes = kept.boxes;
  d.scores = kept.scores;
  d.labels = kept.labels;
  auto neg = torch::full({n, 1}, -std::numeric_limits<float>::infinity(), scores.options());
  auto best = [&](const torch::Tensor& mask) {
    if (!mask.any().item<bool>()) return torch::zeros({kept.rois.numel()}, scores.options());
    auto masked = torch::where(mask.unsqueeze(0), scores, neg.expand({n, m}));
    return std::get<0>(masked.max(1)).index({kept.rois});
  };
  d.topSeen = best(seen);
  d.topUnseen = best(unseen);
  d.semantic = v.index({kept.rois});
  return d;
}

}  // namespace zsi
