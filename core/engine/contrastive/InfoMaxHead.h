#pragma once
// The InfoMax head (contrastive-heads.md; Greedy InfoMax, zsi-engine.md §14): M conv modules over
// the head's input map. Each module's output is pooled into the patch grid and trained by its own
// CPC-style InfoNCE: a patch predicts, through a 1×1 map W_k per step k = 1..K, the patch k rows
// below it (one more when patches overlap), against N negatives drawn from every position and
// image of the batch. Module m+1 reads module m's output detached (gradient isolation); module 1
// reads its input attached, so its loss shapes the backbone. Engine-internal (torch).

#include <vector>

#include <torch/torch.h>

#include "core/engine/contrastive/ContrastiveConfig.h"
#include "core/engine/contrastive/PatchGrid.h"

namespace zsi {

class InfoMaxHeadImpl : public torch::nn::Module {
 public:
  InfoMaxHeadImpl(const ContrastiveConfig& cfg, int inChannels);

  // The patch grid (B × D × H' × W') of every module, for an input map B × C × H × W.
  std::vector<torch::Tensor> encode(const torch::Tensor& input);
  // Module m's loss on its grid; `valid` (B × H' × W' bool, optional) excludes patches outside the
  // images. Negatives come from torch's global generator (torch::manual_seed makes them repeatable).
  torch::Tensor moduleLoss(int m, const torch::Tensor& grid, const torch::Tensor& valid = {});
  // One loss per module (their sum is the head's loss).
  std::vector<torch::Tensor> losses(const torch::Tensor& input, const torch::Tensor& valid = {});

  // The input map of the "image" option: each image's resized area, resized to imageSize².
  torch::Tensor imageInput(const torch::Tensor& images, const std::vector<ImageMeta>& metas) const;

  int numModules() const { return static_cast<int>(stages_.size()); }
  torch::nn::Sequential stage(int m) const { return stages_[static_cast<std::size_t>(m)]; }

 private:
  ContrastiveConfig cfg_;
  std::vector<torch::nn::Sequential> stages_;
  std::vector<std::vector<torch::nn::Conv2d>> predictors_;  // [module][step]: W_k
};
TORCH_MODULE(InfoMaxHead);

}  // namespace zsi
