#include "core/engine/EngineInfo.h"

#include <torch/torch.h>
#include <torch/version.h>

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
  return s;
}

}  // namespace zsi
