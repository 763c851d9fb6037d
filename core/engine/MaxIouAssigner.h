#pragma once
// Max-IoU assignment of boxes (anchors or proposals) to ground truth, mmdet v1 semantics
// (spec §3, §4). Engine-internal.

#include <torch/torch.h>

#include "core/engine/ModelConfig.h"

namespace zsi {

struct AssignResult {
  int64_t numGts = 0;
  torch::Tensor gtInds;       // N int64: -1 ignored, 0 negative, i+1 = assigned to gt i
  torch::Tensor maxOverlaps;  // N float
  torch::Tensor labels;       // N int64: label of the assigned gt, 0 otherwise

  // Prepends the ground-truth boxes as proposals assigned to themselves (mmdet add_gt_).
  void addGtAsProposals(const torch::Tensor& gtLabels);
};

// boxes N×4, gt G×4, gtIgnore I×4 (may be empty), gtLabels G int64.
AssignResult assignMaxIou(const torch::Tensor& boxes, const torch::Tensor& gt,
                          const torch::Tensor& gtIgnore, const torch::Tensor& gtLabels,
                          const AssignerConfig& cfg, int offset);

}  // namespace zsi
