#include "core/engine/HeadLosses.h"

#include <algorithm>

#include "core/engine/Losses.h"

namespace zsi {

void addBoxHeadLosses(const BoxHeadOutput& out, const torch::Tensor& labels, const torch::Tensor& targets,
                      const ModelConfig& cfg, LossMap& losses) {
  const int64_t r = labels.size(0);
  const double numRois = static_cast<double>(std::max<int64_t>(r, 1));
  auto weights = torch::ones({r}, out.logits.options().dtype(torch::kFloat));
  losses["loss_semantic"] =
      weightedCrossEntropySum(out.logits, labels, weights) / numRois * cfg.boxHead.lossSemanticWeight;
  losses["acc"] = accuracyPercent(out.logits.detach(), labels);
  auto pos = (labels > 0).nonzero().squeeze(1);
  if (pos.numel() > 0) {
    auto posLabels = labels.index({pos});
    auto d = out.deltas.index({pos}).view({pos.numel(), -1, 4});
    auto chosen = d.gather(1, posLabels.view({-1, 1, 1}).expand({pos.numel(), 1, 4})).squeeze(1);
    losses["loss_bbox"] =
        smoothL1Sum(chosen.to(torch::kFloat), targets, cfg.boxHead.smoothL1Beta) / numRois * cfg.boxHead.lossBboxWeight;
  } else {
    losses["loss_bbox"] = out.deltas.sum() * 0.0;
  }
  if (cfg.boxHead.withDecoder && out.reconstructed.defined()) {
    losses["bbox_loss_ed"] =
        torch::mse_loss(out.reconstructed.to(torch::kFloat), out.visual.to(torch::kFloat)) * cfg.boxHead.lossEdWeight;
  }
}

void addMaskHeadLosses(const torch::Tensor& logits, const torch::Tensor& targets, const MaskHeadOutput& out,
                       const ModelConfig& cfg, LossMap& losses) {
  losses["loss_mask"] =
      torch::binary_cross_entropy_with_logits(logits.to(torch::kFloat), targets) * cfg.maskHead.lossMaskWeight;
  if (cfg.maskHead.withDecoder && out.reconstructed.defined()) {
    losses["loss_ed"] = torch::mse_loss(out.reconstructed.to(torch::kFloat), out.visual.to(torch::kFloat)) *
                        cfg.maskHead.lossEdWeight;
  }
}

}  // namespace zsi
