#pragma once
// The training data stream: worker threads decode and augment samples ahead of the step that
// needs them (a bounded window of `prefetch` samples), and next() hands them out in a fixed order.
// Reproducible independently of thread timing and of the number of workers:
//  * the order of epoch e is a permutation of the samples drawn from (seed, e), padded by
//    wrapping around to a whole number of global steps;
//  * step t of an epoch takes global positions [t·B, (t+1)·B), B = global batch; process r of W
//    takes its slice [r·b, (r+1)·b) of them (b = B / W), so W processes see exactly the images
//    one process with batch B sees;
//  * the flip of a sample and the seed of its forward pass come from (seed, epoch, position).
// A run resumes at (epoch, step) with the same stream. Engine-internal (torch).

#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "core/train/TrainSampleDecoder.h"

namespace zsi {

struct DataStreamLayout {
  std::int64_t numSamples = 0;
  int localBatch = 1;
  int rank = 0;
  int worldSize = 1;
  std::uint64_t seed = 0;
  double flipRatio = 0.5;

  int globalBatch() const { return localBatch * worldSize; }
  std::int64_t stepsPerEpoch() const { return (numSamples + globalBatch() - 1) / globalBatch(); }
};

// The sample index at each position of epoch `epoch` (length stepsPerEpoch × globalBatch).
std::vector<std::int64_t> epochOrder(const DataStreamLayout& layout, std::int64_t epoch);
bool flipAt(const DataStreamLayout& layout, std::int64_t epoch, std::int64_t position);

class TrainDataLoader {
 public:
  TrainDataLoader(const TrainIndex& index, const CocoDataset& dataset, const ModelConfig& config,
                  const DataStreamLayout& layout, int workers, int prefetch);
  ~TrainDataLoader();
  TrainDataLoader(const TrainDataLoader&) = delete;
  TrainDataLoader& operator=(const TrainDataLoader&) = delete;

  // Starts (or restarts) the stream at step `step` of epoch `epoch` (both 0-based).
  void start(std::int64_t epoch, std::int64_t step);
  // This process's samples of the next step, in order. Errors name the image that failed.
  Result<std::vector<PreparedSample>> next();

 private:
  void stop();
  void workerLoop();
  Result<PreparedSample> produce(std::int64_t item);
  std::vector<std::int64_t>& orderOf(std::int64_t epoch);  // call with mutex_ held

  const TrainIndex& index_;
  const CocoDataset& dataset_;
  const ModelConfig& config_;
  DataStreamLayout layout_;
  int workers_, prefetch_;

  std::mutex mutex_;
  std::condition_variable cv_;
  std::int64_t nextClaim_ = 0, nextConsume_ = 0;  // stream items (one per local sample)
  bool stopping_ = false;
  std::map<std::int64_t, std::unique_ptr<Result<PreparedSample>>> ready_;
  std::map<std::int64_t, std::shared_ptr<std::vector<std::int64_t>>> orders_;
  std::vector<std::thread> threads_;
};

}  // namespace zsi
