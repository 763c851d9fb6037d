#pragma once
// Feature pyramid (spec §2): lateral 1×1 convs, top-down nearest ×2 upsampling and addition,
// 3×3 output convs, no norm, no activation; levels beyond the backbone's by max-pool (kernel 1,
// stride 2) of the last. Engine-internal.

#include <vector>

#include <torch/torch.h>

namespace zsi {

class FpnImpl : public torch::nn::Module {
 public:
  FpnImpl(const std::vector<int>& inChannels, int outChannels, int numOuts);
  std::vector<torch::Tensor> forward(const std::vector<torch::Tensor>& inputs);

 private:
  int numOuts_;
  torch::nn::ModuleList lateral_{nullptr}, output_{nullptr};
};
TORCH_MODULE(Fpn);

}  // namespace zsi
