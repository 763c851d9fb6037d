#pragma once
// SGD with momentum and weight decay, step for step what torch.optim.SGD computes (no dampening,
// no Nesterov): d = grad + wd·p; buf = d on the first step, else momentum·buf + d; p -= lr·buf.
// Our own so that its whole state (one buffer per parameter, by parameter name) is plain named
// tensors that a checkpoint can hold and restore bit for bit on any LibTorch version.
// Engine-internal (torch).

#include <string>
#include <utility>
#include <vector>

#include <torch/torch.h>

#include "core/engine/Checkpoint.h"
#include "core/util/Result.h"

namespace zsi {

class SgdMomentum {
 public:
  SgdMomentum(NamedTensors parameters, double momentum, double weightDecay);

  const NamedTensors& parameters() const { return params_; }
  std::vector<torch::Tensor> tensors() const;

  void zeroGrad();
  void step(double lr);

  // Momentum buffers as "<prefix><parameter name>" (only those already created).
  NamedTensors state(const std::string& prefix) const;
  // Restores buffers written by state(); every buffer must match its parameter's shape.
  Status loadState(const NamedTensors& buffers, const std::string& prefix, const std::string& source);

 private:
  NamedTensors params_;
  std::vector<torch::Tensor> buffers_;  // undefined until the first step
  double momentum_, weightDecay_;
};

}  // namespace zsi
