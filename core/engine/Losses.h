#pragma once
// The loss functions of spec §7 with mmdet v1's reductions. Engine-internal.

#include <torch/torch.h>

namespace zsi {

// Σ smooth-L1(pred - target) over all elements (β: quadratic below β).
torch::Tensor smoothL1Sum(const torch::Tensor& pred, const torch::Tensor& target, double beta);
// Σ over rows of weight · cross-entropy(logits row, label); logits R×C, labels R int64.
torch::Tensor weightedCrossEntropySum(const torch::Tensor& logits, const torch::Tensor& labels,
                                      const torch::Tensor& weights);
// Classification accuracy in percent (mmdet `accuracy`, top-1).
torch::Tensor accuracyPercent(const torch::Tensor& logits, const torch::Tensor& labels);

}  // namespace zsi
