// TrainingRun, part 1: everything before the first step. Every check that can fail on user input
// runs here, before any training work, and in a multi-process run all ranks stop together.

#include <filesystem>

#include "core/coco/CocoReader.h"
#include "core/engine/ClassSetConversion.h"
#include "core/engine/TorchSupport.h"
#include "core/engine/ZsiModelImpl.h"
#include "core/train/SeedMix.h"
#include "core/train/TrainingRun.h"
#include "core/util/AtomicFile.h"
#include "core/util/Version.h"
#include "core/wordvec/BuiltinClassSets.h"

namespace zsi {
namespace {

namespace fs = std::filesystem;

// The first key path where two JSON documents differ ("" when equal).
std::string firstDifference(const nlohmann::ordered_json& a, const nlohmann::ordered_json& b, const std::string& at) {
  if (a.is_object() && b.is_object()) {
    for (auto it = a.begin(); it != a.end(); ++it) {
      const std::string key = at.empty() ? it.key() : at + "." + it.key();
      if (!b.contains(it.key())) return key;
      std::string d = firstDifference(*it, b.at(it.key()), key);
      if (!d.empty()) return d;
    }
    for (auto it = b.begin(); it != b.end(); ++it)
      if (!a.contains(it.key())) return at.empty() ? it.key() : at + "." + it.key();
    return "";
  }
  return a == b ? "" : (at.empty() ? "(the whole config)" : at);
}

}  // namespace

TrainingRun::TrainingRun(const TrainOptions& options, const TrainObserver& observer)
    : options_(options), observer_(observer) {}

TrainingRun::~TrainingRun() = default;

Status TrainingRun::setUp() {
  sessionStart_ = std::chrono::steady_clock::now();
  auto env = readDistributedEnv();
  if (!env.ok()) return env.error();
  env_ = env.value();
  auto dev = parseDevice(options_.device);
  if (!dev.ok()) return dev.error();
  device_ = dev.value();
  if (device_.is_cuda() && env_.distributed()) {
    if (env_.localRank >= static_cast<int>(torch::cuda::device_count()))
      return Error("local rank " + std::to_string(env_.localRank) + " has no CUDA device (" +
                   std::to_string(torch::cuda::device_count()) + " visible)");
    device_ = torch::Device(torch::kCUDA, static_cast<c10::DeviceIndex>(env_.localRank));
  }
  if (env_.distributed()) {
    auto c = Collective::connect(env_, device_, TrainConfig().distributed.timeoutSeconds);
    if (!c.ok()) return c.error();
    collective_ = std::move(c).value();
  }
  ZSI_TRY(agree(checkInputs()));
  ZSI_TRY(agree(buildModel()));
  if (collective_) {
    // Every rank starts from rank 0's weights (they agree already; this makes it a fact).
    torch::NoGradGuard noGrad;
    for (auto& p : model_->impl()->net->parameters()) collective_->broadcast(p, 0);
  }
  ZSI_TRY(agree(env_.isMain() ? writeRunFiles() : okStatus()));
  return okStatus();
}

Status TrainingRun::agree(const Status& local) {
  if (!collective_) return local;
  auto flag = torch::tensor({local.ok() ? 0.0f : 1.0f});
  collective_->allReduceSum(flag);
  if (!local.ok()) return local;
  const int failed = static_cast<int>(flag.item<float>());
  if (failed > 0) return Error(std::to_string(failed) + " other rank(s) failed; see their messages");
  return okStatus();
}

Status TrainingRun::checkInputs() {
  ZSI_TRY(loadConfigAndClasses());
  ZSI_TRY(loadData());
  if (env_.isMain()) {
    auto run = options_.resume ? RunDirectory::openExisting(options_.out) : RunDirectory::createFresh(options_.out);
    if (!run.ok()) return run.error();
    run_ = std::move(run).value();
  }
  return okStatus();
}

Status TrainingRun::loadConfigAndClasses() {
  if (options_.out.empty()) return Error("--out: the run directory is required");
  nlohmann::ordered_json runInfo;
  if (options_.resume) {
    const std::string cfgPath = (fs::path(options_.out) / "config.json").string();
    std::error_code ec;
    if (!fs::exists(cfgPath, ec)) return Error("--resume: the folder holds no training run (no config.json)").inFile(options_.out);
    auto classes = ClassSet::load((fs::path(options_.out) / "classes.json").string());
    if (!classes.ok()) return classes.error();
    classSet_ = std::move(classes).value();
    auto text = readFile(cfgPath);
    if (!text.ok()) return text.error();
    auto cfg = parseTrainConfig(text.value(), cfgPath, options_.out);
    if (!cfg.ok()) return cfg.error();
    config_ = std::move(cfg).value();
    configJson_ = text.value();
    if (!options_.config.empty()) {
      auto given = loadTrainConfig(options_.config, static_cast<int>(classSet_.dim()),
                                   static_cast<int>(classSet_.seenCount()));
      if (!given.ok()) return given.error();
      given->classes = config_.classes;
      if (options_.workers >= 0) given->data.workers = options_.workers;
      if (options_.maxIters >= 0) given->schedule.maxIters = options_.maxIters;
      const auto a = nlohmann::ordered_json::parse(trainConfigToJson(given.value()));
      const auto b = nlohmann::ordered_json::parse(configJson_);
      const std::string diff = firstDifference(a, b, "");
      if (!diff.empty())
        return Error("--resume: this config differs from the run's own config.json at '" + diff +
                     "'; resume without --config, or start a new run in another folder")
            .inFile(options_.config);
    }
    auto info = readFile((fs::path(options_.out) / "run.json").string());
    if (info.ok()) {
      try {
        runInfo = nlohmann::ordered_json::parse(info.value());
      } catch (const std::exception&) {
      }
    }
  } else {
    if (options_.config.empty()) return Error("--config: a training or model config is required");
    std::string classes = options_.classes;
    if (classes.empty()) {
      auto peeked = peekTrainConfigClasses(options_.config);
      if (!peeked.ok()) return peeked.error();
      classes = peeked.value();
    }
    if (classes.empty())
      return Error("no class set: give --classes (48_17, 65_15 or a class-set file) or set \"classes\" in the config")
          .inFile(options_.config);
    auto set = loadClassSet(classes);
    if (!set.ok()) return set.error();
    classSet_ = std::move(set).value();
    auto cfg = loadTrainConfig(options_.config, static_cast<int>(classSet_.dim()),
                               static_cast<int>(classSet_.seenCount()));
    if (!cfg.ok()) return cfg.error();
    config_ = std::move(cfg).value();
    config_.classes = classes;
  }
  ZSI_TRY(classSet_.validate());
  const auto& mc = config_.model.classes;
  if (static_cast<int>(classSet_.dim()) != mc.semanticDims)
    return Error("the class set '" + classSet_.name + "' has vectors of dimension " + std::to_string(classSet_.dim()) +
                 ", the model config expects " + std::to_string(mc.semanticDims))
        .inFile(config_.source).forField("model.classes.semantic_dims");
  if (static_cast<int>(classSet_.seenCount()) != mc.numSeen)
    return Error("the class set '" + classSet_.name + "' has " + std::to_string(classSet_.seenCount()) +
                 " seen classes, the model config trains " + std::to_string(mc.numSeen))
        .inFile(config_.source).forField("model.classes.num_seen");
  if (options_.workers >= 0) config_.data.workers = options_.workers;
  if (options_.maxIters >= 0) config_.schedule.maxIters = options_.maxIters;
  if (!options_.resume) configJson_ = trainConfigToJson(config_);

  auto pick = [&](const std::string& given, const char* key) {
    if (!given.empty() || !runInfo.is_object()) return given;
    return runInfo.value(key, std::string());
  };
  dataPath_ = pick(options_.data, "data");
  imageRoot_ = pick(options_.images, "images");
  valPath_ = pick(options_.val, "val");
  valRoot_ = pick(options_.valImages, "val_images");
  if (valRoot_.empty()) valRoot_ = imageRoot_;
  if (dataPath_.empty()) return Error("--data: the training set (COCO instances JSON) is required");
  if (imageRoot_.empty()) return Error("--images: the folder of the training images is required");
  return okStatus();
}

Status TrainingRun::loadData() {
  auto train = loadCocoDataset(dataPath_);
  if (!train.ok()) return train.error();
  trainSet_ = std::move(train).value();
  TrainIndexOptions io;
  io.minSize = config_.data.minSize;
  io.dropImagesWithUnseen = config_.data.dropImagesWithUnseen;
  io.boxOffset = config_.model.boxOffset();
  auto index = buildTrainIndex(trainSet_, dataPath_, imageRoot_, classSet_, io);
  if (!index.ok()) return index.error();
  index_ = std::move(index).value();
  if (!valPath_.empty()) {
    auto val = loadCocoDataset(valPath_);
    if (!val.ok()) return val.error();
    ZSI_TRY(checkImageFiles(val.value(), valPath_, valRoot_, static_cast<std::size_t>(config_.eval.maxImages)));
    valSet_ = std::move(val).value();
  }
  return okStatus();
}

Status TrainingRun::buildModel() {
  return guardTorch("cannot build the model", [&]() -> Status {
    if (config_.threads > 0) at::set_num_threads(config_.threads);
    if (config_.deterministic) at::globalContext().setDeterministicAlgorithms(true, /*warn_only=*/true);
    auto vectors = toClassVectors(classSet_);
    if (!vectors.ok()) return vectors.error();
    // The same initial weights on every rank and in every run with this seed.
    torch::manual_seed(sampleSeed(config_.seed, 0, 0, SeedPurpose::ModelInit));
    auto model = ZsiModel::create(config_.model, vectors.value(), device_.str());
    if (!model.ok()) return model.error();
    model_ = std::move(model).value();
    std::optional<std::string> resumeStem;
    if (options_.resume) {
      auto stem = RunDirectory::readOnly(options_.out).resumeCheckpoint();
      if (!stem.ok()) return stem.error();
      resumeStem = stem.value();
    }
    if (!config_.init.empty() && !resumeStem) ZSI_TRY(model_->loadWeights(config_.init));
    if (model_->needsVocabulary() && !resumeStem)
      return Error("the model config has a vocabulary (classes.vocabulary_size) that is not loaded: start from an "
                   "\"init\" checkpoint that holds it")
          .inFile(config_.source);
    auto& net = model_->impl()->net;
    NamedTensors params;
    for (const auto& p : net->named_parameters(/*recurse=*/true))
      if (p.value().requires_grad()) params.emplace_back(p.key(), p.value());
    optimiser_ = std::make_unique<SgdMomentum>(params, config_.schedule.momentum, config_.schedule.weightDecay);

    layout_.numSamples = static_cast<std::int64_t>(index_.samples.size());
    layout_.localBatch = config_.data.imagesPerStep;
    layout_.rank = env_.rank;
    layout_.worldSize = env_.worldSize;
    layout_.seed = config_.seed;
    layout_.flipRatio = config_.data.flipRatio;
    const std::int64_t perEpoch = layout_.stepsPerEpoch();
    maxIterations_ = perEpoch * config_.schedule.epochs;
    if (config_.schedule.maxIters > 0) maxIterations_ = std::min(maxIterations_, config_.schedule.maxIters);
    schedule_ = std::make_unique<LrSchedule>(config_.schedule, perEpoch);
    position_.seed = config_.seed;
    position_.worldSize = env_.worldSize;
    position_.globalBatch = layout_.globalBatch();

    if (resumeStem) {
      const RunDirectory dir = RunDirectory::readOnly(options_.out);
      auto pos = loadTrainCheckpoint(dir, *resumeStem, model_.value(), *optimiser_);
      if (!pos.ok()) return pos.error();
      if (pos->globalBatch != layout_.globalBatch())
        return Error("--resume: the run used " + std::to_string(pos->globalBatch) + " images per step (" +
                     std::to_string(pos->worldSize) + " process(es)); this launch has " +
                     std::to_string(layout_.globalBatch()) + " (" + std::to_string(env_.worldSize) +
                     "): resume with the same global batch")
            .inFile(options_.out);
      position_ = pos.value();
      position_.worldSize = env_.worldSize;
      lastCheckpointIteration_ = position_.iteration;
      lastCheckpoint_ = dir.modelPath(*resumeStem);
      resumed_ = true;
    }
    net->train();
    loader_ = std::make_unique<TrainDataLoader>(index_, trainSet_, model_->config(), layout_, config_.data.workers,
                                                config_.data.prefetch);
    return okStatus();
  });
}

Status TrainingRun::writeRunFiles() {
  if (!options_.resume) {
    ZSI_TRY(writeFileAtomic(run_->file("config.json"), configJson_));
    ZSI_TRY(classSet_.save(run_->file("classes.json")));
    auto abs = [](const std::string& p) {
      std::error_code ec;
      return p.empty() ? p : fs::absolute(p, ec).lexically_normal().string();
    };
    nlohmann::ordered_json info{{"data", abs(dataPath_)},           {"images", abs(imageRoot_)},
                                {"val", abs(valPath_)},             {"val_images", abs(valRoot_)},
                                {"device", options_.device},        {"world_size", env_.worldSize},
                                {"launcher", env_.launcher},        {"zsi_version", projectVersion()},
                                {"git_commit", gitCommit()}};
    ZSI_TRY(writeFileAtomic(run_->file("run.json"), info.dump(2) + "\n"));
  }
  return openRunFiles();
}

Status TrainingRun::openRunFiles() {
  auto metrics = AppendOnlyFile::open(run_->file("metrics.jsonl"));
  if (!metrics.ok()) return metrics.error();
  metrics_ = std::move(metrics).value();
  auto log = AppendOnlyFile::open(run_->file("train.log"));
  if (!log.ok()) return log.error();
  log_ = std::move(log).value();
  return okStatus();
}

}  // namespace zsi
