#pragma once
// Tensors of a torch module ↔ safetensors. Loading is strict: every tensor the module expects is
// checked for presence, dtype and shape, every tensor of the file must be expected, and all
// mismatches are reported in one error, by name, expected vs actual. Engine-internal.

#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <torch/torch.h>

#include "core/engine/Safetensors.h"
#include "core/util/Result.h"

namespace zsi {

using NamedTensors = std::vector<std::pair<std::string, torch::Tensor>>;

// Parameters and buffers, recursively, with their dotted names.
NamedTensors moduleState(const torch::nn::Module& module);

std::string safetensorsDtype(torch::ScalarType type);                 // "" when unsupported
std::optional<torch::ScalarType> torchDtype(const std::string& dtype);  // nullopt when unsupported

Status writeTensors(const std::string& path, const NamedTensors& tensors,
                    const std::map<std::string, std::string>& metadata);
// A CPU tensor holding a copy of the entry's bytes.
torch::Tensor entryTensor(const SafetensorsFile& file, const SafetensorsEntry& entry);

// Copies the file's tensors into `module` (under no_grad, onto each tensor's device). Names in
// `extras` may be present in the file without belonging to the module.
Status loadModuleStrict(torch::nn::Module& module, const SafetensorsFile& file, const std::string& source,
                        const std::set<std::string>& extras = {});

std::string shapeString(const std::vector<std::int64_t>& shape);

}  // namespace zsi
