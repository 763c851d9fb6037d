#pragma once
// ResNet backbone, "pytorch" style (stride in the 3×3 conv of a bottleneck), spec §2. Parameter
// names follow torchvision (conv1, bn1, layer1.0.conv1, ..., layerN.0.downsample.{0,1}), which are
// also mmdet v1's, so ImageNet and official weights map by name. Engine-internal.
//
// frozen_stages: the stem and the first `frozenStages` stages get requires_grad = false.
// norm_eval: every BatchNorm stays in eval mode (running statistics are never updated) even when
// the module is put in training mode; their affine parameters still train unless frozen.

#include <vector>

#include <torch/torch.h>

#include "core/engine/ModelConfig.h"

namespace zsi {

class BottleneckImpl : public torch::nn::Module {
 public:
  BottleneckImpl(int inChannels, int planes, int stride, bool withDownsample);
  torch::Tensor forward(const torch::Tensor& x);

 private:
  torch::nn::Conv2d conv1{nullptr}, conv2{nullptr}, conv3{nullptr};
  torch::nn::BatchNorm2d bn1{nullptr}, bn2{nullptr}, bn3{nullptr};
  torch::nn::Sequential downsample{nullptr};
};
TORCH_MODULE(Bottleneck);

class ResNetImpl : public torch::nn::Module {
 public:
  explicit ResNetImpl(const ModelConfig::Backbone& cfg);

  // C2..C(1+stages): one map per stage, strides 4, 8, 16, 32.
  std::vector<torch::Tensor> forward(const torch::Tensor& x);
  void train(bool on = true) override;
  std::vector<int> outChannels() const { return outChannels_; }

 private:
  void freeze();

  ModelConfig::Backbone cfg_;
  torch::nn::Conv2d conv1{nullptr};
  torch::nn::BatchNorm2d bn1{nullptr};
  std::vector<torch::nn::Sequential> layers_;
  std::vector<int> outChannels_;
};
TORCH_MODULE(ResNet);

}  // namespace zsi
