#include "core/engine/Losses.h"

namespace zsi {

torch::Tensor smoothL1Sum(const torch::Tensor& pred, const torch::Tensor& target, double beta) {
  auto d = (pred - target).abs();
  auto l = torch::where(d < beta, 0.5 * d * d / beta, d - 0.5 * beta);
  return l.sum();
}

torch::Tensor weightedCrossEntropySum(const torch::Tensor& logits, const torch::Tensor& labels,
                                      const torch::Tensor& weights) {
  auto logp = torch::log_softmax(logits.to(torch::kFloat), 1);
  auto nll = -logp.gather(1, labels.unsqueeze(1)).squeeze(1);
  return (nll * weights).sum();
}

torch::Tensor accuracyPercent(const torch::Tensor& logits, const torch::Tensor& labels) {
  if (labels.numel() == 0) return torch::zeros({}, logits.options());
  auto pred = logits.argmax(1);
  return (pred == labels).to(torch::kFloat).mean() * 100.0;
}

}  // namespace zsi
