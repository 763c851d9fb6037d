#include "core/engine/ResNet.h"

namespace zsi {
namespace {

torch::nn::Conv2d resConv(int in, int out, int k, int stride, int pad) {
  return torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, k).stride(stride).padding(pad).bias(false));
}

torch::nn::BatchNorm2d bn(int c) { return torch::nn::BatchNorm2d(torch::nn::BatchNorm2dOptions(c)); }

}  // namespace

BottleneckImpl::BottleneckImpl(int inChannels, int planes, int stride, bool withDownsample) {
  conv1 = register_module("conv1", resConv(inChannels, planes, 1, 1, 0));
  bn1 = register_module("bn1", bn(planes));
  conv2 = register_module("conv2", resConv(planes, planes, 3, stride, 1));
  bn2 = register_module("bn2", bn(planes));
  conv3 = register_module("conv3", resConv(planes, planes * 4, 1, 1, 0));
  bn3 = register_module("bn3", bn(planes * 4));
  if (withDownsample) {
    downsample = register_module(
        "downsample", torch::nn::Sequential(resConv(inChannels, planes * 4, 1, stride, 0), bn(planes * 4)));
  }
}

torch::Tensor BottleneckImpl::forward(const torch::Tensor& x) {
  auto out = torch::relu(bn1(conv1(x)));
  out = torch::relu(bn2(conv2(out)));
  out = bn3(conv3(out));
  auto identity = downsample ? downsample->forward(x) : x;
  return torch::relu(out + identity);
}

ResNetImpl::ResNetImpl(const ModelConfig::Backbone& cfg) : cfg_(cfg) {
  conv1 = register_module("conv1", resConv(3, cfg.stemChannels, 7, 2, 3));
  bn1 = register_module("bn1", bn(cfg.stemChannels));
  int in = cfg.stemChannels;
  for (std::size_t i = 0; i < cfg.stageBlocks.size(); ++i) {
    const int planes = cfg.baseChannels << i;
    const int stride = i == 0 ? 1 : 2;
    torch::nn::Sequential layer;
    for (int b = 0; b < cfg.stageBlocks[i]; ++b) {
      const bool first = b == 0;
      layer->push_back(Bottleneck(in, planes, first ? stride : 1, first && (stride != 1 || in != planes * 4)));
      in = planes * 4;
    }
    layers_.push_back(register_module("layer" + std::to_string(i + 1), layer));
    outChannels_.push_back(in);
  }
  // Kaiming for convs, unit BN: only matters when training from scratch (small configs).
  for (auto& m : modules(/*include_self=*/false)) {
    if (auto* c = m->as<torch::nn::Conv2d>()) {
      torch::nn::init::kaiming_normal_(c->weight, 0.0, torch::kFanOut, torch::kReLU);
    } else if (auto* b = m->as<torch::nn::BatchNorm2d>()) {
      torch::nn::init::ones_(b->weight);
      torch::nn::init::zeros_(b->bias);
    }
  }
  freeze();
  train(true);
}

void ResNetImpl::freeze() {
  if (cfg_.frozenStages < 0) return;
  for (auto& p : conv1->parameters()) p.set_requires_grad(false);
  for (auto& p : bn1->parameters()) p.set_requires_grad(false);
  for (int i = 0; i < cfg_.frozenStages && i < static_cast<int>(layers_.size()); ++i)
    for (auto& p : layers_[i]->parameters()) p.set_requires_grad(false);
}

void ResNetImpl::train(bool on) {
  torch::nn::Module::train(on);
  if (!on) return;
  for (auto& m : modules(/*include_self=*/false)) {
    if (auto* b = m->as<torch::nn::BatchNorm2d>()) {
      if (cfg_.normEval) b->eval();
    }
  }
  // Frozen stages also keep their BN statistics (mmdet puts them in eval mode).
  if (cfg_.frozenStages >= 0) {
    bn1->eval();
    for (int i = 0; i < cfg_.frozenStages && i < static_cast<int>(layers_.size()); ++i) layers_[i]->eval();
  }
}

std::vector<torch::Tensor> ResNetImpl::forward(const torch::Tensor& input) {
  auto x = torch::relu(bn1(conv1(input)));
  x = torch::max_pool2d(x, 3, 2, 1);
  std::vector<torch::Tensor> outs;
  for (auto& layer : layers_) {
    x = layer->forward(x);
    outs.push_back(x);
  }
  return outs;
}

}  // namespace zsi
