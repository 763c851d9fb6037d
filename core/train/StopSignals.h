#pragma once
// SIGINT / SIGTERM as a stop request for long jobs (training, inference): the first signal sets
// a flag the job polls (it finishes its step, saves, and returns); a second one exits at once
// with status 130 — safe for training because every checkpoint file is written atomically.
// Plain C++ (POSIX).

#include <atomic>

namespace zsi {

class StopSignals {
 public:
  // Installs the handlers; the previous ones come back on destruction.
  StopSignals();
  ~StopSignals();
  StopSignals(const StopSignals&) = delete;
  StopSignals& operator=(const StopSignals&) = delete;

  const std::atomic<bool>* flag() const;
  bool requested() const;
  int signal() const;  // the signal that asked, 0 when none
};

}  // namespace zsi
