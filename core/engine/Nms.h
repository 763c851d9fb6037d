#pragma once
// Greedy non-maximum suppression (torchvision has it; LibTorch does not). Scores are sorted on the
// boxes' device; the greedy scan, which is sequential by nature, compares each candidate with the
// boxes kept so far on a CPU copy of the sorted N×4 boxes. Inputs may live on any device; the
// returned indices live on the same device. A box is suppressed when its IoU with a kept box is
// greater than the threshold. Engine-internal.

#include <torch/torch.h>

namespace zsi {

// Indices of the kept boxes, by decreasing score.
torch::Tensor nms(const torch::Tensor& boxes, const torch::Tensor& scores, double iouThr, int offset);

// Per-group NMS: a box only suppresses boxes of the same group (`groups`: N int64, e.g. class).
torch::Tensor batchedNms(const torch::Tensor& boxes, const torch::Tensor& scores,
                         const torch::Tensor& groups, double iouThr, int offset);

// Cross-group NMS: a box only suppresses boxes of OTHER groups (used to merge seen and unseen
// detections that already went through per-class NMS). Keeps at most `maxKeep` (< 0: all).
torch::Tensor crossGroupNms(const torch::Tensor& boxes, const torch::Tensor& scores,
                            const torch::Tensor& groups, double iouThr, int offset, int64_t maxKeep);

}  // namespace zsi
