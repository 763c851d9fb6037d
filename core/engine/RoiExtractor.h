#pragma once
// Single-level RoI extractor (spec §4): each RoI is pooled from one FPN level chosen by its size,
// level = clamp(floor(log2(sqrt(w·h) / finest_scale + 1e-6)), 0, L-1). Engine-internal.

#include <vector>

#include <torch/torch.h>

#include "core/engine/RoiAlign.h"

namespace zsi {

class RoiExtractor {
 public:
  RoiExtractor(std::vector<int> strides, int outSize, int samplingRatio, double finestScale, int offset);

  // rois R×5 (batch index, box) → R × C × out × out from the first L levels of `feats`.
  torch::Tensor operator()(const std::vector<torch::Tensor>& feats, const torch::Tensor& rois) const;
  torch::Tensor levels(const torch::Tensor& rois) const;  // R int64

 private:
  std::vector<int> strides_;
  int outSize_;
  int samplingRatio_;
  double finestScale_;
  int offset_;
};

}  // namespace zsi
