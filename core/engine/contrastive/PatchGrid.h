#pragma once
// The patch grid of the contrastive heads: a patch is patchSize × patchSize cells of an input map
// taken every patchStride cells; its features are the cells' mean. Engine-internal (torch).

#include <vector>

#include <torch/torch.h>

#include "core/engine/Preprocess.h"

namespace zsi {

struct PatchGridGeometry {
  int64_t rows = 0, cols = 0;  // H', W'
  int size = 1, stride = 1;    // in cells
  double cellX = 1, cellY = 1; // network-input pixels per cell of the map

  // Patch (r, c) covers cells [c·stride, c·stride + size) × [r·stride, r·stride + size).
  double centreX(int64_t c) const { return (c * stride + size / 2.0) * cellX; }
  double centreY(int64_t r) const { return (r * stride + size / 2.0) * cellY; }
  bool overlapping() const { return stride < size; }
};

// Geometry of the grid over a mapH × mapW map whose cells are cellX × cellY input pixels.
PatchGridGeometry patchGridGeometry(int64_t mapH, int64_t mapW, int size, int stride, double cellX, double cellY);
// B × C × H × W → B × C × H' × W' (mean of each patch's cells).
torch::Tensor poolPatches(const torch::Tensor& map, int size, int stride);
// B × H' × W' bool: the patch centre lies inside image b's resized (unpadded) area.
torch::Tensor validPatches(const PatchGridGeometry& g, const std::vector<ImageMeta>& metas,
                           const torch::Device& device);

}  // namespace zsi
