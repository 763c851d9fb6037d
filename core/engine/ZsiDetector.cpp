#include "core/engine/ZsiDetector.h"

#include <algorithm>

#include "core/engine/HeadLosses.h"
#include "core/engine/MaxIouAssigner.h"
#include "core/engine/RandomSampler.h"
#include "core/engine/contrastive/ContrastiveTraining.h"

namespace zsi {

torch::Tensor totalLoss(const LossMap& losses) {
  torch::Tensor total;
  for (const auto& [name, value] : losses) {
    if (name == "acc") continue;
    total = total.defined() ? total + value : value;
  }
  return total;
}

ZsiDetectorImpl::ZsiDetectorImpl(const ModelConfig& cfg, const torch::Tensor& seenVectors,
                                 const torch::Tensor& fileBackground)
    : cfg_(cfg),
      boxRoi_(cfg.roi.featmapStrides, cfg.roi.boxOutputSize, cfg.roi.samplingRatio, cfg.roi.finestScale,
              cfg.boxOffset()),
      maskRoi_(cfg.roi.featmapStrides, cfg.roi.maskOutputSize, cfg.roi.samplingRatio, cfg.roi.finestScale,
               cfg.boxOffset()) {
  TORCH_CHECK(seenVectors.dim() == 2 && seenVectors.size(0) == cfg.classes.numSeen &&
                  seenVectors.size(1) == cfg.classes.semanticDims,
              "the model needs ", cfg.classes.numSeen, " seen class vectors of dimension ",
              cfg.classes.semanticDims, ", got ", seenVectors.sizes());
  seenVectors_ = register_buffer("seen_vectors", seenVectors.to(torch::kFloat).clone());
  fileBackground_ = register_buffer("file_background", fileBackground.to(torch::kFloat).reshape({-1}).clone());
  backbone = register_module("backbone", ResNet(cfg.backbone));
  neck = register_module("neck", Fpn(cfg.stageOutChannels(), cfg.fpn.outChannels, cfg.fpn.numOuts));
  rpnHead = register_module("rpn_head", BaRpnHead(cfg, initialBackground(cfg.quirks.backgroundInit, seenVectors_,
                                                                          fileBackground_)));
  boxHead = register_module("bbox_head", SemanticBoxHead(cfg));
  if (cfg.maskHead.enabled) maskHead = register_module("mask_head", SemanticMaskHead(cfg));
  if (cfg.contrastive.enabled() && cfg.contrastive.head == ContrastiveHead::InfoMax)
    infomaxHead = register_module(
        "infomax_head",
        InfoMaxHead(cfg.contrastive, cfg.contrastive.infomax.input == InfoMaxInput::Image ? 3 : cfg.fpn.outChannels));
  if (cfg.contrastive.enabled() && cfg.contrastive.head == ContrastiveHead::Patch)
    patchHead = register_module("patch_head",
                                ContrastivePatchHead(cfg.contrastive, cfg.fpn.outChannels, cfg.classes.semanticDims));
  boxCoder_.means = cfg.boxHead.targetMeans;
  boxCoder_.stds = cfg.boxHead.targetStds;
  boxCoder_.offset = cfg.boxOffset();
}

torch::Tensor initialBackground(BackgroundInit mode, const torch::Tensor& seen, const torch::Tensor& given) {
  if (mode == BackgroundInit::Given) return given;
  auto mean = seen.mean(0);
  if (mode == BackgroundInit::MeanOfSeen) return mean;
  const int64_t d = seen.size(1);
  if (seen.size(0) >= d) return given;  // the seen vectors span the space: nothing is orthogonal
  // A fixed direction (the all-ones vector, else a basis vector) with the seen span projected out.
  auto q = std::get<0>(torch::linalg_qr(seen.t().to(torch::kDouble)));  // D × C_s orthonormal
  for (int64_t k = -1; k < d; ++k) {
    auto r = k < 0 ? torch::ones({d}, torch::kDouble) : torch::zeros({d}, torch::kDouble).index_fill_(0, torch::tensor({k}), 1.0);
    auto u = r - torch::mv(q, torch::mv(q.t(), r));
    const double n = u.norm().item<double>();
    if (n > 1e-3) return (mean.to(torch::kDouble) + u / n * mean.norm().item<double>()).to(torch::kFloat);
  }
  return given;
}

std::vector<ImageShape> ZsiDetectorImpl::shapesOf(const std::vector<ImageMeta>& metas) const {
  std::vector<ImageShape> s;
  for (const auto& m : metas) s.push_back({m.height, m.width, m.padHeight, m.padWidth});
  return s;
}

std::vector<torch::Tensor> ZsiDetectorImpl::extractFeatures(const torch::Tensor& images) {
  return neck(backbone(images));
}

torch::Tensor ZsiDetectorImpl::classifier(const torch::Tensor& background) const {
  return torch::cat({background.reshape({1, -1}).to(seenVectors_.dtype()), seenVectors_});
}

TrainOutput ZsiDetectorImpl::forwardTrain(const TrainBatch& batch) {
  TORCH_CHECK(batch.images.dim() == 4, "training images must be B×3×H×W, got ", batch.images.sizes());
  const int64_t numImages = batch.images.size(0);
  TORCH_CHECK(static_cast<int64_t>(batch.metas.size()) == numImages &&
                  static_cast<int64_t>(batch.gtBoxes.size()) == numImages &&
                  static_cast<int64_t>(batch.gtLabels.size()) == numImages,
              "the batch needs one meta, box set and label set per image");
  TrainOutput out;
  auto feats = extractFeatures(batch.images);
  out.features = feats;
  auto shapes = shapesOf(batch.metas);
  auto rpn = rpnHead(feats);
  out.background = rpn.background;
  auto [rpnCls, rpnReg] = rpnHead->loss(rpn, batch.gtBoxes, batch.gtIgnore, shapes);
  out.losses["loss_rpn_cls"] = rpnCls;
  out.losses["loss_rpn_bbox"] = rpnReg;

  auto proposals = rpnHead->proposals(rpn, shapes, cfg_.rpn.trainProposals);
  const int off = cfg_.boxOffset();
  std::vector<SamplingResult> samples;
  std::vector<torch::Tensor> roiParts, labelParts, targetParts;
  for (int64_t i = 0; i < numImages; ++i) {
    auto gt = batch.gtBoxes[i].to(torch::kFloat);
    auto labels = batch.gtLabels[i].to(torch::kLong);
    auto ign = i < static_cast<int64_t>(batch.gtIgnore.size()) ? batch.gtIgnore[i] : torch::Tensor();
    auto boxes = proposals[i].slice(1, 0, 4);
    auto assign = assignMaxIou(boxes, gt, ign, labels, cfg_.boxHead.assigner, off);
    auto s = sampleRandom(assign, boxes, gt, labels, cfg_.boxHead.sampler);
    auto sampled = torch::cat({s.posBoxes, s.negBoxes});
    auto idx = torch::full({sampled.size(0), 1}, static_cast<double>(i), sampled.options());
    roiParts.push_back(torch::cat({idx, sampled}, 1));
    labelParts.push_back(torch::cat({s.posLabels, torch::zeros({s.negBoxes.size(0)}, s.posLabels.options())}));
    targetParts.push_back(s.posBoxes.size(0) > 0 ? boxCoder_.encode(s.posBoxes, s.posGtBoxes)
                                                 : torch::zeros({0, 4}, sampled.options()));
    samples.push_back(std::move(s));
  }
  auto rois = torch::cat(roiParts);
  auto roiLabels = torch::cat(labelParts);
  auto targets = torch::cat(targetParts);

  auto head = boxHead->forward(boxRoi_(feats, rois), classifier(cfg_.boxHead.syncBg ? rpn.background : fileBackground_),
                               cfg_.boxHead.withDecoder);
  addBoxHeadLosses(head, roiLabels, targets, cfg_, out.losses);
  if (cfg_.maskHead.enabled) maskLosses(feats, batch, samples, out.losses);
  addContrastiveLoss(*this, batch, feats, rpn.background, out.losses);
  return out;
}

torch::Tensor maskTargets(const torch::Tensor& boxes, const torch::Tensor& masks, const torch::Tensor& gtInds,
                          int size, int offset) {
  const int64_t p = boxes.size(0);
  auto out = torch::zeros({p, size, size}, torch::TensorOptions().dtype(torch::kFloat).device(masks.device()));
  if (p == 0) return out;
  const int64_t mh = masks.size(1), mw = masks.size(2);
  auto b = boxes.to(torch::kCPU, torch::kDouble).contiguous();
  auto g = gtInds.to(torch::kCPU, torch::kLong).contiguous();
  auto bp = b.accessor<double, 2>();
  auto gp = g.accessor<int64_t, 1>();
  namespace F = torch::nn::functional;
  for (int64_t i = 0; i < p; ++i) {
    auto clip = [](double v, int64_t hi) { return static_cast<int64_t>(std::min<double>(std::max(v, 0.0), hi)); };
    const int64_t x1 = clip(bp[i][0], mw - 1), y1 = clip(bp[i][1], mh - 1);
    const int64_t x2 = clip(bp[i][2], mw - 1), y2 = clip(bp[i][3], mh - 1);
    const int64_t w = std::max<int64_t>(x2 - x1 + offset, 1), h = std::max<int64_t>(y2 - y1 + offset, 1);
    auto crop = masks[gp[i]].slice(0, y1, std::min(y1 + h, mh)).slice(1, x1, std::min(x1 + w, mw));
    auto resized = F::interpolate(crop.to(torch::kFloat).unsqueeze(0).unsqueeze(0),
                                  F::InterpolateFuncOptions()
                                      .size(std::vector<int64_t>{size, size})
                                      .mode(torch::kBilinear)
                                      .align_corners(false));
    out[i] = (resized[0][0] >= 0.5).to(torch::kFloat);
  }
  return out;
}

void ZsiDetectorImpl::maskLosses(const std::vector<torch::Tensor>& feats, const TrainBatch& batch,
                                 const std::vector<SamplingResult>& samples, LossMap& losses) {
  std::vector<torch::Tensor> roiParts, labelParts, targetParts;
  for (std::size_t i = 0; i < samples.size(); ++i) {
    const auto& s = samples[i];
    if (s.posBoxes.size(0) == 0) continue;
    TORCH_CHECK(i < batch.gtMasks.size() && batch.gtMasks[i].defined() &&
                    batch.gtMasks[i].size(0) == batch.gtBoxes[i].size(0),
                "the mask head needs one gt mask per gt box (image ", i, ")");
    auto idx = torch::full({s.posBoxes.size(0), 1}, static_cast<double>(i), s.posBoxes.options());
    roiParts.push_back(torch::cat({idx, s.posBoxes}, 1));
    labelParts.push_back(s.posLabels);
    targetParts.push_back(maskTargets(s.posBoxes, batch.gtMasks[i], s.posAssignedGtInds, cfg_.maskHead.maskSize,
                                      cfg_.boxOffset()));
  }
  if (roiParts.empty()) {
    // No positive RoI in the batch: zero losses that still reach the head's parameters.
    torch::Tensor zero;
    for (auto& p : maskHead->parameters()) zero = zero.defined() ? zero + p.sum() * 0.0 : p.sum() * 0.0;
    losses["loss_mask"] = zero;
    if (cfg_.maskHead.withDecoder) losses["loss_ed"] = zero.clone();
    return;
  }
  auto rois = torch::cat(roiParts);
  auto labels = torch::cat(labelParts);
  auto targets = torch::cat(targetParts);
  auto head = maskHead->forward(maskRoi_(feats, rois), cfg_.maskHead.withDecoder);
  // Only the gt class channel is read (never channel 0), so the background row does not matter.
  auto kernels = seenVectors_.index({labels - 1});
  auto logits = SemanticMaskHeadImpl::applyKernels(head.embedding, kernels);
  addMaskHeadLosses(logits, targets, head, cfg_, losses);
}

std::vector<BoxPredictions> ZsiDetectorImpl::predictBoxes(const std::vector<torch::Tensor>& feats,
                                                          const std::vector<ImageMeta>& metas) {
  auto rpn = rpnHead(feats, /*withSemantic=*/false);
  auto proposals = rpnHead->proposals(rpn, shapesOf(metas), cfg_.rpn.testProposals);
  std::vector<torch::Tensor> parts;
  for (std::size_t i = 0; i < proposals.size(); ++i) {
    auto idx = torch::full({proposals[i].size(0), 1}, static_cast<double>(i), proposals[i].options());
    parts.push_back(torch::cat({idx, proposals[i].slice(1, 0, 4)}, 1));
  }
  auto rois = torch::cat(parts);
  auto bg = cfg_.boxHead.syncBg ? rpn.background : fileBackground_;
  auto head = boxHead->forward(boxRoi_(feats, rois), classifier(bg), /*withDecoder=*/false);
  std::vector<BoxPredictions> out;
  int64_t start = 0;
  for (const auto& p : proposals) {
    const int64_t n = p.size(0);
    BoxPredictions bp;
    bp.rois = p.slice(1, 0, 4);
    bp.logits = head.logits.slice(0, start, start + n).to(torch::kFloat);
    bp.deltas = head.deltas.slice(0, start, start + n).to(torch::kFloat);
    bp.background = bg;
    bp.rpnBackground = rpn.background;
    out.push_back(bp);
    start += n;
  }
  return out;
}

torch::Tensor ZsiDetectorImpl::maskLogits(const std::vector<torch::Tensor>& feats, const torch::Tensor& rois,
                                          const torch::Tensor& kernels) {
  return maskHead->classLogits(maskRoi_(feats, rois), kernels);
}

torch::Tensor ZsiDetectorImpl::maskEmbedding(const std::vector<torch::Tensor>& feats, const torch::Tensor& rois) {
  return maskHead->forward(maskRoi_(feats, rois), /*withDecoder=*/false).embedding;
}

}  // namespace zsi
