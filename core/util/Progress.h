#pragma once
// Long work in core/ is a plain function that takes a Progress: it reports a fraction and a stage
// name through a callback, and polls a cancel flag that another thread may set. Callbacks run on
// the worker's thread; the UI marshals them to its own thread. Cancellation returns an Error
// whose message is kCancelledMessage, so callers can tell it from a failure.

#include <atomic>
#include <functional>
#include <string>

namespace zsi {

inline constexpr const char* kCancelledMessage = "cancelled";

struct Progress {
  std::function<void(double fraction, const std::string& stage)> onProgress;
  const std::atomic<bool>* cancel = nullptr;

  bool cancelled() const { return cancel != nullptr && cancel->load(std::memory_order_relaxed); }
  void report(double fraction, const std::string& stage) const {
    if (onProgress) onProgress(fraction, stage);
  }
};

}  // namespace zsi
