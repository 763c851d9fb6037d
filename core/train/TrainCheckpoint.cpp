#include "core/train/TrainCheckpoint.h"

#include <ATen/CPUGeneratorImpl.h>
#include <nlohmann/json.hpp>

#include <mutex>

#include "core/engine/Checkpoint.h"
#include "core/engine/TorchSupport.h"

namespace zsi {
namespace {

constexpr const char* kStateFormat = "zsi-train-state";
constexpr int kStateVersion = 1;
constexpr const char* kMomentumPrefix = "momentum.";
constexpr const char* kCpuRng = "rng.cpu";

torch::Tensor cpuGeneratorState() {
  auto gen = at::detail::getDefaultCPUGenerator();
  std::lock_guard<std::mutex> lock(gen.mutex());
  return gen.get_state().clone();
}

void setCpuGeneratorState(const torch::Tensor& state) {
  auto gen = at::detail::getDefaultCPUGenerator();
  std::lock_guard<std::mutex> lock(gen.mutex());
  gen.set_state(state);
}

}  // namespace

Result<std::string> saveTrainCheckpoint(const RunDirectory& run, const ZsiModel& model, const SgdMomentum& optimiser,
                                        const TrainPosition& p, int keepLast) {
  const std::string stem = RunDirectory::checkpointStem(p.iteration);
  const std::string modelPath = run.modelPath(stem), statePath = run.statePath(stem);
  return guardTorch("cannot save the checkpoint " + stem, [&]() -> Result<std::string> {
    nlohmann::json j{{"iteration", p.iteration},       {"epoch", p.epoch},
                     {"step_in_epoch", p.stepInEpoch}, {"images_seen", p.imagesSeen},
                     {"elapsed_s", p.elapsedSeconds},  {"seed", p.seed},
                     {"world_size", p.worldSize},      {"global_batch", p.globalBatch}};
    NamedTensors tensors = optimiser.state(kMomentumPrefix);
    tensors.emplace_back(kCpuRng, cpuGeneratorState());
    ZSI_TRY(writeTensors(statePath, tensors,
                         {{"format", kStateFormat}, {"format_version", std::to_string(kStateVersion)},
                          {"state", j.dump()}}));
    ZSI_TRY(model.save(modelPath));
    ZSI_TRY(run.setLatest(stem));
    run.prune(keepLast);
    return modelPath;
  });
}

Result<TrainPosition> loadTrainCheckpoint(const RunDirectory& run, const std::string& stem, ZsiModel& model,
                                          SgdMomentum& optimiser) {
  const std::string statePath = run.statePath(stem), modelPath = run.modelPath(stem);
  auto file = readSafetensors(statePath);
  if (!file.ok()) return file.error();
  auto meta = [&](const char* key) -> std::string {
    auto it = file->metadata.find(key);
    return it == file->metadata.end() ? std::string() : it->second;
  };
  if (meta("format") != kStateFormat) return Error("not a training state file (metadata 'format')").inFile(statePath);
  if (meta("format_version") != std::to_string(kStateVersion))
    return Error("training state version '" + meta("format_version") + "' is not readable by this build")
        .inFile(statePath);
  TrainPosition p;
  try {
    auto j = nlohmann::json::parse(meta("state"));
    p.iteration = j.at("iteration").get<std::int64_t>();
    p.epoch = j.at("epoch").get<std::int64_t>();
    p.stepInEpoch = j.at("step_in_epoch").get<std::int64_t>();
    p.imagesSeen = j.at("images_seen").get<std::int64_t>();
    p.elapsedSeconds = j.at("elapsed_s").get<double>();
    p.seed = j.at("seed").get<std::uint64_t>();
    p.worldSize = j.at("world_size").get<int>();
    p.globalBatch = j.at("global_batch").get<int>();
  } catch (const std::exception& e) {
    return Error(std::string("the training state metadata is malformed: ") + e.what()).inFile(statePath);
  }
  return guardTorch("cannot load the checkpoint " + stem, [&]() -> Result<TrainPosition> {
    ZSI_TRY(model.loadWeights(modelPath));
    NamedTensors buffers;
    torch::Tensor rng;
    for (const auto& e : file->entries) {
      if (e.name == kCpuRng) {
        rng = entryTensor(file.value(), e);
      } else if (e.name.rfind(kMomentumPrefix, 0) == 0) {
        buffers.emplace_back(e.name, entryTensor(file.value(), e));
      } else {
        return Error("unexpected tensor in the training state").inFile(statePath).forField(e.name);
      }
    }
    ZSI_TRY(optimiser.loadState(buffers, kMomentumPrefix, statePath));
    if (!rng.defined()) return Error("the training state has no generator state").inFile(statePath).forField(kCpuRng);
    setCpuGeneratorState(rng.to(torch::kUInt8));
    return p;
  });
}

}  // namespace zsi
