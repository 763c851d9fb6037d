#include "core/train/LrSchedule.h"

#include <cmath>

namespace zsi {

LrSchedule::LrSchedule(const TrainConfig::Schedule& s, std::int64_t iterationsPerEpoch)
    : lr_(s.lr), gamma_(s.gamma), warmupRatio_(s.warmupRatio), warmupIters_(s.warmupIters) {
  for (int step : s.lrSteps) steps_.push_back(s.stepsInEpochs ? step * iterationsPerEpoch : step);
}

double LrSchedule::at(std::int64_t t) const {
  int decays = 0;
  for (auto s : steps_)
    if (t >= s) ++decays;
  const double base = lr_ * std::pow(gamma_, decays);
  if (t >= warmupIters_ || warmupIters_ == 0) return base;
  const double k = (1.0 - static_cast<double>(t) / static_cast<double>(warmupIters_)) * (1.0 - warmupRatio_);
  return base * (1.0 - k);
}

}  // namespace zsi
