#include "core/engine/SemanticMaskHead.h"

#include <algorithm>

namespace zsi {
namespace {

torch::nn::Conv2d maskConv(int in, int out, int k) {
  return torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, k).padding(k / 2));
}

void kaimingFanOut(torch::Tensor& w, torch::Tensor& b) {
  torch::nn::init::kaiming_normal_(w, 0.0, torch::kFanOut, torch::kReLU);
  torch::nn::init::zeros_(b);
}

}  // namespace

SemanticMaskHeadImpl::SemanticMaskHeadImpl(const ModelConfig& cfg) : cfg_(cfg) {
  const int c = cfg.fpn.outChannels, ch = cfg.maskHead.convChannels, d = cfg.classes.semanticDims;
  const int k = cfg.maskHead.semanticKernelSize;
  convs_ = register_module("convs", torch::nn::ModuleList());
  for (int i = 0; i < cfg.maskHead.numConvs; ++i) convs_->push_back(maskConv(i == 0 ? c : ch, ch, 3));
  upsample_ = register_module(
      "upsample", torch::nn::ConvTranspose2d(torch::nn::ConvTranspose2dOptions(ch, ch, 2).stride(2)));
  convT_ = register_module("semantic_conv", maskConv(ch, d, k));
  kernelSemantic_ = register_module("kernel_semantic", maskConv(d, d, k));
  if (cfg.maskHead.withDecoder) {
    dKernelSemantic_ = register_module("d_kernel_semantic", maskConv(d, d, k));
    dconvT_ = register_module("decoder_conv", maskConv(d, ch, k));
  }
  torch::NoGradGuard noGrad;
  for (auto& m : *convs_) {
    auto* cv = m->as<torch::nn::Conv2d>();
    kaimingFanOut(cv->weight, cv->bias);
  }
  kaimingFanOut(upsample_->weight, upsample_->bias);
  kaimingFanOut(convT_->weight, convT_->bias);
  kaimingFanOut(kernelSemantic_->weight, kernelSemantic_->bias);
  if (dconvT_) kaimingFanOut(dconvT_->weight, dconvT_->bias);
}

torch::Tensor SemanticMaskHeadImpl::upsampled(const torch::Tensor& x) {
  torch::Tensor h;
  if (cfg_.quirks.maskConvs == MaskConvs::Chained) {
    h = x;
    for (auto& m : *convs_) h = torch::relu(m->as<torch::nn::Conv2d>()->forward(h));
  } else {
    // Official: every conv reads the RoI features, only the last result survives (the others
    // get no gradient, so they are skipped).
    h = torch::relu(convs_[convs_->size() - 1]->as<torch::nn::Conv2d>()->forward(x));
  }
  return torch::relu(upsample_(h));
}

MaskHeadOutput SemanticMaskHeadImpl::forward(const torch::Tensor& x, bool withDecoder) {
  MaskHeadOutput out;
  out.visual = upsampled(x);
  out.embedding = kernelSemantic_(torch::relu(convT_(out.visual)));
  if (withDecoder && dconvT_) out.reconstructed = torch::relu(dconvT_(dKernelSemantic_(out.embedding)));
  return out;
}

torch::Tensor SemanticMaskHeadImpl::classLogits(const torch::Tensor& x, const torch::Tensor& kernels) {
  const int64_t p = x.size(0);
  if (p == 0) return torch::zeros({0, 2 * x.size(2), 2 * x.size(3)}, x.options());
  auto e = torch::relu(convT_(upsampled(x)));                                 // P × D × H × W
  const int64_t d = e.size(1), h = e.size(2), w = e.size(3);
  auto k = kernels.to(e.scalar_type());                                       // P × D
  auto weight = kernelSemantic_->weight.to(e.scalar_type());                  // D × D × s × s
  auto folded = torch::einsum("po,oihw->pihw", {k, weight});                  // P × D × s × s
  const int64_t s = weight.size(2), r = s / 2;
  // Cross-correlation with one output channel per RoI: for each kernel offset a batched
  // (1 × D)·(D × HW) product on the contiguous embedding, added into the output shifted.
  auto flat = e.reshape({p, d, h * w});
  auto out = torch::zeros({p, h, w}, e.options());
  for (int64_t dy = 0; dy < s; ++dy)
    for (int64_t dx = 0; dx < s; ++dx) {
      auto t = torch::bmm(folded.select(3, dx).select(2, dy).unsqueeze(1), flat).view({p, h, w});
      const int64_t oy = dy - r, ox = dx - r;  // out[y, x] += t[y + oy, x + ox]
      const int64_t y0 = std::max<int64_t>(0, -oy), y1 = std::min<int64_t>(h, h - oy);
      const int64_t x0 = std::max<int64_t>(0, -ox), x1 = std::min<int64_t>(w, w - ox);
      if (y1 <= y0 || x1 <= x0) continue;
      out.slice(1, y0, y1).slice(2, x0, x1).add_(t.slice(1, y0 + oy, y1 + oy).slice(2, x0 + ox, x1 + ox));
    }
  auto bias = torch::mv(k, kernelSemantic_->bias.to(e.scalar_type()));        // P
  return out + bias.view({p, 1, 1});
}

torch::Tensor SemanticMaskHeadImpl::classify(const torch::Tensor& m, const torch::Tensor& classVectors) {
  auto w = classVectors.to(m.scalar_type());
  return torch::conv2d(m, w.view({w.size(0), w.size(1), 1, 1}));
}

torch::Tensor SemanticMaskHeadImpl::unseenLogits(const torch::Tensor& m, const torch::Tensor& convVec,
                                                 const torch::Tensor& conVecT, const torch::Tensor& unseenVectors) {
  auto dt = m.scalar_type();
  auto seen = torch::conv2d(m, convVec.to(dt).view({convVec.size(0), convVec.size(1), 1, 1}));  // K ch
  auto wt = conVecT.to(dt).t().contiguous();                                                      // D × K
  auto back = torch::conv2d(seen, wt.view({wt.size(0), wt.size(1), 1, 1}));                      // D ch
  return torch::conv2d(back, unseenVectors.to(dt).view({unseenVectors.size(0), unseenVectors.size(1), 1, 1}));
}

torch::Tensor SemanticMaskHeadImpl::applyKernels(const torch::Tensor& m, const torch::Tensor& kernels) {
  return (m * kernels.to(m.scalar_type()).unsqueeze(2).unsqueeze(3)).sum(1);
}

}  // namespace zsi
