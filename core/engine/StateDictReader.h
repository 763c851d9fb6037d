#pragma once
// Reads a foreign state dict: a safetensors file (ours, or written by
// models/tools/pth_to_safetensors.py) or a zip-format PyTorch file (torch.save since PyTorch 1.6,
// read with LibTorch's unpickler; a checkpoint dict's "state_dict" or "model" entry is used).
// Legacy pre-1.6 .pth files are refused with the conversion command. Engine-internal.

#include <string>

#include "core/engine/Checkpoint.h"
#include "core/util/Result.h"

namespace zsi {

Result<NamedTensors> readStateDict(const std::string& path);

}  // namespace zsi
