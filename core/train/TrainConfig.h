#pragma once
// A training run as data (spec §8): which model, which classes, the data pipeline, the optimiser
// and its schedule, checkpoints, logging and the evaluation after each epoch. Versioned JSON
// ("format": "zsi-train-config"); unknown keys are errors naming the key path. Plain C++.
//
//   { "format": "zsi-train-config", "version": 1,
//     "model": "../configs/small_cpu.json"          (a model config file, relative to this file)
//           | { "base": "../configs/small_cpu.json", "input": {...}, ... }   (overrides merged in)
//           | { a whole model config },
//     "classes": "48_17" | "classes.json",           (built-in set or a class-set file)
//     "data": {...}, "schedule": {...}, "checkpoint": {...}, "log": {...}, "eval": {...},
//     "seed": 0, "deterministic": true, "threads": 0, "precision": {"bf16": true} }
//
// The class set decides classes.num_seen and classes.semantic_dims: a referenced model file's
// values (and a "base" file's) are replaced by the set's; only values the training config states
// in its own "model" object must agree with it. A plain model config ("format":
// "zsi-model-config") is accepted as a training config with every training setting at its
// default.

#include <cstdint>
#include <string>
#include <vector>

#include "core/engine/ModelConfig.h"
#include "core/util/Result.h"

namespace zsi {

struct TrainConfig {
  static constexpr int kFormatVersion = 1;

  std::string source;       // the file it was read from ("" when built in code)
  ModelConfig model;
  std::string classes;      // built-in id or class-set path (absolute after loading); may be empty
  std::string init;         // a ZSI checkpoint to start from (weights only); "" = fresh init

  struct Data {
    int imagesPerStep = 2;        // per process; the global batch is this × world size
    double flipRatio = 0.5;       // probability of a horizontal flip
    int workers = 2;              // decoding threads
    int prefetch = 4;             // samples decoded ahead of the step that needs them
    int minSize = 32;             // images whose shorter side is below this are dropped
    bool dropImagesWithUnseen = true;  // drop images holding an object of an unseen class
  } data;

  struct Schedule {
    double lr = 0.01;             // for the global batch (official: 0.01 for 8 images, 48/17)
    double momentum = 0.9;
    double weightDecay = 1e-4;
    int warmupIters = 500;        // linear warm-up from lr × warmupRatio; 0 = none
    double warmupRatio = 1.0 / 3.0;
    int epochs = 12;
    std::int64_t maxIters = 0;    // > 0: stop after this many iterations (before the epochs end)
    std::vector<int> lrSteps{8, 11};  // lr × gamma after each of these
    bool stepsInEpochs = true;        // lrSteps counts epochs (true) or iterations (false)
    double gamma = 0.1;
    double gradClip = 35.0;       // max L2 norm of all gradients; 0 = no clipping
  } schedule;

  struct Checkpoint {
    std::int64_t intervalIters = 0;  // also every N iterations; 0 = only at epoch ends
    bool everyEpoch = true;
    int keepLast = 3;                // older checkpoints are deleted; 0 = keep all
  } checkpoint;

  struct Log {
    int intervalIters = 20;  // one metrics.jsonl record per this many iterations (means over them)
  } log;

  struct Eval {
    bool enabled = true;        // after each epoch, when a validation set is given
    int intervalEpochs = 1;
    std::string mode = "auto";  // auto (gzsi, or gzsd without a mask head), zsd, zsi, gzsd, gzsi
    int maxImages = 0;          // 0 = every validation image
    double scoreThr = -1;       // < 0: the model config's test.score_thr
  } eval;

  struct Distributed {
    int timeoutSeconds = 1800;  // collectives (and rank 0's evaluation, which others wait for)
  } distributed;

  std::uint64_t seed = 0;
  bool deterministic = true;  // deterministic kernels where LibTorch has the switch
  int threads = 0;            // intra-op CPU threads; 0 = OMP_NUM_THREADS, else every core
  bool bf16 = true;           // bf16 autocast for training on CUDA (never on CPU)

  // Ranges and consistency; errors name the field.
  Status validate() const;
};

// Reads a training config (or a plain model config) from a file. Relative paths in it ("model",
// "base", "classes", "init") are resolved against the file's folder. `classSetDims` and
// `classSetSeen` fill classes.semantic_dims and classes.num_seen when the model leaves them out
// (pass -1 when the class set is not known yet).
Result<TrainConfig> loadTrainConfig(const std::string& path, int classSetDims = -1, int classSetSeen = -1);
Result<TrainConfig> parseTrainConfig(const std::string& jsonText, const std::string& source,
                                     const std::string& baseDir, int classSetDims = -1,
                                     int classSetSeen = -1);
// The "classes" member of a config file without reading the rest (it decides the defaults
// above); "" when absent. Relative paths are resolved.
Result<std::string> peekTrainConfigClasses(const std::string& path);

// Every key, the model inlined: the run directory's config.json. Parses back to the same config.
std::string trainConfigToJson(const TrainConfig& config);

}  // namespace zsi
