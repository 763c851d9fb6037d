#pragma once
// The learning rate of an iteration (spec §8, mmdet v1's "step" policy with linear warm-up): a
// pure function of the iteration, so a resumed run gets exactly the rates of an uninterrupted one.
//
//   base(t) = lr × gamma^(number of steps ≤ t)      steps in iterations (epoch steps × iters/epoch)
//   warm-up (t < warmupIters): base(t) × (1 − (1 − ratio) × (1 − t / warmupIters))
//
// t counts finished iterations (0 for the first step), as mmcv does.

#include <cstdint>
#include <vector>

#include "core/train/TrainConfig.h"

namespace zsi {

class LrSchedule {
 public:
  LrSchedule(const TrainConfig::Schedule& schedule, std::int64_t iterationsPerEpoch);

  double at(std::int64_t iteration) const;
  // The decay points in iterations.
  const std::vector<std::int64_t>& stepIterations() const { return steps_; }

 private:
  double lr_, gamma_, warmupRatio_;
  std::int64_t warmupIters_;
  std::vector<std::int64_t> steps_;
};

}  // namespace zsi
