#include "core/engine/EngineInfo.h"

#include <torch/torch.h>
#include <torch/version.h>

#include <cstdlib>
#include <thread>

namespace zsi {

std::string torchVersion() { return TORCH_VERSION; }

bool cudaAvailable() { return torch::cuda::is_available(); }

int cudaDeviceCount() { return static_cast<int>(torch::cuda::device_count()); }

std::string engineBuildSummary() {
  std::string s = "LibTorch " + torchVersion() + ", CUDA ";
  if (cudaAvailable()) {
    s += "available (" + std::to_string(cudaDeviceCount()) + " device(s))";
  } else {
    s += "not available";
  }
  return s + ", " + std::to_string(at::get_num_threads()) + " CPU thread(s)";
}

int configureCpuThreads(int threads) {
  if (threads <= 0) {
    const char* env = std::getenv("OMP_NUM_THREADS");
    if (env != nullptr && std::atoi(env) > 0) threads = std::atoi(env);
    else threads = static_cast<int>(std::thread::hardware_concurrency());
  }
  if (threads > 0 && threads != at::get_num_threads()) at::set_num_threads(threads);
  return at::get_num_threads();
}

}  // namespace zsi
