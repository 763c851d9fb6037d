#pragma once
// What one training step feeds the detector (the trainer builds it; spec §8). Engine-internal
// (torch), for core/train and the engine's own tests.

#include <map>
#include <string>
#include <vector>

#include <torch/torch.h>

#include "core/engine/Preprocess.h"

namespace zsi {

struct TrainBatch {
  torch::Tensor images;                 // B × 3 × H × W, normalised, zero-padded to the divisor
  std::vector<ImageMeta> metas;         // per image: its resized size and own padded size
  std::vector<torch::Tensor> gtBoxes;   // per image G × 4 float, x1 y1 x2 y2 in input pixels
                                        // (legacy convention: x2 = x1 + w - 1)
  std::vector<torch::Tensor> gtLabels;  // per image G int64: seen class index + 1 (1..K-1)
  std::vector<torch::Tensor> gtMasks;   // per image G × Hm × Wm uint8 0/1 in input pixels
                                        // (covering the resized image); empty if no mask head
  std::vector<torch::Tensor> gtIgnore;  // per image I × 4 crowd boxes (may be empty/undefined)
};

// Loss name → scalar tensor. Names of spec §7: loss_rpn_cls, loss_rpn_bbox, loss_semantic,
// loss_bbox, bbox_loss_ed, loss_mask, loss_ed; plus "acc" (percent, not a loss).
using LossMap = std::map<std::string, torch::Tensor>;

// The sum of every entry except "acc" (what the optimizer minimises).
torch::Tensor totalLoss(const LossMap& losses);

}  // namespace zsi
