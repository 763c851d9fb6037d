#pragma once
// The shipped model configs (models/configs/*.json) and weight key maps (models/import/*.json),
// compiled into the program from those files (core/engine/EmbedEngineData.cmake), and lookups
// that take either a built-in name or a file path. Adding a config = adding a JSON file to
// models/configs/. Plain C++.

#include <string>
#include <vector>

#include "core/engine/KeyMap.h"
#include "core/engine/ModelConfig.h"
#include "core/util/Result.h"

namespace zsi {

struct BuiltinEngineFile {
  const char* folder;  // "configs" or "import"
  const char* name;    // file name without .json
  const char* text;
};

const std::vector<BuiltinEngineFile>& builtinEngineFiles();

std::vector<std::string> builtinModelConfigNames();
// "small_cpu" (a built-in name) or a path to a config file.
Result<ModelConfig> findModelConfig(const std::string& nameOrPath);
// "mmdet_v1_zsi", "torchvision_resnet" or a path to a key-map file.
Result<KeyMap> findKeyMap(const std::string& nameOrPath);

}  // namespace zsi
