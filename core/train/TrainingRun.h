#pragma once
// One process of a training run, as the steps runTraining (Trainer.h) takes: setUp() checks and
// loads everything (TrainingSetup.cpp), train() runs the loop (TrainingLoop.cpp). Engine-internal
// (torch).

#include <nlohmann/json.hpp>

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "core/coco/CocoDataset.h"
#include "core/engine/ZsiModel.h"
#include "core/train/AppendOnlyFile.h"
#include "core/train/Collective.h"
#include "core/train/DistributedEnv.h"
#include "core/train/LrSchedule.h"
#include "core/train/RunDirectory.h"
#include "core/train/SgdMomentum.h"
#include "core/train/TrainCheckpoint.h"
#include "core/train/TrainConfig.h"
#include "core/train/TrainDataLoader.h"
#include "core/train/TrainIndex.h"
#include "core/train/Trainer.h"
#include "core/wordvec/ClassSet.h"

namespace zsi {

// metrics.jsonl schema (docs/TRAINING.md).
inline constexpr const char* kMetricsSchema = "zsi-train-metrics";
inline constexpr int kMetricsVersion = 1;

class TrainingRun {
 public:
  TrainingRun(const TrainOptions& options, const TrainObserver& observer);
  ~TrainingRun();

  Status setUp();
  Result<TrainSummary> train();

 private:
  using Json = nlohmann::ordered_json;

  // Setup (TrainingSetup.cpp).
  Status checkInputs();
  Status agree(const Status& local);  // every rank learns whether any rank failed
  Status loadConfigAndClasses();
  Status loadData();
  Status buildModel();
  Status openRunFiles();
  Status writeRunFiles();

  // Loop (TrainingLoop.cpp).
  struct StepResult {
    std::map<std::string, double> values;  // losses and "acc", means over the global batch
    double gradNorm = 0;
    bool stop = false;
  };
  Result<StepResult> step(std::vector<PreparedSample>& batch, double lr);
  void reduceAcrossRanks(std::map<std::string, double>& values, bool& stop);
  Status checkpoint(const char* reason);
  Status validate(std::int64_t epoch);
  void message(const std::string& line);
  void record(Json record);
  Json stepRecord(double lr, double dataSeconds, double stepSeconds);

  const TrainOptions& options_;
  const TrainObserver& observer_;
  DistributedEnv env_;
  std::unique_ptr<Collective> collective_;
  torch::Device device_{torch::kCPU};

  TrainConfig config_;
  std::string configJson_;  // resolved
  ClassSet classSet_;
  std::string dataPath_, imageRoot_, valPath_, valRoot_;
  CocoDataset trainSet_;
  TrainIndex index_;
  std::optional<CocoDataset> valSet_;

  std::optional<RunDirectory> run_;  // rank 0
  std::unique_ptr<AppendOnlyFile> metrics_, log_;
  std::optional<ZsiModel> model_;
  std::unique_ptr<SgdMomentum> optimiser_;
  std::unique_ptr<LrSchedule> schedule_;
  std::unique_ptr<TrainDataLoader> loader_;
  DataStreamLayout layout_;

  TrainPosition position_;
  std::int64_t maxIterations_ = 0;
  bool resumed_ = false;
  std::int64_t lastCheckpointIteration_ = -1;
  std::string lastCheckpoint_;

  // Means over the current log interval.
  std::map<std::string, double> intervalSums_;
  int intervalCount_ = 0;
  double intervalData_ = 0, intervalStep_ = 0, intervalGradNorm_ = 0;
  double smoothedStep_ = 0;
  double elapsedBase_ = 0;  // training seconds of earlier sessions (from the checkpoint)
  bool evaluatedAtEnd_ = false;
  std::chrono::steady_clock::time_point sessionStart_;
};

}  // namespace zsi
