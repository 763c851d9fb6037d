#include <filesystem>

#include "core/engine/BuiltinEngineData.h"

namespace zsi {
namespace {

const BuiltinEngineFile* find(const char* folder, const std::string& name) {
  for (const auto& f : builtinEngineFiles())
    if (std::string(f.folder) == folder && name == f.name) return &f;
  return nullptr;
}

std::string namesIn(const char* folder) {
  std::string s;
  for (const auto& f : builtinEngineFiles())
    if (std::string(f.folder) == folder) s += (s.empty() ? "" : ", ") + std::string(f.name);
  return s;
}

}  // namespace

std::vector<std::string> builtinModelConfigNames() {
  std::vector<std::string> out;
  for (const auto& f : builtinEngineFiles())
    if (std::string(f.folder) == "configs") out.emplace_back(f.name);
  return out;
}

Result<ModelConfig> findModelConfig(const std::string& nameOrPath) {
  if (const auto* f = find("configs", nameOrPath)) return parseModelConfig(f->text, "built-in config " + nameOrPath);
  if (std::filesystem::exists(nameOrPath)) return loadModelConfig(nameOrPath);
  return Error("no model config '" + nameOrPath + "': not a file, and the built-in configs are " + namesIn("configs"));
}

Result<KeyMap> findKeyMap(const std::string& nameOrPath) {
  if (const auto* f = find("import", nameOrPath)) return KeyMap::parse(f->text, "built-in key map " + nameOrPath);
  if (std::filesystem::exists(nameOrPath)) return KeyMap::load(nameOrPath);
  return Error("no key map '" + nameOrPath + "': not a file, and the built-in key maps are " + namesIn("import"));
}

}  // namespace zsi
