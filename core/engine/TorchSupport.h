#pragma once
// The engine boundary: device names, LibTorch exceptions turned into zsi::Error, and bf16
// autocast across LibTorch versions (1.13's global switches vs 2.4's device-typed functions).
// Engine-internal.

#include <string>
#include <utility>

#include <torch/torch.h>

#include "core/util/Result.h"

namespace zsi {

// "cpu", "cuda", "cuda:N", "auto" (CUDA when available).
Result<torch::Device> parseDevice(const std::string& name);
std::string deviceName(const torch::Device& device);

// One line from a c10::Error: its message without the C++ backtrace LibTorch appends.
std::string torchMessage(const std::exception& e);

// Runs `fn` (returning Result<T> or Status) and turns any LibTorch or std exception into an Error
// whose message starts with `what`.
template <class Fn>
auto guardTorch(const std::string& what, Fn&& fn) -> decltype(fn()) {
  try {
    return fn();
  } catch (const c10::Error& e) {
    return Error(what + ": " + torchMessage(e));
  } catch (const std::exception& e) {
    return Error(what + ": " + e.what());
  }
}

// bf16 autocast on the given device while alive (no-op when disabled).
class AutocastGuard {
 public:
  AutocastGuard(const torch::Device& device, bool enabled);
  ~AutocastGuard();
  AutocastGuard(const AutocastGuard&) = delete;
  AutocastGuard& operator=(const AutocastGuard&) = delete;

 private:
  bool active_ = false;
  bool cuda_ = false;
  bool previous_ = false;
};

}  // namespace zsi
