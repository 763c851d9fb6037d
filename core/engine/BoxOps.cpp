#include "core/engine/BoxOps.h"

namespace zsi {

torch::Tensor boxAreas(const torch::Tensor& b, int offset) {
  return (b.select(1, 2) - b.select(1, 0) + offset) * (b.select(1, 3) - b.select(1, 1) + offset);
}

namespace {

torch::Tensor intersection(const torch::Tensor& a, const torch::Tensor& b, int offset) {
  auto lt = torch::max(a.slice(1, 0, 2).unsqueeze(1), b.slice(1, 0, 2).unsqueeze(0));
  auto rb = torch::min(a.slice(1, 2, 4).unsqueeze(1), b.slice(1, 2, 4).unsqueeze(0));
  auto wh = (rb - lt + offset).clamp_min(0);
  return wh.select(2, 0) * wh.select(2, 1);
}

}  // namespace

torch::Tensor boxIou(const torch::Tensor& a, const torch::Tensor& b, int offset) {
  if (a.size(0) == 0 || b.size(0) == 0) return torch::zeros({a.size(0), b.size(0)}, a.options());
  auto inter = intersection(a, b, offset);
  auto uni = boxAreas(a, offset).unsqueeze(1) + boxAreas(b, offset).unsqueeze(0) - inter;
  return inter / uni.clamp_min(1e-6);
}

torch::Tensor boxIof(const torch::Tensor& a, const torch::Tensor& b, int offset) {
  if (a.size(0) == 0 || b.size(0) == 0) return torch::zeros({a.size(0), b.size(0)}, a.options());
  auto inter = intersection(a, b, offset);
  return inter / boxAreas(a, offset).unsqueeze(1).clamp_min(1e-6);
}

torch::Tensor clipBoxes(const torch::Tensor& boxes, double height, double width, int offset) {
  const double maxX = width - offset, maxY = height - offset;
  auto x = boxes.index({torch::indexing::Slice(), torch::indexing::Slice(0, 4, 2)}).clamp(0, maxX);
  auto y = boxes.index({torch::indexing::Slice(), torch::indexing::Slice(1, 4, 2)}).clamp(0, maxY);
  return torch::stack({x.select(1, 0), y.select(1, 0), x.select(1, 1), y.select(1, 1)}, 1);
}

}  // namespace zsi
