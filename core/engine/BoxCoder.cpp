#include "core/engine/BoxCoder.h"

#include <cmath>

namespace zsi {

torch::Tensor BoxCoder::encode(const torch::Tensor& p, const torch::Tensor& g) const {
  auto pf = p.to(torch::kFloat), gf = g.to(torch::kFloat);
  auto px = (pf.select(1, 0) + pf.select(1, 2)) * 0.5;
  auto py = (pf.select(1, 1) + pf.select(1, 3)) * 0.5;
  auto pw = pf.select(1, 2) - pf.select(1, 0) + offset;
  auto ph = pf.select(1, 3) - pf.select(1, 1) + offset;
  auto gx = (gf.select(1, 0) + gf.select(1, 2)) * 0.5;
  auto gy = (gf.select(1, 1) + gf.select(1, 3)) * 0.5;
  auto gw = gf.select(1, 2) - gf.select(1, 0) + offset;
  auto gh = gf.select(1, 3) - gf.select(1, 1) + offset;
  auto d = torch::stack({(gx - px) / pw, (gy - py) / ph, torch::log(gw / pw), torch::log(gh / ph)}, 1);
  auto m = torch::tensor({means[0], means[1], means[2], means[3]}, d.options());
  auto s = torch::tensor({stds[0], stds[1], stds[2], stds[3]}, d.options());
  return (d - m) / s;
}

torch::Tensor BoxCoder::decode(const torch::Tensor& boxes, const torch::Tensor& deltas,
                               double maxHeight, double maxWidth) const {
  const int64_t n = deltas.size(0);
  const int64_t k = deltas.size(1) / 4;
  auto d = deltas.to(torch::kFloat).reshape({n, k, 4});
  auto m = torch::tensor({means[0], means[1], means[2], means[3]}, d.options());
  auto s = torch::tensor({stds[0], stds[1], stds[2], stds[3]}, d.options());
  d = d * s + m;
  const double maxRatio = std::abs(std::log(16.0 / 1000.0));
  auto dx = d.select(2, 0), dy = d.select(2, 1);
  auto dw = d.select(2, 2).clamp(-maxRatio, maxRatio);
  auto dh = d.select(2, 3).clamp(-maxRatio, maxRatio);
  auto b = boxes.to(torch::kFloat);
  auto px = ((b.select(1, 0) + b.select(1, 2)) * 0.5).unsqueeze(1);
  auto py = ((b.select(1, 1) + b.select(1, 3)) * 0.5).unsqueeze(1);
  auto pw = (b.select(1, 2) - b.select(1, 0) + offset).unsqueeze(1);
  auto ph = (b.select(1, 3) - b.select(1, 1) + offset).unsqueeze(1);
  auto gw = pw * dw.exp();
  auto gh = ph * dh.exp();
  auto gx = px + pw * dx;
  auto gy = py + ph * dy;
  // Legacy boxes are pixel-inclusive: the half-pixel shrink keeps x2 - x1 + 1 == gw.
  const double half = 0.5 * offset;
  auto x1 = gx - gw * 0.5 + half;
  auto y1 = gy - gh * 0.5 + half;
  auto x2 = gx + gw * 0.5 - half;
  auto y2 = gy + gh * 0.5 - half;
  if (maxWidth > 0 && maxHeight > 0) {
    x1 = x1.clamp(0, maxWidth - offset);
    x2 = x2.clamp(0, maxWidth - offset);
    y1 = y1.clamp(0, maxHeight - offset);
    y2 = y2.clamp(0, maxHeight - offset);
  }
  return torch::stack({x1, y1, x2, y2}, 2).reshape({n, 4 * k});
}

}  // namespace zsi
