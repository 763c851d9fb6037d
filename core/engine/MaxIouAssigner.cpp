#include "core/engine/MaxIouAssigner.h"

#include "core/engine/BoxOps.h"

namespace zsi {

void AssignResult::addGtAsProposals(const torch::Tensor& gtLabels) {
  auto self = torch::arange(1, numGts + 1, gtInds.options());
  gtInds = torch::cat({self, gtInds});
  maxOverlaps = torch::cat({torch::ones({numGts}, maxOverlaps.options()), maxOverlaps});
  labels = torch::cat({gtLabels.to(labels.options()), labels});
}

AssignResult assignMaxIou(const torch::Tensor& boxes, const torch::Tensor& gt,
                          const torch::Tensor& gtIgnore, const torch::Tensor& gtLabels,
                          const AssignerConfig& cfg, int offset) {
  const int64_t n = boxes.size(0), g = gt.size(0);
  auto longOpts = torch::TensorOptions().dtype(torch::kLong).device(boxes.device());
  AssignResult r;
  r.numGts = g;
  if (g == 0 || n == 0) {
    r.gtInds = torch::zeros({n}, longOpts);
    r.maxOverlaps = torch::zeros({n}, boxes.options().dtype(torch::kFloat));
    r.labels = torch::zeros({n}, longOpts);
    return r;
  }
  auto overlaps = boxIou(gt.to(torch::kFloat), boxes.to(torch::kFloat), offset);  // G×N
  if (cfg.ignoreIofThr > 0 && gtIgnore.defined() && gtIgnore.numel() > 0) {
    auto iof = boxIof(boxes.to(torch::kFloat), gtIgnore.to(torch::kFloat), offset);  // N×I
    auto ignored = std::get<0>(iof.max(1)) > cfg.ignoreIofThr;
    overlaps.index_put_({torch::indexing::Slice(), ignored}, -1.0);
  }
  auto [maxOv, argmaxOv] = overlaps.max(0);      // per box
  auto gtMax = std::get<0>(overlaps.max(1));      // per gt
  auto inds = torch::full({n}, -1, longOpts);
  inds.masked_fill_((maxOv >= 0) & (maxOv < cfg.negIouThr), 0);
  auto pos = maxOv >= cfg.posIouThr;
  inds = torch::where(pos, argmaxOv + 1, inds);
  // Each gt also takes its best box(es) when that IoU reaches min_pos_iou; a later gt wins a box
  // claimed by several, as in the sequential loop of mmdet.
  auto eligible = (gtMax >= cfg.minPosIou).unsqueeze(1);
  torch::Tensor claim;
  if (cfg.gtMaxAssignAll) {
    claim = (overlaps == gtMax.unsqueeze(1)) & eligible;
  } else {
    claim = torch::zeros_like(overlaps, torch::kBool);
    auto best = std::get<1>(overlaps.max(1));
    claim.index_put_({torch::arange(g, longOpts), best}, true);
    claim = claim & eligible;
  }
  auto order = torch::arange(1, g + 1, longOpts).unsqueeze(1);
  auto winner = std::get<0>((claim.to(torch::kLong) * order).max(0));
  inds = torch::where(winner > 0, winner, inds);
  r.gtInds = inds;
  r.maxOverlaps = maxOv;
  auto labels = torch::zeros({n}, longOpts);
  auto assigned = inds > 0;
  if (assigned.any().item<bool>()) {
    auto idx = assigned.nonzero().squeeze(1);
    labels.index_put_({idx}, gtLabels.to(longOpts).index({inds.index({idx}) - 1}));
  }
  r.labels = labels;
  return r;
}

}  // namespace zsi
