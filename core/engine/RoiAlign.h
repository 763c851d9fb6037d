#pragma once
// RoIAlign on LibTorch tensor operations (torchvision is not available): runs on any device and
// is differentiable with respect to the features.
//
// Semantics: `aligned == false` is mmdet v1's legacy kernel (spec §4): the RoI spans
// [x1·s, (x2+1)·s) with a width of at least 0, `samplingRatio` × `samplingRatio` bilinear samples
// per bin averaged, a sample outside [-1, H] × [-1, W] counts 0 and one in [-1, 0) or (H-1, H] is
// clamped to the border. `aligned == true` is torchvision's aligned=True: [x1·s - 0.5, x2·s - 0.5).
//
// Implementation: bilinear sampling is grid_sample (align_corners, coordinates clamped to the
// border first), the out-of-range rule a separable 0/1 mask, the bin average an avg_pool2d.
// Engine-internal.

#include <torch/torch.h>

namespace zsi {

struct RoiAlignOptions {
  int outHeight = 7;
  int outWidth = 7;
  double spatialScale = 1.0;
  int samplingRatio = 2;  // > 0
  bool aligned = false;
};

// features N×C×H×W, rois R×5 (batch index, x1, y1, x2, y2 in input pixels) → R×C×outH×outW.
torch::Tensor roiAlign(const torch::Tensor& features, const torch::Tensor& rois,
                       const RoiAlignOptions& options);

}  // namespace zsi
