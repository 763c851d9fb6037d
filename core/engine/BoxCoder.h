#pragma once
// Regression deltas of mmdet v1 (bbox2delta / delta2bbox), generalised to both width
// conventions. Engine-internal.

#include <array>

#include <torch/torch.h>

namespace zsi {

struct BoxCoder {
  std::array<double, 4> means{0, 0, 0, 0};
  std::array<double, 4> stds{1, 1, 1, 1};
  int offset = 1;  // 1: mmdet v1 "+1" widths; 0: continuous

  // N×4 deltas that move `proposals` onto `targets` (both N×4).
  torch::Tensor encode(const torch::Tensor& proposals, const torch::Tensor& targets) const;
  // Apply N×(4k) deltas to N×4 boxes → N×(4k) boxes, clipped to maxHeight × maxWidth when those
  // are positive. dw/dh are clamped to |log(16/1000)| as in mmdet.
  torch::Tensor decode(const torch::Tensor& boxes, const torch::Tensor& deltas,
                       double maxHeight = 0, double maxWidth = 0) const;
};

}  // namespace zsi
