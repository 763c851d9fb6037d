#include "core/engine/Preprocess.h"

#include <algorithm>
#include <cmath>

namespace zsi {

ImageMeta resizeGeometry(int64_t height, int64_t width, const ModelConfig::Input& input) {
  ImageMeta m;
  m.originalHeight = height;
  m.originalWidth = width;
  const double longSide = static_cast<double>(std::max(height, width));
  const double shortSide = static_cast<double>(std::min(height, width));
  m.scale = std::min(input.maxLongSide / longSide, input.maxShortSide / shortSide);
  m.width = static_cast<int64_t>(width * m.scale + 0.5);
  m.height = static_cast<int64_t>(height * m.scale + 0.5);
  const int64_t d = input.padDivisor;
  m.padHeight = (m.height + d - 1) / d * d;
  m.padWidth = (m.width + d - 1) / d * d;
  return m;
}

torch::Tensor normaliseAndPad(const torch::Tensor& rgb, const ModelConfig::Input& input, ImageMeta& meta) {
  auto opts = rgb.options();
  auto mean = torch::tensor({input.mean[0], input.mean[1], input.mean[2]}, opts).view({3, 1, 1});
  auto stdv = torch::tensor({input.std[0], input.std[1], input.std[2]}, opts).view({3, 1, 1});
  auto x = (rgb - mean) / stdv;
  const int64_t d = input.padDivisor;
  meta.height = rgb.size(1);
  meta.width = rgb.size(2);
  meta.padHeight = (meta.height + d - 1) / d * d;
  meta.padWidth = (meta.width + d - 1) / d * d;
  return torch::constant_pad_nd(x, {0, meta.padWidth - meta.width, 0, meta.padHeight - meta.height}, 0);
}

Result<PreparedImage> prepareImage(const Image& image, const ModelConfig::Input& input,
                                   const torch::Device& device) {
  if (image.empty()) return Error("the image is empty");
  if (image.channels != 1 && image.channels != 3 && image.channels != 4)
    return Error("unsupported image with " + std::to_string(image.channels) + " channels");
  if (image.pixels.size() != static_cast<std::size_t>(image.width) * image.height * image.channels)
    return Error("the image buffer does not match its size");
  PreparedImage p;
  p.meta = resizeGeometry(image.height, image.width, input);
  auto raw = torch::from_blob(const_cast<std::uint8_t*>(image.pixels.data()),
                              {image.height, image.width, image.channels}, torch::kUInt8);
  torch::Tensor rgb;
  if (image.channels == 1) rgb = raw.expand({image.height, image.width, 3});
  else rgb = raw.slice(2, 0, 3);
  auto x = rgb.to(device).permute({2, 0, 1}).to(torch::kFloat).unsqueeze(0);
  if (p.meta.height != image.height || p.meta.width != image.width) {
    namespace F = torch::nn::functional;
    x = F::interpolate(x, F::InterpolateFuncOptions()
                              .size(std::vector<int64_t>{p.meta.height, p.meta.width})
                              .mode(torch::kBilinear)
                              .align_corners(false));
  }
  ImageMeta meta = p.meta;
  p.tensor = normaliseAndPad(x[0], input, meta);
  p.meta.padHeight = meta.padHeight;
  p.meta.padWidth = meta.padWidth;
  return p;
}

torch::Tensor batchImages(const std::vector<torch::Tensor>& images) {
  int64_t h = 0, w = 0;
  for (const auto& t : images) {
    h = std::max(h, t.size(1));
    w = std::max(w, t.size(2));
  }
  std::vector<torch::Tensor> padded;
  for (const auto& t : images)
    padded.push_back(torch::constant_pad_nd(t, {0, w - t.size(2), 0, h - t.size(1)}, 0));
  return torch::stack(padded);
}

}  // namespace zsi
