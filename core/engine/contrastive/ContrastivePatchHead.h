#pragma once
// The contrastive patch head (contrastive-heads.md): patch features of an FPN level → small MLP
// projector (1×1 convs) → L2-normalised patch embeddings. In `semantic` mode it also owns the
// learned linear map that brings class word vectors into the patch-embedding space. The losses of
// its three modes are computed in ContrastiveTraining. Engine-internal (torch).

#include <torch/torch.h>

#include "core/engine/contrastive/ContrastiveConfig.h"

namespace zsi {

class ContrastivePatchHeadImpl : public torch::nn::Module {
 public:
  ContrastivePatchHeadImpl(const ContrastiveConfig& cfg, int inChannels, int semanticDims);

  // B × C × H × W level → B × D × H' × W', unit length along D.
  torch::Tensor embed(const torch::Tensor& level);
  // K × S class vectors (row 0 background) → K × D unit vectors in the patch space (semantic mode).
  torch::Tensor classTargets(const torch::Tensor& classVectors);
  bool hasWordProjection() const { return !wordProjection.is_empty(); }

  torch::nn::Sequential projector;
  torch::nn::Linear wordProjection{nullptr};

 private:
  ContrastiveConfig cfg_;
};
TORCH_MODULE(ContrastivePatchHead);

}  // namespace zsi
