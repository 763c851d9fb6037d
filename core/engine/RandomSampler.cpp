#include "core/engine/RandomSampler.h"

#include <algorithm>

namespace zsi {

torch::Tensor randomChoice(const torch::Tensor& indices, int64_t num) {
  if (indices.numel() <= num) return indices;
  auto perm = torch::randperm(indices.numel(), torch::TensorOptions().dtype(torch::kLong));
  return indices.index({perm.slice(0, 0, num).to(indices.device())});
}

SamplingResult sampleRandom(AssignResult& assign, const torch::Tensor& boxes, const torch::Tensor& gt,
                            const torch::Tensor& gtLabels, const SamplerConfig& cfg) {
  SamplingResult s;
  s.boxes = boxes.slice(1, 0, 4);
  if (cfg.addGtAsProposals && gt.size(0) > 0) {
    s.boxes = torch::cat({gt.to(s.boxes.dtype()), s.boxes});
    assign.addGtAsProposals(gtLabels);
  }
  const int64_t expectedPos = static_cast<int64_t>(cfg.num * cfg.posFraction);
  auto pos = (assign.gtInds > 0).nonzero().squeeze(1);
  pos = randomChoice(pos, expectedPos);
  int64_t expectedNeg = cfg.num - pos.numel();
  if (cfg.negPosUb >= 0)
    expectedNeg = std::min<int64_t>(expectedNeg, cfg.negPosUb * std::max<int64_t>(1, pos.numel()));
  auto neg = (assign.gtInds == 0).nonzero().squeeze(1);
  neg = randomChoice(neg, expectedNeg);
  s.posInds = pos;
  s.negInds = neg;
  s.posBoxes = s.boxes.index({pos});
  s.negBoxes = s.boxes.index({neg});
  s.posAssignedGtInds = assign.gtInds.index({pos}) - 1;
  s.posLabels = assign.labels.index({pos});
  s.posGtBoxes = gt.size(0) > 0 ? gt.index({s.posAssignedGtInds}).to(s.boxes.dtype())
                                : torch::zeros({0, 4}, s.boxes.options());
  return s;
}

}  // namespace zsi
