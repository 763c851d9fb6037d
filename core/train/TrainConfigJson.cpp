// JSON reading and writing of TrainConfig. The model part is delegated to the engine's own model
// config parser (core/engine/ModelConfig.h), after resolving a referenced file and merging
// overrides into a "base" file.

#include <filesystem>

#include "core/util/JsonFields.h"
#include "core/train/TrainConfig.h"
#include "core/util/AtomicFile.h"

namespace zsi {
namespace {

using Json = nlohmann::ordered_json;
namespace fs = std::filesystem;

constexpr const char* kFormatName = "zsi-train-config";
constexpr const char* kModelFormatName = "zsi-model-config";

bool isBuiltinClassSetId(const std::string& s) {
  for (const char* id : {"48_17", "65_15", "coco_48_17", "coco_65_15", "coco-48-17", "coco-65-15"})
    if (s == id) return true;
  return false;
}

std::string resolvePath(const std::string& p, const std::string& baseDir) {
  // Absolute, so that the run directory's config.json still names the same files later.
  if (p.empty()) return p;
  std::error_code ec;
  const fs::path joined = fs::path(p).is_absolute() || baseDir.empty() ? fs::path(p) : fs::path(baseDir) / p;
  return fs::absolute(joined, ec).lexically_normal().string();
}

Result<Json> readJsonFile(const std::string& path) {
  auto text = readFile(path);
  if (!text.ok()) return text.error();
  return parseJsonText(text.value(), path);
}

// The model's JSON object and the name its errors should carry.
struct ModelJson {
  Json json;
  std::string source;
  std::string fieldPrefix;  // "model." for an inline object
  bool statesSeen = false;  // the training config itself gives classes.num_seen
  bool statesDims = false;  // ... classes.semantic_dims
};

Result<ModelJson> resolveModelJson(const Json& value, const std::string& source, const std::string& baseDir) {
  ModelJson out;
  if (value.is_string()) {
    const std::string path = resolvePath(value.get<std::string>(), baseDir);
    auto j = readJsonFile(path);
    if (!j.ok()) return j.error();
    out.json = std::move(j).value();
    out.source = path;
    return out;
  }
  if (!value.is_object())
    return Error("expected a model config file name or object").inFile(source).forField("model");
  out.json = value;
  out.source = source;
  out.fieldPrefix = "model.";
  if (auto c = value.find("classes"); c != value.end() && c->is_object()) {
    out.statesSeen = c->contains("num_seen");
    out.statesDims = c->contains("semantic_dims");
  }
  auto base = out.json.find("base");
  if (base != out.json.end()) {
    if (!base->is_string()) return Error("expected a file name").inFile(source).forField("model.base");
    const std::string path = resolvePath(base->get<std::string>(), baseDir);
    auto j = readJsonFile(path);
    if (!j.ok()) return j.error();
    Json merged = std::move(j).value();
    Json overrides = out.json;
    overrides.erase("base");
    merged.merge_patch(overrides);
    out.json = std::move(merged);
  }
  if (!out.json.contains("format")) out.json["format"] = kModelFormatName;
  if (!out.json.contains("version")) out.json["version"] = ModelConfig::kFormatVersion;
  return out;
}

Result<ModelConfig> parseModel(ModelJson m, int classSetDims, int classSetSeen) {
  if (!m.json.is_object()) return Error("a model config must be a JSON object").inFile(m.source);
  Json& classes = m.json["classes"];
  if (classes.is_null()) classes = Json::object();
  // The class set decides how many seen classes there are and their dimension; a referenced model
  // file's values are defaults, only the training config's own words must agree with the set.
  if (classes.is_object()) {
    if (!m.statesSeen && classSetSeen >= 0) classes["num_seen"] = classSetSeen;
    if (!m.statesDims && classSetDims >= 0) classes["semantic_dims"] = classSetDims;
  }
  auto parsed = parseModelConfig(m.json.dump(), m.source);
  if (!parsed.ok()) {
    Error e = parsed.error();
    if (!m.fieldPrefix.empty()) {
      e.field = e.field.empty() ? "model" : m.fieldPrefix + e.field;
      e.line = e.column = 0;  // positions refer to the merged text, not the file
    }
    return e;
  }
  return parsed;
}

void readTrainSections(JsonFields& r, TrainConfig& c) {
  r.object("data", [&](JsonFields& o) {
    o.read("images_per_step", c.data.imagesPerStep);
    o.read("flip_ratio", c.data.flipRatio);
    o.read("workers", c.data.workers);
    o.read("prefetch", c.data.prefetch);
    o.read("min_size", c.data.minSize);
    o.read("drop_images_with_unseen", c.data.dropImagesWithUnseen);
  });
  r.object("schedule", [&](JsonFields& o) {
    o.read("lr", c.schedule.lr);
    o.read("momentum", c.schedule.momentum);
    o.read("weight_decay", c.schedule.weightDecay);
    o.read("warmup_iters", c.schedule.warmupIters);
    o.read("warmup_ratio", c.schedule.warmupRatio);
    o.read("epochs", c.schedule.epochs);
    o.read("max_iters", c.schedule.maxIters);
    o.read("lr_steps", c.schedule.lrSteps);
    std::string unit = c.schedule.stepsInEpochs ? "epoch" : "iteration";
    o.read("lr_step_unit", unit);
    if (unit == "epoch") c.schedule.stepsInEpochs = true;
    else if (unit == "iteration") c.schedule.stepsInEpochs = false;
    else o.fail("lr_step_unit", "unknown value \"" + unit + "\"; expected \"epoch\" or \"iteration\"");
    o.read("gamma", c.schedule.gamma);
    o.read("grad_clip", c.schedule.gradClip);
  });
  r.object("checkpoint", [&](JsonFields& o) {
    o.read("interval_iters", c.checkpoint.intervalIters);
    o.read("every_epoch", c.checkpoint.everyEpoch);
    o.read("keep_last", c.checkpoint.keepLast);
  });
  r.object("log", [&](JsonFields& o) { o.read("interval_iters", c.log.intervalIters); });
  r.object("eval", [&](JsonFields& o) {
    o.read("enabled", c.eval.enabled);
    o.read("interval_epochs", c.eval.intervalEpochs);
    o.read("mode", c.eval.mode);
    o.read("max_images", c.eval.maxImages);
    o.read("score_thr", c.eval.scoreThr);
  });
  r.object("distributed", [&](JsonFields& o) { o.read("timeout_s", c.distributed.timeoutSeconds); });
  r.read("seed", c.seed);
  r.read("deterministic", c.deterministic);
  r.read("threads", c.threads);
  r.object("precision", [&](JsonFields& o) { o.read("bf16", c.bf16); });
}

}  // namespace

Status TrainConfig::validate() const {
  auto bad = [&](const std::string& field, const std::string& msg) { return Error(msg).inFile(source).forField(field); };
  if (data.imagesPerStep < 1) return bad("data.images_per_step", "must be at least 1");
  if (data.flipRatio < 0 || data.flipRatio > 1) return bad("data.flip_ratio", "must be between 0 and 1");
  if (data.workers < 0 || data.workers > 64) return bad("data.workers", "must be between 0 and 64");
  if (data.prefetch < 1) return bad("data.prefetch", "must be at least 1");
  if (data.minSize < 1) return bad("data.min_size", "must be at least 1");
  if (!(schedule.lr > 0)) return bad("schedule.lr", "must be positive");
  if (schedule.momentum < 0 || schedule.momentum >= 1) return bad("schedule.momentum", "must be in [0, 1)");
  if (schedule.weightDecay < 0) return bad("schedule.weight_decay", "must not be negative");
  if (schedule.warmupIters < 0) return bad("schedule.warmup_iters", "must not be negative");
  if (!(schedule.warmupRatio > 0) || schedule.warmupRatio > 1) return bad("schedule.warmup_ratio", "must be in (0, 1]");
  if (schedule.epochs < 1) return bad("schedule.epochs", "must be at least 1");
  if (schedule.maxIters < 0) return bad("schedule.max_iters", "must not be negative");
  for (std::size_t i = 0; i < schedule.lrSteps.size(); ++i)
    if (schedule.lrSteps[i] < 1 || (i > 0 && schedule.lrSteps[i] <= schedule.lrSteps[i - 1]))
      return bad("schedule.lr_steps", "must be positive and increasing");
  if (!(schedule.gamma > 0)) return bad("schedule.gamma", "must be positive");
  if (schedule.gradClip < 0) return bad("schedule.grad_clip", "must not be negative");
  if (checkpoint.intervalIters < 0) return bad("checkpoint.interval_iters", "must not be negative");
  if (checkpoint.keepLast < 0) return bad("checkpoint.keep_last", "must not be negative");
  if (log.intervalIters < 1) return bad("log.interval_iters", "must be at least 1");
  if (eval.intervalEpochs < 1) return bad("eval.interval_epochs", "must be at least 1");
  bool modeOk = false;
  for (const char* m : {"auto", "zsd", "zsi", "gzsd", "gzsi"}) modeOk = modeOk || eval.mode == m;
  if (!modeOk) return bad("eval.mode", "unknown mode \"" + eval.mode + "\"; expected auto, zsd, zsi, gzsd or gzsi");
  if (eval.maxImages < 0) return bad("eval.max_images", "must not be negative");
  if (distributed.timeoutSeconds < 1) return bad("distributed.timeout_s", "must be at least 1");
  if (threads < 0) return bad("threads", "must not be negative");
  auto m = model.validate();
  if (!m.ok()) {
    Error e = m.error();
    e.field = "model" + (e.field.empty() ? std::string() : "." + e.field);
    if (e.file.empty()) e.file = source;
    return e;
  }
  return okStatus();
}

Result<TrainConfig> parseTrainConfig(const std::string& text, const std::string& source, const std::string& baseDir,
                                     int classSetDims, int classSetSeen) {
  auto doc = parseJsonText(text, source);
  if (!doc.ok()) return doc.error();
  if (!doc->is_object()) return Error("a training config must be a JSON object").inFile(source);
  TrainConfig c;
  c.source = source;
  const auto format = doc->value("format", std::string());
  if (format == kModelFormatName) {
    // A plain model config: train it with the default schedule.
    auto model = parseModel({doc.value(), source, "", false, false}, classSetDims, classSetSeen);
    if (!model.ok()) return model.error();
    c.model = std::move(model).value();
    ZSI_TRY(c.validate());
    return c;
  }
  Error err;
  JsonFields r(doc.value(), "", source, &err);
  std::string fmt;
  r.read("format", fmt);
  if (!r.failed() && fmt != kFormatName)
    r.fail("format", "expected \"" + std::string(kFormatName) + "\" (or a \"" + kModelFormatName + "\" model config)");
  int version = 0;
  r.read("version", version);
  if (!r.failed() && version != TrainConfig::kFormatVersion)
    r.fail("version", "unsupported training config version " + std::to_string(version) + " (this build reads " +
                          std::to_string(TrainConfig::kFormatVersion) + ")");
  std::string description;
  r.read("description", description);
  const Json* modelValue = r.get("model");
  if (!r.failed() && !modelValue) r.fail("model", "missing: name a model config file or give one inline");
  r.read("classes", c.classes);
  if (!isBuiltinClassSetId(c.classes)) c.classes = resolvePath(c.classes, baseDir);
  r.read("init", c.init);
  c.init = resolvePath(c.init, baseDir);
  readTrainSections(r, c);
  r.finish();
  if (r.failed()) return err;
  auto mj = resolveModelJson(*modelValue, source, baseDir);
  if (!mj.ok()) return mj.error();
  auto model = parseModel(std::move(mj).value(), classSetDims, classSetSeen);
  if (!model.ok()) return model.error();
  c.model = std::move(model).value();
  ZSI_TRY(c.validate());
  return c;
}

Result<TrainConfig> loadTrainConfig(const std::string& path, int classSetDims, int classSetSeen) {
  auto text = readFile(path);
  if (!text.ok()) return text.error();
  const std::string dir = fs::path(path).parent_path().string();
  return parseTrainConfig(text.value(), path, dir, classSetDims, classSetSeen);
}

Result<std::string> peekTrainConfigClasses(const std::string& path) {
  auto doc = readJsonFile(path);
  if (!doc.ok()) return doc.error();
  if (!doc->is_object()) return Error("a training config must be a JSON object").inFile(path);
  auto it = doc->find("classes");
  if (it == doc->end() || doc->value("format", std::string()) == kModelFormatName) return std::string();
  if (!it->is_string()) return Error("expected a class set: \"48_17\", \"65_15\" or a file").inFile(path).forField("classes");
  const std::string v = it->get<std::string>();
  return isBuiltinClassSetId(v) ? v : resolvePath(v, fs::path(path).parent_path().string());
}

std::string trainConfigToJson(const TrainConfig& c) {
  Json j;
  j["format"] = kFormatName;
  j["version"] = TrainConfig::kFormatVersion;
  j["model"] = Json::parse(modelConfigToJson(c.model));
  j["classes"] = c.classes;
  j["init"] = c.init;
  j["data"] = {{"images_per_step", c.data.imagesPerStep}, {"flip_ratio", c.data.flipRatio},
               {"workers", c.data.workers},                {"prefetch", c.data.prefetch},
               {"min_size", c.data.minSize},               {"drop_images_with_unseen", c.data.dropImagesWithUnseen}};
  j["schedule"] = {{"lr", c.schedule.lr},
                   {"momentum", c.schedule.momentum},
                   {"weight_decay", c.schedule.weightDecay},
                   {"warmup_iters", c.schedule.warmupIters},
                   {"warmup_ratio", c.schedule.warmupRatio},
                   {"epochs", c.schedule.epochs},
                   {"max_iters", c.schedule.maxIters},
                   {"lr_steps", c.schedule.lrSteps},
                   {"lr_step_unit", c.schedule.stepsInEpochs ? "epoch" : "iteration"},
                   {"gamma", c.schedule.gamma},
                   {"grad_clip", c.schedule.gradClip}};
  j["checkpoint"] = {{"interval_iters", c.checkpoint.intervalIters},
                     {"every_epoch", c.checkpoint.everyEpoch},
                     {"keep_last", c.checkpoint.keepLast}};
  j["log"] = {{"interval_iters", c.log.intervalIters}};
  j["eval"] = {{"enabled", c.eval.enabled},
               {"interval_epochs", c.eval.intervalEpochs},
               {"mode", c.eval.mode},
               {"max_images", c.eval.maxImages},
               {"score_thr", c.eval.scoreThr}};
  j["distributed"] = {{"timeout_s", c.distributed.timeoutSeconds}};
  j["seed"] = c.seed;
  j["deterministic"] = c.deterministic;
  j["threads"] = c.threads;
  j["precision"] = {{"bf16", c.bf16}};
  return j.dump(2) + "\n";
}

}  // namespace zsi
