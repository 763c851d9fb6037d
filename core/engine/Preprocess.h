#pragma once
// Image → network input (spec §8, §9): resize keeping the aspect ratio to fit the configured
// (long, short) size, normalise RGB with the configured mean/std, pad with zeros to a multiple of
// the pad divisor. Engine-internal.

#include <vector>

#include <torch/torch.h>

#include "core/engine/ModelConfig.h"
#include "core/image/Image.h"
#include "core/util/Result.h"

namespace zsi {

struct ImageMeta {
  int64_t height = 0;          // resized image (inside the padded tensor)
  int64_t width = 0;
  int64_t padHeight = 0;       // its own padded size
  int64_t padWidth = 0;
  double scale = 1.0;          // resized = original × scale
  int64_t originalHeight = 0;
  int64_t originalWidth = 0;
};

struct PreparedImage {
  torch::Tensor tensor;  // 3 × padHeight × padWidth float
  ImageMeta meta;
};

// The scale and size mmdet v1 uses (mmcv imrescale): scale = min(long/L, short/S),
// size = int(original · scale + 0.5).
ImageMeta resizeGeometry(int64_t height, int64_t width, const ModelConfig::Input& input);

Result<PreparedImage> prepareImage(const Image& image, const ModelConfig::Input& input,
                                   const torch::Device& device);
// Normalises an already resized 3 × H × W float RGB tensor (0..255) and pads it.
torch::Tensor normaliseAndPad(const torch::Tensor& rgb, const ModelConfig::Input& input, ImageMeta& meta);
// B × 3 × H × W: pads every image to the largest padded size.
torch::Tensor batchImages(const std::vector<torch::Tensor>& images);

}  // namespace zsi
