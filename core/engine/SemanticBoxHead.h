#pragma once
// Zero-shot box head (spec §5): shared fcs → visual feature f; semantic encoder T_e (fc_semantic,
// then — with a vocabulary matrix A — e·A and kernel_semantic) → embedding z; logits z·W_sᵀ with
// the fixed class vectors W_s (row 0 = background); decoder T_d (d_kernel_semantic, ·Aᵀ,
// d_fc_semantic) → f̂; class-specific regression from f.
//
// Without a vocabulary (vocabularySize 0) T_e is fc_semantic alone and T_d is d_fc_semantic alone
// (the "drop the vocabulary" option of spec §15). Engine-internal.

#include <torch/torch.h>

#include "core/engine/ModelConfig.h"

namespace zsi {

struct BoxHeadOutput {
  torch::Tensor logits;         // N × K
  torch::Tensor deltas;         // N × 4K
  torch::Tensor embedding;      // z: N × D
  torch::Tensor visual;         // f: N × fc
  torch::Tensor reconstructed;  // f̂: N × fc (undefined without decoder)
};

class SemanticBoxHeadImpl : public torch::nn::Module {
 public:
  explicit SemanticBoxHeadImpl(const ModelConfig& cfg);

  // x: N × C × S × S RoI features; classVectors: K × D (row 0 = background).
  BoxHeadOutput forward(const torch::Tensor& x, const torch::Tensor& classVectors, bool withDecoder);

  bool hasVocabulary() const { return vocabulary_.defined(); }
  torch::Tensor vocabulary() const { return vocabulary_; }  // D × V buffer ("vocabulary")

 private:
  ModelConfig cfg_;
  torch::nn::ModuleList sharedFcs_{nullptr};
  torch::nn::Linear fcSemantic_{nullptr}, kernelSemantic_{nullptr}, dKernelSemantic_{nullptr},
      dFcSemantic_{nullptr}, fcReg_{nullptr};
  torch::Tensor vocabulary_;
};
TORCH_MODULE(SemanticBoxHead);

}  // namespace zsi
