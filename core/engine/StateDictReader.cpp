#include "core/engine/StateDictReader.h"

#include <torch/serialize.h>

#include "core/engine/Safetensors.h"
#include "core/engine/TorchSupport.h"
#include "core/util/AtomicFile.h"

namespace zsi {
namespace {

bool looksLikeSafetensors(const std::string& b) {
  if (b.size() < 10) return false;
  std::uint64_t n = 0;
  for (int i = 7; i >= 0; --i) n = (n << 8) | static_cast<unsigned char>(b[i]);
  return n > 0 && n <= b.size() - 8 && b[8] == '{';
}

Result<NamedTensors> fromIValue(const c10::IValue& root, const std::string& path) {
  if (!root.isGenericDict()) return Error("the PyTorch file does not hold a dict of tensors").inFile(path);
  auto dict = root.toGenericDict();
  for (const char* key : {"state_dict", "model"}) {
    auto it = dict.find(c10::IValue(std::string(key)));
    if (it != dict.end() && it->value().isGenericDict()) return fromIValue(it->value(), path);
  }
  NamedTensors out;
  for (const auto& e : dict) {
    if (!e.key().isString()) continue;
    if (!e.value().isTensor())
      return Error("entry '" + e.key().toStringRef() + "' is not a tensor").inFile(path);
    out.emplace_back(e.key().toStringRef(), e.value().toTensor());
  }
  if (out.empty()) return Error("the PyTorch file holds no tensors").inFile(path);
  return out;
}

}  // namespace

Result<NamedTensors> readStateDict(const std::string& path) {
  auto bytes = readFile(path);
  if (!bytes.ok()) return bytes.error();
  const std::string& b = bytes.value();
  if (looksLikeSafetensors(b)) {
    auto file = parseSafetensors(b, path);
    if (!file.ok()) return file.error();
    return guardTorch("cannot read " + path, [&]() -> Result<NamedTensors> {
      NamedTensors out;
      for (const auto& e : file->entries) out.emplace_back(e.name, entryTensor(file.value(), e));
      return out;
    });
  }
  if (b.size() >= 4 && b.compare(0, 4, "PK\x03\x04") == 0) {
    return guardTorch("cannot read the PyTorch file " + path, [&]() -> Result<NamedTensors> {
      std::vector<char> data(b.begin(), b.end());
      return fromIValue(torch::pickle_load(data), path);
    });
  }
  if (b.size() >= 2 && static_cast<unsigned char>(b[0]) == 0x80)
    return Error("a legacy PyTorch file (saved before PyTorch 1.6) that LibTorch cannot read; convert it with "
                 "`python3 models/tools/pth_to_safetensors.py " + path + " OUT.safetensors` (needs PyTorch) and "
                 "import OUT.safetensors").inFile(path);
  return Error("neither a safetensors file nor a PyTorch checkpoint").inFile(path);
}

}  // namespace zsi
