#include "core/engine/SemanticBoxHead.h"

namespace zsi {

SemanticBoxHeadImpl::SemanticBoxHeadImpl(const ModelConfig& cfg) : cfg_(cfg) {
  const int s = cfg.roi.boxOutputSize, c = cfg.fpn.outChannels, fc = cfg.boxHead.fcChannels;
  const int d = cfg.classes.semanticDims, v = cfg.classes.vocabularySize, k = cfg.numClassesWithBg();
  sharedFcs_ = register_module("shared_fcs", torch::nn::ModuleList());
  for (int i = 0; i < cfg.boxHead.numFcs; ++i)
    sharedFcs_->push_back(torch::nn::Linear(i == 0 ? c * s * s : fc, fc));
  fcSemantic_ = register_module("fc_semantic", torch::nn::Linear(fc, d));
  if (v > 0) {
    kernelSemantic_ = register_module("kernel_semantic", torch::nn::Linear(v, d));
    // Filled from the vocabulary file (zsi import vocabulary / a checkpoint); zero until then.
    vocabulary_ = register_buffer("vocabulary", torch::zeros({d, v}));
  }
  if (cfg.boxHead.withDecoder) {
    if (v > 0) dKernelSemantic_ = register_module("d_kernel_semantic", torch::nn::Linear(d, v));
    dFcSemantic_ = register_module("d_fc_semantic", torch::nn::Linear(d, fc));
  }
  fcReg_ = register_module("fc_reg", torch::nn::Linear(fc, 4 * k));
  torch::NoGradGuard noGrad;
  for (auto& m : *sharedFcs_) {
    auto* lin = m->as<torch::nn::Linear>();
    torch::nn::init::xavier_uniform_(lin->weight);
    torch::nn::init::zeros_(lin->bias);
  }
  for (auto* m : {&fcSemantic_, &kernelSemantic_, &fcReg_}) {
    if (!*m) continue;
    torch::nn::init::normal_((*m)->weight, 0.0, 0.001);
    torch::nn::init::zeros_((*m)->bias);
  }
}

BoxHeadOutput SemanticBoxHeadImpl::forward(const torch::Tensor& x, const torch::Tensor& classVectors,
                                           bool withDecoder) {
  BoxHeadOutput out;
  torch::Tensor f;
  for (std::size_t i = 0; i < sharedFcs_->size(); ++i) {
    auto* fc = sharedFcs_[i]->as<torch::nn::Linear>();
    if (i == 0 && x.dim() == 4) {
      // fc6 on the flattened C × S × S features is the S × S convolution with the same weights;
      // oneDNN runs it several times faster than a generic BLAS runs the matrix product.
      auto w = fc->weight.view({fc->weight.size(0), x.size(1), x.size(2), x.size(3)});
      f = torch::relu(torch::conv2d(x, w, fc->bias)).flatten(1);
    } else {
      f = torch::relu(fc->forward(i == 0 ? x.flatten(1) : f));
    }
  }
  out.visual = f;
  auto e = fcSemantic_(f);
  torch::Tensor z = e;
  if (vocabulary_.defined()) z = kernelSemantic_(torch::mm(e, vocabulary_.to(e.scalar_type())));
  out.embedding = z;
  out.logits = torch::mm(z, classVectors.to(z.scalar_type()).t());
  if (withDecoder && dFcSemantic_) {
    torch::Tensor back = z;
    if (vocabulary_.defined()) back = torch::mm(dKernelSemantic_(z), vocabulary_.to(z.scalar_type()).t());
    out.reconstructed = dFcSemantic_(back);
  }
  out.deltas = fcReg_(f);
  return out;
}

}  // namespace zsi
