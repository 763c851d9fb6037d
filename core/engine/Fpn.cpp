#include "core/engine/Fpn.h"

namespace zsi {

FpnImpl::FpnImpl(const std::vector<int>& inChannels, int outChannels, int numOuts) : numOuts_(numOuts) {
  lateral_ = register_module("lateral_convs", torch::nn::ModuleList());
  output_ = register_module("fpn_convs", torch::nn::ModuleList());
  for (int c : inChannels) {
    lateral_->push_back(torch::nn::Conv2d(torch::nn::Conv2dOptions(c, outChannels, 1)));
    output_->push_back(torch::nn::Conv2d(torch::nn::Conv2dOptions(outChannels, outChannels, 3).padding(1)));
  }
  for (auto& p : named_parameters()) {
    if (p.key().find("weight") != std::string::npos) torch::nn::init::xavier_uniform_(p.value());
    else torch::nn::init::zeros_(p.value());
  }
}

std::vector<torch::Tensor> FpnImpl::forward(const std::vector<torch::Tensor>& inputs) {
  const std::size_t n = inputs.size();
  std::vector<torch::Tensor> lat(n);
  for (std::size_t i = 0; i < n; ++i) lat[i] = lateral_[i]->as<torch::nn::Conv2d>()->forward(inputs[i]);
  namespace F = torch::nn::functional;
  for (std::size_t i = n - 1; i > 0; --i) {
    auto up = F::interpolate(lat[i], F::InterpolateFuncOptions()
                                         .size(std::vector<int64_t>{lat[i - 1].size(2), lat[i - 1].size(3)})
                                         .mode(torch::kNearest));
    lat[i - 1] = lat[i - 1] + up;
  }
  std::vector<torch::Tensor> outs;
  for (std::size_t i = 0; i < n; ++i) outs.push_back(output_[i]->as<torch::nn::Conv2d>()->forward(lat[i]));
  while (static_cast<int>(outs.size()) < numOuts_) outs.push_back(torch::max_pool2d(outs.back(), 1, 2));
  return outs;
}

}  // namespace zsi
