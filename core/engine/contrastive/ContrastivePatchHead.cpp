#include "core/engine/contrastive/ContrastivePatchHead.h"

#include "core/engine/contrastive/PatchGrid.h"

namespace zsi {

namespace nn = torch::nn;

ContrastivePatchHeadImpl::ContrastivePatchHeadImpl(const ContrastiveConfig& cfg, int inChannels, int semanticDims)
    : cfg_(cfg) {
  projector = register_module("projector", nn::Sequential(nn::Conv2d(nn::Conv2dOptions(inChannels, inChannels, 1)),
                                                          nn::ReLU(),
                                                          nn::Conv2d(nn::Conv2dOptions(inChannels, cfg.embedDims, 1))));
  if (cfg.patch.mode == PatchMode::Semantic)
    wordProjection = register_module("word_projection",
                                     nn::Linear(nn::LinearOptions(semanticDims, cfg.embedDims).bias(false)));
}

torch::Tensor ContrastivePatchHeadImpl::embed(const torch::Tensor& level) {
  auto z = projector->forward(poolPatches(level, cfg_.patchSize, cfg_.patchStride));
  return nn::functional::normalize(z, nn::functional::NormalizeFuncOptions().dim(1));
}

torch::Tensor ContrastivePatchHeadImpl::classTargets(const torch::Tensor& classVectors) {
  TORCH_CHECK(hasWordProjection(), "the patch head has class targets only in semantic mode");
  return nn::functional::normalize(wordProjection->forward(classVectors),
                                   nn::functional::NormalizeFuncOptions().dim(1));
}

}  // namespace zsi
