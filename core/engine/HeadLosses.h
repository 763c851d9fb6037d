#pragma once
// The R-CNN losses of spec §7 from head outputs and targets, with their weights and mmdet v1's
// normalisations. Separate from the detector so each can be checked on a hand-computed case.
// Engine-internal.

#include <torch/torch.h>

#include "core/engine/ModelConfig.h"
#include "core/engine/SemanticBoxHead.h"
#include "core/engine/SemanticMaskHead.h"
#include "core/engine/TrainBatch.h"

namespace zsi {

// loss_semantic (K-way CE averaged over the sampled RoIs), acc, loss_bbox (smooth-L1 of the gt
// class's deltas over positives, divided by the number of sampled RoIs) and bbox_loss_ed
// (MSE(f̂, f)). labels: R int64 (0 = background); targets: one row per positive, in RoI order.
void addBoxHeadLosses(const BoxHeadOutput& out, const torch::Tensor& labels, const torch::Tensor& targets,
                      const ModelConfig& cfg, LossMap& losses);

// loss_mask (BCE of the gt-class logit map against the 28×28 target, mean over pixels and RoIs)
// and loss_ed (MSE(ĝ, g)). logits, targets: P × S × S.
void addMaskHeadLosses(const torch::Tensor& logits, const torch::Tensor& targets, const MaskHeadOutput& out,
                       const ModelConfig& cfg, LossMap& losses);

}  // namespace zsi
