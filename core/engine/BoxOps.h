#pragma once
// Box geometry on tensors (engine-internal: includes torch). Boxes are N×4 (x1, y1, x2, y2).
// `offset` is the width convention: 1 for mmdet v1 (w = x2 - x1 + 1), 0 for continuous boxes.

#include <torch/torch.h>

namespace zsi {

torch::Tensor boxAreas(const torch::Tensor& boxes, int offset);
// N×M IoU matrix.
torch::Tensor boxIou(const torch::Tensor& a, const torch::Tensor& b, int offset);
// N×M intersection over the area of each box of `a` (mmdet "iof").
torch::Tensor boxIof(const torch::Tensor& a, const torch::Tensor& b, int offset);
// Clip boxes to an image of `height` × `width` pixels (legacy: to [0, w-1]; continuous: [0, w]).
torch::Tensor clipBoxes(const torch::Tensor& boxes, double height, double width, int offset);

}  // namespace zsi
