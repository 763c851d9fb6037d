#include "core/engine/AnchorGenerator.h"

#include <cmath>

namespace zsi {

AnchorGenerator::AnchorGenerator(int baseSize, std::vector<double> scales, std::vector<double> ratios,
                                 bool legacy)
    : scales_(std::move(scales)), ratios_(std::move(ratios)) {
  const double w = baseSize, h = baseSize;
  const double cx = legacy ? 0.5 * (w - 1) : 0.5 * w;
  const double cy = legacy ? 0.5 * (h - 1) : 0.5 * h;
  const double shrink = legacy ? 1.0 : 0.0;
  std::vector<float> v;
  for (double r : ratios_) {
    const double hr = std::sqrt(r), wr = 1.0 / hr;
    for (double s : scales_) {
      const double ws = w * wr * s, hs = h * hr * s;
      double box[4] = {cx - 0.5 * (ws - shrink), cy - 0.5 * (hs - shrink), cx + 0.5 * (ws - shrink),
                       cy + 0.5 * (hs - shrink)};
      // mmdet v1 rounds with torch.round (half to even); std::nearbyint does the same.
      for (double c : box) v.push_back(static_cast<float>(legacy ? std::nearbyint(c) : c));
    }
  }
  base_ = torch::from_blob(v.data(), {static_cast<int64_t>(v.size() / 4), 4}, torch::kFloat).clone();
}

torch::Tensor AnchorGenerator::gridAnchors(int64_t featH, int64_t featW, int stride,
                                           const torch::Device& device) const {
  auto opts = torch::TensorOptions().dtype(torch::kFloat).device(device);
  auto sx = torch::arange(featW, opts) * stride;
  auto sy = torch::arange(featH, opts) * stride;
  auto xx = sx.repeat({featH});
  auto yy = sy.view({-1, 1}).repeat({1, featW}).view({-1});
  auto shifts = torch::stack({xx, yy, xx, yy}, 1);
  return (base_.to(device).unsqueeze(0) + shifts.unsqueeze(1)).view({-1, 4});
}

torch::Tensor AnchorGenerator::validFlags(int64_t featH, int64_t featW, int64_t validH, int64_t validW,
                                          const torch::Device& device) const {
  auto opts = torch::TensorOptions().dtype(torch::kBool).device(device);
  auto vx = torch::arange(featW, torch::TensorOptions().device(device)) < validW;
  auto vy = torch::arange(featH, torch::TensorOptions().device(device)) < validH;
  auto valid = vy.view({-1, 1}) & vx.view({1, -1});
  return valid.reshape({-1, 1}).expand({featH * featW, numAnchors()}).reshape({-1}).to(opts);
}

}  // namespace zsi
