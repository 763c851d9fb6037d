#include "core/engine/contrastive/ContrastiveLosses.h"

#include <cmath>

namespace zsi {

torch::Tensor cpcInfoNce(const torch::Tensor& context, const torch::Tensor& positive, const torch::Tensor& negatives) {
  TORCH_CHECK(context.dim() == 2 && positive.sizes() == context.sizes(),
              "cpcInfoNce: context and positive must both be P × D, got ", context.sizes(), " and ", positive.sizes());
  TORCH_CHECK(negatives.dim() == 3 && negatives.size(0) == context.size(0) && negatives.size(2) == context.size(1),
              "cpcInfoNce: negatives must be P × N × D, got ", negatives.sizes());
  auto pos = (context * positive).sum(1, /*keepdim=*/true);                  // P × 1
  auto neg = torch::bmm(negatives, context.unsqueeze(2)).squeeze(2);        // P × N
  auto logits = torch::cat({pos, neg}, 1);
  return -torch::log_softmax(logits, 1).select(1, 0).mean();
}

torch::Tensor pairedInfoNce(const torch::Tensor& a, const torch::Tensor& b, const PairedNceOptions& o) {
  TORCH_CHECK(a.dim() == 2 && a.sizes() == b.sizes() && a.size(0) >= 2,
              "pairedInfoNce: both views must be P × D with P ≥ 2, got ", a.sizes(), " and ", b.sizes());
  const int64_t p = a.size(0);
  auto logits = torch::mm(a, b.t()) / o.temperature;  // P × P, positives on the diagonal
  auto target = torch::arange(p, torch::TensorOptions().dtype(torch::kLong).device(a.device()));
  if (o.debiasEta == 0.0 && o.hardBeta == 0.0) return torch::nn::functional::cross_entropy(logits, target);

  auto eye = torch::eye(p, torch::TensorOptions().dtype(torch::kBool).device(a.device()));
  auto posLogit = logits.diagonal();
  auto negLogits = logits.masked_select(~eye).view({p, p - 1});
  // Work relative to the row maximum so exp() cannot overflow at small temperatures.
  auto shift = std::get<0>(logits.max(1)).detach();
  auto pos = torch::exp(posLogit - shift);
  auto neg = torch::exp(negLogits - shift.unsqueeze(1));
  const double n = static_cast<double>(p - 1);
  torch::Tensor meanNeg;
  if (o.hardBeta > 0.0) {
    auto w = torch::softmax(o.hardBeta * negLogits, 1) * n;  // importance weights, mean 1 per row
    meanNeg = (w * neg).mean(1);
  } else {
    meanNeg = neg.mean(1);
  }
  auto g = (meanNeg - o.debiasEta * pos) / (1.0 - o.debiasEta);
  auto floor = torch::exp(-1.0 / o.temperature - shift);
  g = torch::max(g, floor);
  return (-(torch::log(pos) - torch::log(pos + n * g))).mean();
}

torch::Tensor supervisedContrastive(const torch::Tensor& z, const torch::Tensor& groups, double temperature) {
  TORCH_CHECK(z.dim() == 2 && groups.dim() == 1 && groups.size(0) == z.size(0),
              "supervisedContrastive: z must be P × D and groups P, got ", z.sizes(), " and ", groups.sizes());
  const int64_t p = z.size(0);
  auto g = groups.to(z.device(), torch::kLong);
  auto self = torch::eye(p, torch::TensorOptions().dtype(torch::kBool).device(z.device()));
  auto same = (g.unsqueeze(0) == g.unsqueeze(1)) & (g.unsqueeze(1) >= 0) & ~self;
  auto count = same.sum(1);
  auto anchors = count > 0;
  if (anchors.sum().item<int64_t>() == 0) return z.sum() * 0.0;
  auto logits = (torch::mm(z, z.t()) / temperature).masked_fill(self, -1e9);
  auto logProb = torch::log_softmax(logits, 1);
  auto perAnchor = -(logProb * same.to(logProb.dtype())).sum(1) / count.clamp_min(1).to(logProb.dtype());
  return perAnchor.masked_select(anchors).mean();
}

torch::Tensor classVectorNce(const torch::Tensor& z, const torch::Tensor& targets, const torch::Tensor& labels,
                             double temperature) {
  TORCH_CHECK(z.dim() == 2 && targets.dim() == 2 && z.size(1) == targets.size(1),
              "classVectorNce: z P × D and targets K × D must share D, got ", z.sizes(), " and ", targets.sizes());
  auto logits = torch::mm(z, targets.t()) / temperature;
  return torch::nn::functional::cross_entropy(logits, labels.to(z.device(), torch::kLong));
}

}  // namespace zsi
