#pragma once
// Progress of work shared by several threads: each worker adds what it finished; the meter maps
// the count onto [from, to] of the caller's Progress and reports at most once per percent, under
// a lock (the callback runs on whichever worker crossed the percent).

#include <cstddef>
#include <mutex>
#include <string>

#include "core/util/Progress.h"

namespace zsi {

class ProgressMeter {
 public:
  ProgressMeter(const Progress& progress, double from, double to, std::size_t total,
                std::string stage);
  void advance(std::size_t done);

 private:
  const Progress& progress_;
  double from_, to_;
  std::size_t total_;
  std::string stage_;
  std::mutex mutex_;
  std::size_t done_ = 0;
  int lastPercent_ = -1;
};

}  // namespace zsi
