#include "core/engine/contrastive/PatchAssignment.h"

#include <limits>

namespace zsi {

torch::Tensor assignPatchesToInstances(const PatchGridGeometry& grid, const torch::Tensor& boxes,
                                       const torch::Tensor& masks) {
  auto out = torch::full({grid.rows * grid.cols}, -1, torch::kLong);
  const int64_t g = boxes.defined() ? boxes.size(0) : 0;
  if (g == 0) return out;
  auto b = boxes.to(torch::kCPU, torch::kDouble).contiguous();
  auto ba = b.accessor<double, 2>();
  const bool useMasks = masks.defined() && masks.dim() == 3 && masks.size(0) == g;
  torch::Tensor m = useMasks ? masks.to(torch::kCPU, torch::kByte).contiguous() : torch::Tensor();
  std::vector<double> area(static_cast<std::size_t>(g));
  for (int64_t i = 0; i < g; ++i)
    area[static_cast<std::size_t>(i)] = useMasks ? m[i].sum().item<double>()
                                                 : (ba[i][2] - ba[i][0] + 1) * (ba[i][3] - ba[i][1] + 1);
  const uint8_t* mp = useMasks ? m.data_ptr<uint8_t>() : nullptr;
  const int64_t mh = useMasks ? m.size(1) : 0, mw = useMasks ? m.size(2) : 0;
  auto o = out.accessor<int64_t, 1>();
  for (int64_t r = 0; r < grid.rows; ++r)
    for (int64_t c = 0; c < grid.cols; ++c) {
      const double x = grid.centreX(c), y = grid.centreY(r);
      double best = std::numeric_limits<double>::infinity();
      for (int64_t i = 0; i < g; ++i) {
        bool inside;
        if (useMasks) {
          const auto xi = static_cast<int64_t>(x), yi = static_cast<int64_t>(y);
          inside = yi < mh && xi < mw && mp[(i * mh + yi) * mw + xi] != 0;
        } else {
          inside = x >= ba[i][0] && x <= ba[i][2] + 1 && y >= ba[i][1] && y <= ba[i][3] + 1;
        }
        if (inside && area[static_cast<std::size_t>(i)] < best) {
          best = area[static_cast<std::size_t>(i)];
          o[r * grid.cols + c] = i;
        }
      }
    }
  return out;
}

}  // namespace zsi
