#include "core/engine/ZsiModel.h"

#include <nlohmann/json.hpp>

#include <cstring>

#include "core/engine/Checkpoint.h"
#include "core/engine/EngineInfo.h"
#include "core/engine/TorchSupport.h"
#include "core/engine/ZsiModelImpl.h"

namespace zsi {
namespace {

torch::Tensor rowsTensor(const ClassVectors& c, const std::vector<int>& idx) {
  auto t = torch::zeros({static_cast<int64_t>(idx.size()), c.dim});
  for (std::size_t i = 0; i < idx.size(); ++i)
    t[static_cast<int64_t>(i)] = torch::from_blob(const_cast<float*>(c.row(idx[i])), {c.dim}, torch::kFloat).clone();
  return t;
}

std::string classesJson(const ClassVectors& c) {
  nlohmann::json j;
  j["names"] = c.names;
  std::vector<int> flags(c.unseen.begin(), c.unseen.end());
  j["unseen"] = flags;
  j["norm"] = c.norm;
  j["dim"] = c.dim;
  return j.dump();
}

}  // namespace

const char* inferenceModeName(InferenceMode m) {
  switch (m) {
    case InferenceMode::Zsd: return "zsd";
    case InferenceMode::Zsi: return "zsi";
    case InferenceMode::Gzsd: return "gzsd";
    case InferenceMode::Gzsi: return "gzsi";
  }
  return "?";
}

Result<InferenceMode> parseInferenceMode(const std::string& name) {
  for (auto m : {InferenceMode::Zsd, InferenceMode::Zsi, InferenceMode::Gzsd, InferenceMode::Gzsi})
    if (name == inferenceModeName(m)) return m;
  return Error("unknown inference mode '" + name + "': expected zsd, zsi, gzsd or gzsi");
}

Result<ZsiModel> ZsiModel::create(const ModelConfig& config, const ClassVectors& trainingClasses,
                                  const std::string& device) {
  ZSI_TRY(config.validate());
  ZSI_TRY(trainingClasses.validate());
  if (trainingClasses.dim != config.classes.semanticDims)
    return Error("the class vectors have dimension " + std::to_string(trainingClasses.dim) + ", the config " +
                 std::to_string(config.classes.semanticDims));
  if (static_cast<int>(trainingClasses.seenCount()) != config.classes.numSeen)
    return Error("the config trains on " + std::to_string(config.classes.numSeen) + " seen classes, the class set has " +
                 std::to_string(trainingClasses.seenCount()));
  auto dev = parseDevice(device);
  if (!dev.ok()) return dev.error();
  return guardTorch("cannot build the model", [&]() -> Result<ZsiModel> {
    auto impl = std::make_shared<Impl>();
    impl->config = config;
    impl->classes = trainingClasses.seenThenUnseen();
    impl->device = dev.value();
    auto seen = rowsTensor(impl->classes, impl->classes.seenIndices());
    auto bg = torch::from_blob(const_cast<float*>(impl->classes.background.data()), {impl->classes.dim}, torch::kFloat).clone();
    impl->net = ZsiDetector(config, seen, bg);
    impl->net->to(impl->device);
    impl->net->eval();
    impl->vocabularyLoaded = config.classes.vocabularySize == 0;
    return ZsiModel(impl);
  });
}

const ModelConfig& ZsiModel::config() const { return impl_->config; }
const ClassVectors& ZsiModel::classes() const { return impl_->classes; }
std::string ZsiModel::deviceName() const { return impl_->device.str(); }

std::int64_t ZsiModel::parameterCount() const {
  std::int64_t n = 0;
  for (const auto& p : impl_->net->parameters()) n += p.numel();
  return n;
}

std::int64_t ZsiModel::trainableParameterCount() const {
  std::int64_t n = 0;
  for (const auto& p : impl_->net->parameters())
    if (p.requires_grad()) n += p.numel();
  return n;
}

bool ZsiModel::needsVocabulary() const { return !impl_->vocabularyLoaded; }

Status ZsiModel::setVocabulary(const ClassMatrix& m) {
  const int d = impl_->config.classes.semanticDims, v = impl_->config.classes.vocabularySize;
  if (v == 0) return Error("this model's config has no vocabulary (classes.vocabulary_size is 0)");
  const auto rows = static_cast<std::int64_t>(m.dim), cols = static_cast<std::int64_t>(m.columns.size());
  if (rows != d || cols != v)
    return Error("the vocabulary matrix is " + std::to_string(rows) + " × " + std::to_string(cols) +
                 ", the model needs " + std::to_string(d) + " × " + std::to_string(v) + " (one word per column)");
  return guardTorch("cannot set the vocabulary", [&]() -> Status {
    torch::NoGradGuard noGrad;
    // Columns are contiguous words: stack them as rows (V × D), then transpose to D × V.
    std::vector<float> wordsByRow;
    wordsByRow.reserve(static_cast<std::size_t>(d) * v);
    for (const auto& word : m.columns) wordsByRow.insert(wordsByRow.end(), word.begin(), word.end());
    auto t = torch::from_blob(wordsByRow.data(), {v, d}, torch::kFloat).t();
    impl_->net->boxHead->vocabulary().copy_(t.to(impl_->device));
    impl_->vocabularyLoaded = true;
    return okStatus();
  });
}

Status ZsiModel::save(const std::string& path) const {
  return guardTorch("cannot save the model", [&]() -> Status {
    auto tensors = moduleState(*impl_->net);
    auto unseen = impl_->classes.unseenIndices();
    if (!unseen.empty()) tensors.emplace_back(kUnseenVectorsTensor, rowsTensor(impl_->classes, unseen));
    std::map<std::string, std::string> meta{
        {"format", kCheckpointFormat},
        {"format_version", std::to_string(kCheckpointVersion)},
        {"config", modelConfigToJson(impl_->config)},
        {"classes", classesJson(impl_->classes)},
        {"vocabulary_loaded", impl_->vocabularyLoaded ? "true" : "false"},
        {"written_by", "ZSI Studio engine, LibTorch " + torchVersion()}};
    return writeTensors(path, tensors, meta);
  });
}

Status ZsiModel::loadWeights(const std::string& path) {
  auto file = readSafetensors(path);
  if (!file.ok()) return file.error();
  return guardTorch("cannot load " + path, [&]() -> Status {
    ZSI_TRY(loadModuleStrict(*impl_->net, file.value(), path, {kUnseenVectorsTensor}));
    if (impl_->config.classes.vocabularySize > 0) impl_->vocabularyLoaded = true;
    return okStatus();
  });
}

Result<ZsiModel> ZsiModel::load(const std::string& path, const std::string& device) {
  auto file = readSafetensors(path);
  if (!file.ok()) return file.error();
  const auto& meta = file->metadata;
  auto get = [&](const char* key) -> const std::string* {
    auto it = meta.find(key);
    return it == meta.end() ? nullptr : &it->second;
  };
  if (!get("format") || *get("format") != kCheckpointFormat)
    return Error("not a ZSI checkpoint (metadata 'format' is not \"" + std::string(kCheckpointFormat) +
                 "\"); official .pth files are imported with `zsi import official`").inFile(path);
  int version = 0;
  try {
    version = get("format_version") ? std::stoi(*get("format_version")) : 0;
  } catch (const std::exception&) {
  }
  if (version < 1 || version > kCheckpointVersion)
    return Error("checkpoint format version " + (get("format_version") ? *get("format_version") : std::string("?")) +
                 " is not readable by this build (reads 1.." + std::to_string(kCheckpointVersion) + ")").inFile(path);
  if (!get("config") || !get("classes")) return Error("the checkpoint has no config or classes metadata").inFile(path);
  auto cfg = parseModelConfig(*get("config"), path + " (embedded config)");
  if (!cfg.ok()) return cfg.error();
  ClassVectors classes;
  try {
    auto j = nlohmann::json::parse(*get("classes"));
    classes.names = j.at("names").get<std::vector<std::string>>();
    for (int f : j.at("unseen").get<std::vector<int>>()) classes.unseen.push_back(f ? 1 : 0);
    classes.norm = j.at("norm").get<float>();
    classes.dim = j.at("dim").get<int>();
  } catch (const std::exception& e) {
    return Error(std::string("the classes metadata is malformed: ") + e.what()).inFile(path);
  }
  if (classes.unseen.size() != classes.names.size() || classes.dim != cfg->classes.semanticDims)
    return Error("the classes metadata does not match the config").inFile(path);
  // Vectors come from the tensors; the model's own loader checks their shapes.
  auto fetch = [&](const char* name, std::int64_t rows) -> Result<std::vector<float>> {
    const SafetensorsEntry* e = file->find(name);
    const std::vector<std::int64_t> want = rows < 0 ? std::vector<std::int64_t>{classes.dim}
                                                    : std::vector<std::int64_t>{rows, classes.dim};
    if (!e) return Error(std::string("missing tensor '") + name + "'").inFile(path);
    if (e->dtype != "F32" || e->shape != want)
      return Error(std::string("tensor '") + name + "': " + e->dtype + " " + shapeString(e->shape) + ", expected F32 " +
                   shapeString(want)).inFile(path);
    std::vector<float> v(static_cast<std::size_t>(e->numel()));
    std::memcpy(v.data(), file->bytes(*e), e->end - e->begin);
    return v;
  };
  const auto numSeen = static_cast<std::int64_t>(classes.seenCount());
  const auto numUnseen = static_cast<std::int64_t>(classes.unseenCount());
  auto seen = fetch("seen_vectors", numSeen);
  if (!seen.ok()) return seen.error();
  auto bg = fetch("file_background", -1);
  if (!bg.ok()) return bg.error();
  classes.background = bg.value();
  classes.vectors = seen.value();
  if (numUnseen > 0) {
    auto unseen = fetch(kUnseenVectorsTensor, numUnseen);
    if (!unseen.ok()) return unseen.error();
    classes.vectors.insert(classes.vectors.end(), unseen->begin(), unseen->end());
  }
  auto model = create(cfg.value(), classes, device);
  if (!model.ok()) return Error(model.error().message).inFile(path);
  auto loaded = guardTorch("cannot load " + path, [&]() -> Status {
    return loadModuleStrict(*model->impl_->net, file.value(), path, {kUnseenVectorsTensor});
  });
  if (!loaded.ok()) return loaded.error();
  model->impl_->vocabularyLoaded = cfg->classes.vocabularySize == 0 ||
                                   (get("vocabulary_loaded") && *get("vocabulary_loaded") == "true");
  return model;
}

Result<Instances> ZsiModel::infer(const Image& image, const ClassVectors& classes, const DetectOptions& options,
                                  const Progress* progress) const {
  InferenceSession session(*this);
  ZSI_TRY(session.run(image, progress));
  return session.detect(classes, options);
}

}  // namespace zsi
