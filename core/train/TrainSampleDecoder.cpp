#include "core/train/TrainSampleDecoder.h"

#include <algorithm>
#include <chrono>

#include "core/coco/Rle.h"
#include "core/image/ImageIO.h"

namespace zsi {
namespace {

void flipImageInPlace(Image& im) {
  const int c = im.channels;
  for (int y = 0; y < im.height; ++y) {
    std::uint8_t* row = im.row(y);
    for (int x = 0; x < im.width / 2; ++x)
      for (int k = 0; k < c; ++k)
        std::swap(row[x * c + k], row[(im.width - 1 - x) * c + k]);
  }
}

// Boxes x1 y1 x2 y2 in original pixels → input pixels, as mmdet v1 does: scaled, flipped in the
// resized image, clipped to it.
torch::Tensor transformBoxes(const std::vector<std::array<double, 4>>& boxes, const ImageMeta& meta, bool flip,
                             int offset) {
  const double w = static_cast<double>(meta.width);
  std::vector<float> v;
  v.reserve(boxes.size() * 4);
  const double maxX = static_cast<double>(meta.width - offset), maxY = static_cast<double>(meta.height - offset);
  for (const auto& b : boxes) {
    double out[4] = {b[0] * meta.scale, b[1] * meta.scale, b[2] * meta.scale, b[3] * meta.scale};
    if (flip) {
      const double x1 = w - offset - out[2], x2 = w - offset - out[0];
      out[0] = x1;
      out[2] = x2;
    }
    for (int k = 0; k < 4; ++k) v.push_back(static_cast<float>(std::clamp(out[k], 0.0, k % 2 == 0 ? maxX : maxY)));
  }
  return torch::tensor(v, torch::kFloat).view({static_cast<int64_t>(boxes.size()), 4});
}

Result<torch::Tensor> instanceMasks(const TrainSampleRecord& r, const CocoDataset& dataset, const ImageMeta& meta,
                                    bool flip) {
  const int64_t g = static_cast<int64_t>(r.annotations.size());
  auto full = torch::empty({g, 1, r.height, r.width}, torch::kFloat);
  for (int64_t i = 0; i < g; ++i) {
    Rle rle = dataset.annotationRle(r.annotations[static_cast<std::size_t>(i)]);
    if (rle.h != static_cast<std::uint32_t>(r.height) || rle.w != static_cast<std::uint32_t>(r.width))
      return Error("the mask of annotation id " + std::to_string(dataset.annotations()[r.annotations[i]].id) +
                   " is " + std::to_string(rle.w) + "x" + std::to_string(rle.h) + ", its image " +
                   std::to_string(r.width) + "x" + std::to_string(r.height));
    auto mask = rleDecodeRowMajor(rle);
    if (!mask.ok()) return mask.error();
    full[i][0].copy_(torch::from_blob(mask->data(), {r.height, r.width}, torch::kUInt8));
  }
  namespace F = torch::nn::functional;
  auto resized = F::interpolate(full, F::InterpolateFuncOptions()
                                          .size(std::vector<int64_t>{meta.height, meta.width})
                                          .mode(torch::kNearest));
  // Flipped after resizing, as mmdet does: nearest-neighbour resizing is not mirror-symmetric.
  if (flip) resized = resized.flip({3});
  return resized.squeeze(1).to(torch::kUInt8);
}

}  // namespace

Result<PreparedSample> decodeTrainSample(const TrainSampleRecord& r, const CocoDataset& dataset,
                                         const ModelConfig& cfg, bool flip) {
  const auto t0 = std::chrono::steady_clock::now();
  auto image = readImage(r.path);
  if (!image.ok()) return image.error();
  if (image->width != r.width || image->height != r.height)
    return Error("the image is " + std::to_string(image->width) + "x" + std::to_string(image->height) +
                 ", the dataset says " + std::to_string(r.width) + "x" + std::to_string(r.height))
        .inFile(r.path);
  try {
    if (flip) flipImageInPlace(image.value());
    auto prepared = prepareImage(image.value(), cfg.input, torch::kCPU);
    if (!prepared.ok()) return Error(prepared.error().message).inFile(r.path);
    PreparedSample s;
    s.image = prepared->tensor;
    s.meta = prepared->meta;
    s.flipped = flip;
    const int off = cfg.boxOffset();
    s.boxes = transformBoxes(r.boxes, s.meta, flip, off);
    s.labels = torch::tensor(r.labels, torch::kLong);
    s.ignore = r.ignore.empty() ? torch::zeros({0, 4}, torch::kFloat) : transformBoxes(r.ignore, s.meta, flip, off);
    if (cfg.maskHead.enabled) {
      auto masks = instanceMasks(r, dataset, s.meta, flip);
      if (!masks.ok()) return Error(masks.error().message).inFile(r.path);
      s.masks = masks.value();
    }
    s.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return s;
  } catch (const std::exception& e) {
    return Error(std::string("cannot prepare the training sample: ") + e.what()).inFile(r.path);
  }
}

}  // namespace zsi
