#include "core/eval/ProgressMeter.h"

#include <utility>

namespace zsi {

ProgressMeter::ProgressMeter(const Progress& progress, double from, double to, std::size_t total,
                             std::string stage)
    : progress_(progress), from_(from), to_(to), total_(total), stage_(std::move(stage)) {}

void ProgressMeter::advance(std::size_t done) {
  if (!progress_.onProgress || total_ == 0) return;
  std::lock_guard<std::mutex> lock(mutex_);
  done_ += done;
  const double fraction = static_cast<double>(done_) / static_cast<double>(total_);
  const int percent = static_cast<int>(100.0 * fraction);
  if (percent == lastPercent_) return;
  lastPercent_ = percent;
  progress_.report(from_ + (to_ - from_) * fraction, stage_);
}

}  // namespace zsi
