#include "core/engine/Checkpoint.h"

#include <cstring>

namespace zsi {

NamedTensors moduleState(const torch::nn::Module& module) {
  NamedTensors out;
  for (const auto& p : module.named_parameters(/*recurse=*/true)) out.emplace_back(p.key(), p.value());
  for (const auto& b : module.named_buffers(/*recurse=*/true)) out.emplace_back(b.key(), b.value());
  return out;
}

std::string safetensorsDtype(torch::ScalarType t) {
  switch (t) {
    case torch::kFloat: return "F32";
    case torch::kDouble: return "F64";
    case torch::kHalf: return "F16";
    case torch::kBFloat16: return "BF16";
    case torch::kLong: return "I64";
    case torch::kInt: return "I32";
    case torch::kShort: return "I16";
    case torch::kChar: return "I8";
    case torch::kByte: return "U8";
    case torch::kBool: return "BOOL";
    default: return "";
  }
}

std::optional<torch::ScalarType> torchDtype(const std::string& d) {
  static const std::map<std::string, torch::ScalarType> m{
      {"F32", torch::kFloat}, {"F64", torch::kDouble}, {"F16", torch::kHalf}, {"BF16", torch::kBFloat16},
      {"I64", torch::kLong},  {"I32", torch::kInt},    {"I16", torch::kShort}, {"I8", torch::kChar},
      {"U8", torch::kByte},   {"BOOL", torch::kBool}};
  auto it = m.find(d);
  if (it == m.end()) return std::nullopt;
  return it->second;
}

std::string shapeString(const std::vector<std::int64_t>& shape) {
  std::string s = "[";
  for (std::size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
  return s + "]";
}

Status writeTensors(const std::string& path, const NamedTensors& tensors,
                    const std::map<std::string, std::string>& metadata) {
  std::vector<torch::Tensor> keep;  // contiguous CPU copies alive until written
  std::vector<SafetensorsTensor> out;
  for (const auto& [name, t] : tensors) {
    auto c = t.detach().to(torch::kCPU).contiguous();
    const std::string dtype = safetensorsDtype(c.scalar_type());
    if (dtype.empty()) return Error("unsupported tensor type").forField("tensor '" + name + "'");
    keep.push_back(c);
    out.push_back({name, dtype, c.sizes().vec(), c.data_ptr(), static_cast<std::size_t>(c.nbytes())});
  }
  return writeSafetensors(path, metadata, out);
}

torch::Tensor entryTensor(const SafetensorsFile& file, const SafetensorsEntry& e) {
  auto type = torchDtype(e.dtype);
  TORCH_CHECK(type.has_value(), "unsupported dtype ", e.dtype);
  auto t = torch::empty(e.shape, torch::TensorOptions().dtype(*type));
  if (e.end > e.begin) std::memcpy(t.data_ptr(), file.bytes(e), e.end - e.begin);
  return t;
}

Status loadModuleStrict(torch::nn::Module& module, const SafetensorsFile& file, const std::string& source,
                        const std::set<std::string>& extras) {
  auto state = moduleState(module);
  std::vector<std::string> problems;
  std::set<std::string> expected;
  for (const auto& [name, t] : state) {
    expected.insert(name);
    const SafetensorsEntry* e = file.find(name);
    if (!e) {
      problems.push_back("missing tensor '" + name + "' (expected " + safetensorsDtype(t.scalar_type()) + " " +
                         shapeString(t.sizes().vec()) + ")");
      continue;
    }
    const std::string want = safetensorsDtype(t.scalar_type());
    if (e->dtype != want)
      problems.push_back("tensor '" + name + "': dtype " + e->dtype + ", expected " + want);
    if (e->shape != t.sizes().vec())
      problems.push_back("tensor '" + name + "': shape " + shapeString(e->shape) + ", expected " +
                         shapeString(t.sizes().vec()));
  }
  for (const auto& e : file.entries)
    if (!expected.count(e.name) && !extras.count(e.name))
      problems.push_back("unexpected tensor '" + e.name + "' (" + e.dtype + " " + shapeString(e.shape) + ")");
  if (!problems.empty()) {
    std::string msg = "the checkpoint does not match the model (" + std::to_string(problems.size()) + " problem" +
                      (problems.size() > 1 ? "s" : "") + "):";
    for (const auto& p : problems) msg += "\n  " + p;
    return Error(msg).inFile(source);
  }
  torch::NoGradGuard noGrad;
  for (auto& [name, t] : state) t.copy_(entryTensor(file, *file.find(name)).to(t.device()));
  return okStatus();
}

}  // namespace zsi
