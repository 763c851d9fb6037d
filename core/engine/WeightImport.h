#pragma once
// Importing foreign weights into a model through a key map (models/import/*.json): official ZSI
// checkpoints (mmdetection v1 names), torchvision ImageNet ResNets. Plain C++ facade.

#include <string>
#include <vector>

#include "core/engine/KeyMap.h"
#include "core/engine/ZsiModel.h"
#include "core/util/Result.h"

namespace zsi {

struct ImportReport {
  std::size_t imported = 0;             // tensors copied
  std::vector<std::string> ignored;     // "key: why" for source tensors deliberately dropped
  std::vector<std::string> leftAlone;   // our optional/derived tensors the source did not provide
  std::string toString() const;
};

// Copies every mapped tensor of `weightsPath` (safetensors or zip-format .pth) into `model`.
// Refused, listing every problem by name, when a source tensor has no rule, maps to a tensor the
// model lacks or to one of another shape, or a model tensor under the map's target prefix gets no
// value. When the source holds the official fixed classifier (mask_head.conv_vec.weight), its
// class rows must equal the model's seen class vectors: a checkpoint trained on another split or
// word-vector file is refused.
Result<ImportReport> importWeights(ZsiModel& model, const std::string& weightsPath, const KeyMap& keyMap);
// The same with a key map given by built-in name ("mmdet_v1_zsi", "torchvision_resnet") or file.
Result<ImportReport> importWeights(ZsiModel& model, const std::string& weightsPath, const std::string& keyMap);

}  // namespace zsi
