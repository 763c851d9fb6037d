#pragma once
// Random sampling of positive and negative boxes after assignment (mmdet v1 RandomSampler).
// Draws from torch's default CPU generator, so torch::manual_seed makes it reproducible on any
// device. Engine-internal.

#include <torch/torch.h>

#include "core/engine/MaxIouAssigner.h"
#include "core/engine/ModelConfig.h"

namespace zsi {

struct SamplingResult {
  torch::Tensor posInds;            // into `boxes` (after gt boxes were prepended, if they were)
  torch::Tensor negInds;
  torch::Tensor boxes;              // the candidate set the indices refer to
  torch::Tensor posBoxes, negBoxes;
  torch::Tensor posGtBoxes;         // gt box of each positive
  torch::Tensor posLabels;          // label of each positive
  torch::Tensor posAssignedGtInds;  // 0-based gt index of each positive
};

// `assign` is updated when gt boxes are added as proposals.
SamplingResult sampleRandom(AssignResult& assign, const torch::Tensor& boxes, const torch::Tensor& gt,
                            const torch::Tensor& gtLabels, const SamplerConfig& cfg);

// Up to `num` random elements of `indices` (all of them, in random order, when fewer).
torch::Tensor randomChoice(const torch::Tensor& indices, int64_t num);

}  // namespace zsi
