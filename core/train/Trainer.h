#pragma once
// `zsi train` as a function: one process of a (possibly multi-process) training run. Plain C++,
// safe to include from app/ and ui/.
//
// Everything a run needs is checked before any training work starts — the config (unknown keys,
// ranges), the class set against the config, every image file of the training (and validation)
// set, the run directory's writability — and every problem is an Error naming the file and the
// field. In a multi-process run every rank checks its inputs and all ranks stop if one fails.
//
// Rank 0 alone writes the run directory (core/train/RunDirectory.h); the other ranks only train.

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <string>

#include "core/util/Result.h"

namespace zsi {

struct TrainOptions {
  std::string config;     // training or model config (optional with resume: the run's own)
  std::string classes;    // class set: built-in id or file; "" = the config's "classes"
  std::string data;       // training set, COCO instances JSON (optional with resume)
  std::string images;     // its image folder (optional with resume)
  std::string val;        // validation set ("" = none)
  std::string valImages;  // its image folder ("" = `images`)
  std::string out;        // run directory
  bool resume = false;
  std::string device = "cpu";
  int workers = -1;            // decoding threads; -1 = the config's
  std::int64_t maxIters = -1;  // -1 = the config's schedule
  // Set by SIGINT/SIGTERM: the current step finishes, a checkpoint is saved, runTraining returns.
  const std::atomic<bool>* stop = nullptr;
};

struct TrainStepInfo {
  std::int64_t iteration = 0, maxIterations = 0;  // done / planned
  std::int64_t epoch = 0, epochs = 0;             // 1-based epoch of the step
  double lr = 0;
  double loss = 0;  // total of this step
  std::map<std::string, double> losses;
  double secondsPerIteration = 0;  // smoothed
  double etaSeconds = 0;
  double imagesPerSecond = 0;
  bool logged = false;  // this step closed a log interval (a metrics.jsonl "step" record)
};

struct TrainObserver {
  std::function<void(const TrainStepInfo&)> onStep;      // rank 0, after every step
  std::function<void(const std::string&)> onMessage;     // rank 0; lines also in train.log
};

struct TrainSummary {
  std::int64_t iterations = 0;  // done in total (over all sessions of the run)
  std::int64_t iterationsThisSession = 0;
  bool interrupted = false;     // stopped by the stop flag (a checkpoint was saved)
  std::string runDirectory;
  std::string lastCheckpoint;   // model file of the newest checkpoint
  int rank = 0, worldSize = 1;
  double seconds = 0;           // this session
};

Result<TrainSummary> runTraining(const TrainOptions& options, const TrainObserver& observer = {});

}  // namespace zsi
