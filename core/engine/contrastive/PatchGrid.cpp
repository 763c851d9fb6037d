#include "core/engine/contrastive/PatchGrid.h"

namespace zsi {

PatchGridGeometry patchGridGeometry(int64_t mapH, int64_t mapW, int size, int stride, double cellX, double cellY) {
  TORCH_CHECK(mapH >= size && mapW >= size, "the contrastive head's input map (", mapH, " × ", mapW,
              ") is smaller than one patch (", size, " cells); use a finer level or smaller patch_size");
  PatchGridGeometry g;
  g.rows = (mapH - size) / stride + 1;
  g.cols = (mapW - size) / stride + 1;
  g.size = size;
  g.stride = stride;
  g.cellX = cellX;
  g.cellY = cellY;
  return g;
}

torch::Tensor poolPatches(const torch::Tensor& map, int size, int stride) {
  TORCH_CHECK(map.dim() == 4, "patch pooling needs B × C × H × W, got ", map.sizes());
  if (size == 1 && stride == 1) return map;
  return torch::avg_pool2d(map, {size, size}, {stride, stride});
}

torch::Tensor validPatches(const PatchGridGeometry& g, const std::vector<ImageMeta>& metas,
                           const torch::Device& device) {
  auto valid = torch::zeros({static_cast<int64_t>(metas.size()), g.rows, g.cols}, torch::kBool);
  auto v = valid.accessor<bool, 3>();
  for (std::size_t b = 0; b < metas.size(); ++b)
    for (int64_t r = 0; r < g.rows; ++r)
      for (int64_t c = 0; c < g.cols; ++c)
        v[b][r][c] = g.centreY(r) < metas[b].height && g.centreX(c) < metas[b].width;
  return valid.to(device);
}

}  // namespace zsi
