#pragma once
// Semantic mask head (spec §6): convs on 14×14 RoI features, ×2 deconv + ReLU → g; pixel-wise
// semantic encoder T_e (convT + ReLU, kernel_semantic) → embedding m (D channels, 28×28);
// decoder T_d (d_kernel_semantic, dconvT + ReLU) → ĝ; fixed 1×1 classifier m → W m.
//
// Quirk 1 (§13) behind MaskConvs: Chained applies the convs in sequence; LastOnly reproduces the
// official bug (each conv reads the RoI input, only the last one's output is used).
// Engine-internal.

#include <torch/torch.h>

#include "core/engine/ModelConfig.h"

namespace zsi {

struct MaskHeadOutput {
  torch::Tensor embedding;      // m: P × D × 28 × 28
  torch::Tensor visual;         // g: P × C × 28 × 28 (reconstruction target)
  torch::Tensor reconstructed;  // ĝ (undefined without decoder)
};

class SemanticMaskHeadImpl : public torch::nn::Module {
 public:
  explicit SemanticMaskHeadImpl(const ModelConfig& cfg);

  MaskHeadOutput forward(const torch::Tensor& x, bool withDecoder);

  // Logits of every class for every pixel: P × K × H × W = classVectors (K × D) applied as a fixed
  // 1×1 convolution to m.
  static torch::Tensor classify(const torch::Tensor& embedding, const torch::Tensor& classVectors);

  // The official test-time unseen projection (§6, §9) as its three fixed 1×1 convolutions:
  // W_u (conv_vec_unseen) · W_t (con_vec_t) · W_v (conv_vec) · m, where W_v (K × D) and W_t (K × D)
  // hold the seen vectors with their own background rows and W_u ((1+C_u) × D) the unseen ones.
  // Result P × (1+C_u) × H × W.
  static torch::Tensor unseenLogits(const torch::Tensor& embedding, const torch::Tensor& convVec,
                                    const torch::Tensor& conVecT, const torch::Tensor& unseenVectors);

  // Per-detection classifier kernels: the logit map of detection i is ⟨kernels[i], m_i⟩ per pixel.
  static torch::Tensor applyKernels(const torch::Tensor& embedding, const torch::Tensor& kernels);

  // Inference: the logit map ⟨kernels[i], m_i⟩ of each RoI (P × 28 × 28) without computing m.
  // kernel_semantic is linear, so ⟨k, W * e + b⟩ = (Wᵀk) * e + ⟨k, b⟩: one output channel per RoI
  // instead of D (D = 300: ~D times less work in that layer).
  torch::Tensor classLogits(const torch::Tensor& x, const torch::Tensor& kernels);

 private:
  ModelConfig cfg_;
  torch::nn::ModuleList convs_{nullptr};
  torch::nn::ConvTranspose2d upsample_{nullptr};
  torch::Tensor upsampled(const torch::Tensor& x);

  torch::nn::Conv2d convT_{nullptr}, kernelSemantic_{nullptr}, dKernelSemantic_{nullptr}, dconvT_{nullptr};
};
TORCH_MODULE(SemanticMaskHead);

}  // namespace zsi
