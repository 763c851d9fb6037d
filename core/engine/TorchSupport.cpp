#include "core/engine/TorchSupport.h"

#include <ATen/autocast_mode.h>

#include "core/engine/TorchCompat.h"

namespace zsi {

Result<torch::Device> parseDevice(const std::string& name) {
  if (name == "auto") return torch::cuda::is_available() ? torch::Device(torch::kCUDA, 0) : torch::Device(torch::kCPU);
  try {
    torch::Device d(name);
    if (d.is_cuda()) {
      if (!torch::cuda::is_available()) return Error("device '" + name + "': CUDA is not available in this build or machine");
      const int idx = d.has_index() ? d.index() : 0;
      if (idx >= static_cast<int>(torch::cuda::device_count()))
        return Error("device '" + name + "': only " + std::to_string(torch::cuda::device_count()) + " CUDA device(s)");
      return torch::Device(torch::kCUDA, static_cast<c10::DeviceIndex>(idx));
    }
    if (!d.is_cpu()) return Error("device '" + name + "': expected cpu, cuda, cuda:N or auto");
    return d;
  } catch (const std::exception&) {
    return Error("unknown device '" + name + "': expected cpu, cuda, cuda:N or auto");
  }
}

std::string deviceName(const torch::Device& device) { return device.str(); }

std::string torchMessage(const std::exception& e) {
  if (const auto* ce = dynamic_cast<const c10::Error*>(&e)) {
    std::string m = ce->what_without_backtrace();
    auto nl = m.find('\n');
    return nl == std::string::npos ? m : m.substr(0, nl);
  }
  return e.what();
}

AutocastGuard::AutocastGuard(const torch::Device& device, bool enabled) {
  if (!enabled) return;
  cuda_ = device.is_cuda();
  active_ = true;
#if ZSI_TORCH_AUTOCAST_DEVICE_TYPED
  const auto type = cuda_ ? at::kCUDA : at::kCPU;
  previous_ = at::autocast::is_autocast_enabled(type);
  at::autocast::set_autocast_dtype(type, at::kBFloat16);
  at::autocast::set_autocast_enabled(type, true);
#else
  if (cuda_) {
    previous_ = at::autocast::is_enabled();
    at::autocast::set_autocast_gpu_dtype(at::kBFloat16);
    at::autocast::set_enabled(true);
  } else {
    previous_ = at::autocast::is_cpu_enabled();
    at::autocast::set_autocast_cpu_dtype(at::kBFloat16);
    at::autocast::set_cpu_enabled(true);
  }
#endif
  at::autocast::increment_nesting();
}

AutocastGuard::~AutocastGuard() {
  if (!active_) return;
  if (at::autocast::decrement_nesting() == 0) at::autocast::clear_cache();
#if ZSI_TORCH_AUTOCAST_DEVICE_TYPED
  at::autocast::set_autocast_enabled(cuda_ ? at::kCUDA : at::kCPU, previous_);
#else
  if (cuda_) at::autocast::set_enabled(previous_);
  else at::autocast::set_cpu_enabled(previous_);
#endif
}

}  // namespace zsi
