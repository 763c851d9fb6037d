#include "core/engine/MaskPaste.h"

#include <algorithm>
#include <cmath>

namespace zsi {

std::vector<InstanceMask> pasteMasks(const torch::Tensor& probs, const torch::Tensor& boxes, int offset,
                                     double threshold, int imageHeight, int imageWidth) {
  namespace F = torch::nn::functional;
  std::vector<InstanceMask> out;
  auto b = boxes.to(torch::kCPU, torch::kDouble).contiguous();
  auto acc = b.accessor<double, 2>();
  for (int64_t i = 0; i < probs.size(0); ++i) {
    int64_t x1, y1, w, h;
    if (offset == 1) {
      x1 = static_cast<int64_t>(acc[i][0]);
      y1 = static_cast<int64_t>(acc[i][1]);
      w = std::max<int64_t>(static_cast<int64_t>(acc[i][2]) - x1 + 1, 1);
      h = std::max<int64_t>(static_cast<int64_t>(acc[i][3]) - y1 + 1, 1);
    } else {
      x1 = static_cast<int64_t>(std::floor(acc[i][0]));
      y1 = static_cast<int64_t>(std::floor(acc[i][1]));
      w = std::max<int64_t>(static_cast<int64_t>(std::ceil(acc[i][2])) - x1, 1);
      h = std::max<int64_t>(static_cast<int64_t>(std::ceil(acc[i][3])) - y1, 1);
    }
    auto resized = F::interpolate(probs[i].unsqueeze(0).unsqueeze(0).to(torch::kFloat),
                                  F::InterpolateFuncOptions()
                                      .size(std::vector<int64_t>{h, w})
                                      .mode(torch::kBilinear)
                                      .align_corners(false))[0][0];
    auto bin = (resized > threshold).to(torch::kCPU, torch::kByte).contiguous();
    InstanceMask m;
    const int64_t cx1 = std::clamp<int64_t>(x1, 0, imageWidth), cy1 = std::clamp<int64_t>(y1, 0, imageHeight);
    const int64_t cx2 = std::clamp<int64_t>(x1 + w, 0, imageWidth), cy2 = std::clamp<int64_t>(y1 + h, 0, imageHeight);
    m.x = static_cast<int>(cx1);
    m.y = static_cast<int>(cy1);
    m.width = static_cast<int>(std::max<int64_t>(cx2 - cx1, 0));
    m.height = static_cast<int>(std::max<int64_t>(cy2 - cy1, 0));
    m.pixels.resize(static_cast<std::size_t>(m.width) * m.height);
    const std::uint8_t* src = bin.data_ptr<std::uint8_t>();
    for (int r = 0; r < m.height; ++r)
      std::copy_n(src + (cy1 - y1 + r) * w + (cx1 - x1), m.width, m.pixels.data() + static_cast<std::size_t>(r) * m.width);
    out.push_back(std::move(m));
  }
  return out;
}

}  // namespace zsi
