#pragma once
// One training sample from its record (spec §8): decode the image (RGB), flip it horizontally when
// asked, resize keeping the aspect ratio to fit the configured size, normalise and pad (the
// engine's own Preprocess), and bring its boxes, ignore boxes and masks along (masks: pycocotools'
// annToRLE at the image's size, resized with nearest neighbour like mmcv, then flipped). Engine-internal
// (torch); thread-safe: the data loader calls it from its worker threads.

#include <cstdint>

#include <torch/torch.h>

#include "core/coco/CocoDataset.h"
#include "core/engine/ModelConfig.h"
#include "core/engine/Preprocess.h"
#include "core/train/TrainIndex.h"
#include "core/util/Result.h"

namespace zsi {

struct PreparedSample {
  torch::Tensor image;   // 3 × padHeight × padWidth float, normalised
  ImageMeta meta;
  torch::Tensor boxes;   // G × 4 float, input pixels
  torch::Tensor labels;  // G int64
  torch::Tensor masks;   // G × height × width uint8 (undefined when the model has no mask head)
  torch::Tensor ignore;  // I × 4 float (0 × 4 when none)
  std::int64_t epoch = 0;
  std::int64_t position = 0;  // in the epoch's order (global, over all processes)
  std::uint64_t forwardSeed = 0;  // seeds the random samplers of this sample's forward pass
  bool flipped = false;
  double seconds = 0;  // decoding + augmentation time
};

Result<PreparedSample> decodeTrainSample(const TrainSampleRecord& record, const CocoDataset& dataset,
                                         const ModelConfig& config, bool flip);

}  // namespace zsi
