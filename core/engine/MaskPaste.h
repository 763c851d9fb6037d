#pragma once
// Pastes 28×28 mask probabilities into the image (spec §9, mmdet v1 get_seg_masks): the box in
// original pixels is truncated to integers, the map resized bilinearly to the box size and
// thresholded, and the part inside the image kept as a box-local crop. Engine-internal.

#include <vector>

#include <torch/torch.h>

#include "core/engine/Instances.h"

namespace zsi {

// probs P × S × S (on any device), boxes P × 4 in original pixels, in the network's convention
// (`offset` 1: inclusive x2). Returns one crop per box.
std::vector<InstanceMask> pasteMasks(const torch::Tensor& probs, const torch::Tensor& boxes, int offset,
                                     double threshold, int imageHeight, int imageWidth);

}  // namespace zsi
