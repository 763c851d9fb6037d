#include "core/train/SgdMomentum.h"

#include <map>

namespace zsi {

SgdMomentum::SgdMomentum(NamedTensors parameters, double momentum, double weightDecay)
    : params_(std::move(parameters)), buffers_(params_.size()), momentum_(momentum), weightDecay_(weightDecay) {}

std::vector<torch::Tensor> SgdMomentum::tensors() const {
  std::vector<torch::Tensor> out;
  for (const auto& p : params_) out.push_back(p.second);
  return out;
}

void SgdMomentum::zeroGrad() {
  for (auto& p : params_) {
    auto& g = p.second.mutable_grad();
    if (g.defined()) {
      g.detach_();
      g.zero_();
    }
  }
}

void SgdMomentum::step(double lr) {
  torch::NoGradGuard noGrad;
  for (std::size_t i = 0; i < params_.size(); ++i) {
    auto& p = params_[i].second;
    if (!p.grad().defined()) continue;
    auto d = p.grad();
    if (weightDecay_ != 0) d = d.add(p, weightDecay_);
    if (momentum_ != 0) {
      auto& buf = buffers_[i];
      if (!buf.defined()) {
        buf = torch::clone(d).detach();
      } else {
        buf.mul_(momentum_).add_(d, 1.0);
      }
      d = buf;
    }
    p.add_(d, -lr);
  }
}

NamedTensors SgdMomentum::state(const std::string& prefix) const {
  NamedTensors out;
  for (std::size_t i = 0; i < params_.size(); ++i)
    if (buffers_[i].defined()) out.emplace_back(prefix + params_[i].first, buffers_[i]);
  return out;
}

Status SgdMomentum::loadState(const NamedTensors& buffers, const std::string& prefix, const std::string& source) {
  std::map<std::string, std::size_t> byName;
  for (std::size_t i = 0; i < params_.size(); ++i) byName[prefix + params_[i].first] = i;
  std::vector<torch::Tensor> restored(params_.size());
  for (const auto& [name, t] : buffers) {
    auto it = byName.find(name);
    if (it == byName.end())
      return Error("the optimiser state has a buffer for an unknown parameter").inFile(source).forField(name);
    const auto& p = params_[it->second].second;
    if (t.sizes() != p.sizes())
      return Error("the optimiser buffer does not match its parameter's shape").inFile(source).forField(name);
    restored[it->second] = t.to(p.device(), p.scalar_type()).clone();
  }
  buffers_ = std::move(restored);
  return okStatus();
}

}  // namespace zsi
