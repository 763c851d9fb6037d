#pragma once
// Background-aware RPN (spec §3): per level, t = ReLU(conv3×3(P)), a semantic embedding
// s = conv1×1(t) (semanticDims channels), objectness = 1×1 conv of s with 2A kernels (no bias;
// kernel 2a = background of anchor a, 2a+1 = foreground), deltas = conv1×1(t). The synchronised
// background b is the mean of the A background kernels, detached. Engine-internal.

#include <vector>

#include <torch/torch.h>

#include "core/engine/AnchorGenerator.h"
#include "core/engine/BoxCoder.h"
#include "core/engine/ModelConfig.h"

namespace zsi {

struct RpnOutput {
  std::vector<torch::Tensor> clsScores;  // per level B × 2A × h × w
  std::vector<torch::Tensor> deltas;     // per level B × 4A × h × w
  std::vector<torch::Tensor> semantic;   // per level B × D × h × w (for extra heads; may be empty)
  torch::Tensor background;              // D, detached
};

struct ImageShape {
  int64_t height = 0;     // image size inside the padded input (after resizing)
  int64_t width = 0;
  int64_t padHeight = 0;  // this image's own padded size (≤ the batch tensor's)
  int64_t padWidth = 0;
};

class BaRpnHeadImpl : public torch::nn::Module {
 public:
  // `backgroundInit`: D values, the initial background kernels.
  BaRpnHeadImpl(const ModelConfig& cfg, const torch::Tensor& backgroundInit);

  // `withSemantic`: also return the per-location embeddings s (training, extra heads). Without
  // them, objectness is one folded 1×1 conv (fb_kernels · semantic_conv is linear), which skips
  // the D-channel maps at inference.
  RpnOutput forward(const std::vector<torch::Tensor>& feats, bool withSemantic = true);

  // Losses loss_rpn_cls and loss_rpn_bbox for a batch.
  std::pair<torch::Tensor, torch::Tensor> loss(const RpnOutput& out, const std::vector<torch::Tensor>& gtBoxes,
                                               const std::vector<torch::Tensor>& gtIgnore,
                                               const std::vector<ImageShape>& shapes);

  // Proposals per image: P×5 (x1, y1, x2, y2, objectness), from detached outputs.
  std::vector<torch::Tensor> proposals(const RpnOutput& out, const std::vector<ImageShape>& shapes,
                                       const ProposalConfig& pc);

  std::vector<torch::Tensor> anchors(const std::vector<torch::Tensor>& featLevels) const;
  int numAnchors() const { return generators_.front().numAnchors(); }
  torch::Tensor backgroundVector() const;

 private:
  ModelConfig cfg_;
  std::vector<AnchorGenerator> generators_;
  BoxCoder coder_;
  torch::nn::Conv2d rpnConv_{nullptr}, semanticConv_{nullptr}, fbKernels_{nullptr}, rpnReg_{nullptr};
};
TORCH_MODULE(BaRpnHead);

}  // namespace zsi
