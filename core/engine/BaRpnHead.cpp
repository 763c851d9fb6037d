#include "core/engine/BaRpnHead.h"

#include <algorithm>

#include "core/engine/BoxOps.h"
#include "core/engine/Losses.h"
#include "core/engine/MaxIouAssigner.h"
#include "core/engine/Nms.h"
#include "core/engine/RandomSampler.h"

namespace zsi {
namespace {

torch::nn::Conv2d rpnConv(int in, int out, int k, bool bias = true) {
  return torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, k).padding(k / 2).bias(bias));
}

// B × (k·A) × h × w → B × (h·w·A) × k, the anchor order of AnchorGenerator.
torch::Tensor flattenLevel(const torch::Tensor& t, int k) {
  return t.permute({0, 2, 3, 1}).reshape({t.size(0), -1, k});
}

}  // namespace

BaRpnHeadImpl::BaRpnHeadImpl(const ModelConfig& cfg, const torch::Tensor& backgroundInit) : cfg_(cfg) {
  const bool legacy = cfg.quirks.boxConvention == BoxConvention::Legacy;
  for (int stride : cfg.rpn.anchorStrides)
    generators_.emplace_back(stride, cfg.rpn.anchorScales, cfg.rpn.anchorRatios, legacy);
  coder_.means = cfg.rpn.targetMeans;
  coder_.stds = cfg.rpn.targetStds;
  coder_.offset = cfg.boxOffset();
  const int a = numAnchors(), d = cfg.classes.semanticDims, c = cfg.fpn.outChannels, f = cfg.rpn.featChannels;
  rpnConv_ = register_module("rpn_conv", rpnConv(c, f, 3));
  semanticConv_ = register_module("semantic_conv", rpnConv(f, d, 1));
  fbKernels_ = register_module("fb_kernels", rpnConv(d, 2 * a, 1, /*bias=*/false));
  rpnReg_ = register_module("rpn_reg", rpnConv(f, 4 * a, 1));
  torch::NoGradGuard noGrad;
  for (auto* m : {&rpnConv_, &semanticConv_, &rpnReg_}) {
    torch::nn::init::normal_((*m)->weight, 0.0, 0.01);
    torch::nn::init::zeros_((*m)->bias);
  }
  // Foreground kernels N(0, 1) (mmcv normal_init default); background kernels = the given vector.
  torch::nn::init::normal_(fbKernels_->weight, 0.0, 1.0);
  auto bg = backgroundInit.to(torch::kFloat).reshape({d, 1, 1});
  for (int i = 0; i < a; ++i) fbKernels_->weight[2 * i].copy_(bg);
}

torch::Tensor BaRpnHeadImpl::backgroundVector() const {
  const int a = numAnchors();
  auto w = fbKernels_->weight.detach().flatten(1);  // 2A × D
  return w.index({torch::arange(0, 2 * a, 2, torch::TensorOptions().dtype(torch::kLong).device(w.device()))})
      .mean(0);
}

RpnOutput BaRpnHeadImpl::forward(const std::vector<torch::Tensor>& feats, bool withSemantic) {
  RpnOutput out;
  torch::Tensor foldedW, foldedB;
  if (!withSemantic) {
    auto fb = fbKernels_->weight.flatten(1);  // 2A × D
    foldedW = torch::mm(fb, semanticConv_->weight.flatten(1)).view({fb.size(0), -1, 1, 1});
    foldedB = torch::mv(fb, semanticConv_->bias);
  }
  for (const auto& x : feats) {
    auto t = torch::relu(rpnConv_(x));
    if (withSemantic) {
      auto s = semanticConv_(t);
      out.semantic.push_back(s);
      out.clsScores.push_back(fbKernels_(s));
    } else {
      out.clsScores.push_back(torch::conv2d(t, foldedW.to(t.scalar_type()), foldedB.to(t.scalar_type())));
    }
    out.deltas.push_back(rpnReg_(t));
  }
  out.background = backgroundVector();
  return out;
}

std::vector<torch::Tensor> BaRpnHeadImpl::anchors(const std::vector<torch::Tensor>& levels) const {
  std::vector<torch::Tensor> out;
  for (std::size_t l = 0; l < levels.size(); ++l)
    out.push_back(generators_[l].gridAnchors(levels[l].size(2), levels[l].size(3), cfg_.rpn.anchorStrides[l],
                                             levels[l].device()));
  return out;
}

std::pair<torch::Tensor, torch::Tensor> BaRpnHeadImpl::loss(const RpnOutput& out,
                                                           const std::vector<torch::Tensor>& gtBoxes,
                                                           const std::vector<torch::Tensor>& gtIgnore,
                                                           const std::vector<ImageShape>& shapes) {
  const int a = numAnchors();
  auto levelAnchors = anchors(out.clsScores);
  auto allAnchors = torch::cat(levelAnchors);
  std::vector<torch::Tensor> clsFlat, regFlat;
  for (std::size_t l = 0; l < out.clsScores.size(); ++l) {
    clsFlat.push_back(flattenLevel(out.clsScores[l], 2));
    regFlat.push_back(flattenLevel(out.deltas[l], 4));
  }
  auto cls = torch::cat(clsFlat, 1);  // B × N × 2
  auto reg = torch::cat(regFlat, 1);  // B × N × 4
  const int64_t batch = cls.size(0);
  const int off = cfg_.boxOffset();
  const double border = cfg_.rpn.allowedBorder;
  auto device = cls.device();
  torch::Tensor clsSum = torch::zeros({}, cls.options().dtype(torch::kFloat));
  torch::Tensor regSum = torch::zeros({}, cls.options().dtype(torch::kFloat));
  int64_t totalSamples = 0;
  for (int64_t i = 0; i < batch; ++i) {
    std::vector<torch::Tensor> validParts;
    for (std::size_t l = 0; l < levelAnchors.size(); ++l) {
      const int stride = cfg_.rpn.anchorStrides[l];
      const int64_t fh = out.clsScores[l].size(2), fw = out.clsScores[l].size(3);
      const int64_t vh = std::min<int64_t>((shapes[i].padHeight + stride - 1) / stride, fh);
      const int64_t vw = std::min<int64_t>((shapes[i].padWidth + stride - 1) / stride, fw);
      validParts.push_back(generators_[l].validFlags(fh, fw, vh, vw, device));
    }
    auto valid = torch::cat(validParts);
    if (border >= 0) {
      valid = valid & (allAnchors.select(1, 0) >= -border) & (allAnchors.select(1, 1) >= -border) &
              (allAnchors.select(1, 2) < shapes[i].width + border) &
              (allAnchors.select(1, 3) < shapes[i].height + border);
    }
    auto inside = valid.nonzero().squeeze(1);
    auto anchorsIn = allAnchors.index({inside});
    auto gtLabelsDummy = torch::ones({gtBoxes[i].size(0)}, torch::TensorOptions().dtype(torch::kLong).device(device));
    auto ign = i < static_cast<int64_t>(gtIgnore.size()) ? gtIgnore[i] : torch::Tensor();
    auto assign = assignMaxIou(anchorsIn, gtBoxes[i], ign, gtLabelsDummy, cfg_.rpn.assigner, off);
    auto s = sampleRandom(assign, anchorsIn, gtBoxes[i], gtLabelsDummy, cfg_.rpn.sampler);
    totalSamples += std::max<int64_t>(s.posInds.numel(), 1) + std::max<int64_t>(s.negInds.numel(), 1);
    auto posIdx = inside.index({s.posInds});
    auto negIdx = inside.index({s.negInds});
    auto idx = torch::cat({posIdx, negIdx});
    auto labels = torch::cat({torch::ones_like(posIdx), torch::zeros_like(negIdx)});
    auto ci = cls[i].index({idx});
    clsSum = clsSum + weightedCrossEntropySum(ci, labels, torch::ones({idx.numel()}, ci.options().dtype(torch::kFloat)));
    if (posIdx.numel() > 0) {
      auto targets = coder_.encode(s.posBoxes, s.posGtBoxes);
      regSum = regSum + smoothL1Sum(reg[i].index({posIdx}).to(torch::kFloat), targets, cfg_.rpn.smoothL1Beta);
    } else {
      regSum = regSum + reg[i].sum() * 0.0;  // keeps the graph connected
    }
  }
  const double n = static_cast<double>(std::max<int64_t>(totalSamples, 1));
  (void)a;
  return {clsSum / n * cfg_.rpn.lossClsWeight, regSum / n * cfg_.rpn.lossBboxWeight};
}

std::vector<torch::Tensor> BaRpnHeadImpl::proposals(const RpnOutput& out, const std::vector<ImageShape>& shapes,
                                                    const ProposalConfig& pc) {
  torch::NoGradGuard noGrad;
  auto levelAnchors = anchors(out.clsScores);
  const int off = cfg_.boxOffset();
  std::vector<torch::Tensor> result;
  for (std::size_t i = 0; i < shapes.size(); ++i) {
    std::vector<torch::Tensor> perLevel;
    for (std::size_t l = 0; l < out.clsScores.size(); ++l) {
      auto cls = flattenLevel(out.clsScores[l].slice(0, i, i + 1).detach(), 2)[0].to(torch::kFloat);
      auto reg = flattenLevel(out.deltas[l].slice(0, i, i + 1).detach(), 4)[0].to(torch::kFloat);
      auto scores = torch::softmax(cls, 1).select(1, 1);
      auto anchorsL = levelAnchors[l];
      if (pc.nmsPre > 0 && scores.size(0) > pc.nmsPre) {
        auto top = std::get<1>(scores.topk(pc.nmsPre));
        scores = scores.index({top});
        reg = reg.index({top});
        anchorsL = anchorsL.index({top});
      }
      auto boxes = coder_.decode(anchorsL, reg, static_cast<double>(shapes[i].height),
                                 static_cast<double>(shapes[i].width));
      if (pc.minBboxSize > 0) {
        auto w = boxes.select(1, 2) - boxes.select(1, 0) + off;
        auto h = boxes.select(1, 3) - boxes.select(1, 1) + off;
        auto keep = ((w >= pc.minBboxSize) & (h >= pc.minBboxSize)).nonzero().squeeze(1);
        boxes = boxes.index({keep});
        scores = scores.index({keep});
      }
      auto keep = nms(boxes, scores, pc.nmsThr, off).slice(0, 0, pc.nmsPost);
      perLevel.push_back(torch::cat({boxes.index({keep}), scores.index({keep}).unsqueeze(1)}, 1));
    }
    auto all = torch::cat(perLevel);
    const int64_t num = std::min<int64_t>(pc.maxNum, all.size(0));
    auto top = std::get<1>(all.select(1, 4).topk(num));
    result.push_back(all.index({top}));
  }
  return result;
}

}  // namespace zsi
