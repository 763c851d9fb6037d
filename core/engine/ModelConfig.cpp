#include "core/engine/ModelConfig.h"

#include <cmath>

namespace zsi {
namespace {

Error bad(const std::string& field, const std::string& message) {
  return Error(message).forField(field);
}

Status checkAssigner(const std::string& path, const AssignerConfig& a) {
  if (!(a.posIouThr > 0 && a.posIouThr <= 1)) return bad(path + ".pos_iou_thr", "expected a value in (0, 1]");
  if (!(a.negIouThr >= 0 && a.negIouThr <= a.posIouThr))
    return bad(path + ".neg_iou_thr", "expected a value in [0, pos_iou_thr]");
  if (!(a.minPosIou >= 0 && a.minPosIou <= 1)) return bad(path + ".min_pos_iou", "expected a value in [0, 1]");
  return okStatus();
}

Status checkSampler(const std::string& path, const SamplerConfig& s) {
  if (s.num <= 0) return bad(path + ".num", "expected a positive number of samples");
  if (!(s.posFraction > 0 && s.posFraction <= 1)) return bad(path + ".pos_fraction", "expected a value in (0, 1]");
  return okStatus();
}

Status checkProposals(const std::string& path, const ProposalConfig& p) {
  if (p.nmsPre <= 0 || p.nmsPost <= 0 || p.maxNum <= 0)
    return bad(path, "nms_pre, nms_post and max_num must be positive");
  if (!(p.nmsThr > 0 && p.nmsThr <= 1)) return bad(path + ".nms_thr", "expected a value in (0, 1]");
  if (p.minBboxSize < 0) return bad(path + ".min_bbox_size", "must not be negative");
  return okStatus();
}

}  // namespace

std::vector<int> ModelConfig::stageOutChannels() const {
  std::vector<int> out;
  for (int i = 0; i < numStages(); ++i) out.push_back(backbone.baseChannels * (1 << i) * 4);
  return out;
}

Status ModelConfig::validate() const {
  if (input.maxLongSide < 32 || input.maxShortSide < 32 || input.maxShortSide > input.maxLongSide)
    return bad("input.max_size", "expected [long side, short side], both ≥ 32, long ≥ short");
  if (input.padDivisor <= 0) return bad("input.pad_divisor", "must be positive");
  for (double s : input.std)
    if (!(s > 0)) return bad("input.std", "standard deviations must be positive");
  if (classes.numSeen < 1) return bad("classes.num_seen", "need at least one seen class");
  if (classes.semanticDims < 1) return bad("classes.semantic_dims", "must be positive");
  if (classes.vocabularySize < 0) return bad("classes.vocabulary_size", "must not be negative");

  const int stages = numStages();
  if (stages < 1 || stages > 4) return bad("backbone.stage_blocks", "expected 1 to 4 stages");
  for (int b : backbone.stageBlocks)
    if (b < 1) return bad("backbone.stage_blocks", "every stage needs at least one block");
  if (backbone.stemChannels < 1 || backbone.baseChannels < 1)
    return bad("backbone", "stem_channels and base_channels must be positive");
  if (backbone.frozenStages < -1 || backbone.frozenStages > stages)
    return bad("backbone.frozen_stages", "expected -1 (nothing frozen) to the number of stages");
  if (fpn.outChannels < 1) return bad("fpn.out_channels", "must be positive");
  if (fpn.numOuts < stages) return bad("fpn.num_outs", "must be at least the number of backbone stages");
  if (input.padDivisor % (4 << (stages - 1)) != 0)
    return bad("input.pad_divisor", "must be a multiple of the coarsest backbone stride " +
                                        std::to_string(4 << (stages - 1)));

  if (rpn.featChannels < 1) return bad("rpn.feat_channels", "must be positive");
  if (static_cast<int>(rpn.anchorStrides.size()) != fpn.numOuts)
    return bad("rpn.anchor_strides", "expected one stride per FPN level (" + std::to_string(fpn.numOuts) + ")");
  for (int l = 0; l < fpn.numOuts; ++l)
    if (rpn.anchorStrides[l] != (4 << l))
      return bad("rpn.anchor_strides", "level " + std::to_string(l) + " of the FPN has stride " +
                                           std::to_string(4 << l));
  for (double s : rpn.anchorScales)
    if (!(s > 0)) return bad("rpn.anchor_scales", "scales must be positive");
  for (double r : rpn.anchorRatios)
    if (!(r > 0)) return bad("rpn.anchor_ratios", "ratios must be positive");
  for (double s : rpn.targetStds)
    if (!(s > 0)) return bad("rpn.target_stds", "must be positive");
  if (!(rpn.smoothL1Beta > 0)) return bad("rpn.smooth_l1_beta", "must be positive");
  ZSI_TRY(checkAssigner("rpn.train.assigner", rpn.assigner));
  ZSI_TRY(checkSampler("rpn.train.sampler", rpn.sampler));
  ZSI_TRY(checkProposals("rpn.train.proposals", rpn.trainProposals));
  ZSI_TRY(checkProposals("rpn.test.proposals", rpn.testProposals));

  if (roi.boxOutputSize < 1 || roi.maskOutputSize < 1)
    return bad("roi", "output sizes must be positive");
  if (roi.samplingRatio < 1)
    return bad("roi.sampling_ratio", "must be positive (adaptive sampling is not supported)");
  if (roi.featmapStrides.empty() || static_cast<int>(roi.featmapStrides.size()) > fpn.numOuts)
    return bad("roi.featmap_strides", "expected 1 to " + std::to_string(fpn.numOuts) + " FPN levels");
  for (std::size_t l = 0; l < roi.featmapStrides.size(); ++l)
    if (roi.featmapStrides[l] != (4 << l))
      return bad("roi.featmap_strides", "level " + std::to_string(l) + " of the FPN has stride " +
                                            std::to_string(4 << l));
  if (!(roi.finestScale > 0)) return bad("roi.finest_scale", "must be positive");

  if (boxHead.numFcs < 1) return bad("box_head.num_fcs", "need at least one fc layer");
  if (boxHead.fcChannels < 1) return bad("box_head.fc_channels", "must be positive");
  for (double s : boxHead.targetStds)
    if (!(s > 0)) return bad("box_head.target_stds", "must be positive");
  if (!(boxHead.smoothL1Beta > 0)) return bad("box_head.smooth_l1_beta", "must be positive");
  ZSI_TRY(checkAssigner("box_head.train.assigner", boxHead.assigner));
  ZSI_TRY(checkSampler("box_head.train.sampler", boxHead.sampler));

  if (maskHead.numConvs < 1) return bad("mask_head.num_convs", "need at least one conv");
  if (maskHead.convChannels < 1) return bad("mask_head.conv_channels", "must be positive");
  if (maskHead.semanticKernelSize < 1 || maskHead.semanticKernelSize % 2 == 0)
    return bad("mask_head.semantic_kernel_size", "expected an odd size (1, 3, ...)");
  if (maskHead.maskSize != 2 * roi.maskOutputSize)
    return bad("mask_head.mask_size", "the head upsamples ×2: expected " +
                                          std::to_string(2 * roi.maskOutputSize));

  if (!(test.nmsIou > 0 && test.nmsIou <= 1)) return bad("test.nms_iou", "expected a value in (0, 1]");
  if (test.maxPerImg < 1) return bad("test.max_per_img", "must be positive");
  if (!(test.maskThrBinary > 0 && test.maskThrBinary < 1))
    return bad("test.mask_thr_binary", "expected a value in (0, 1)");
  ZSI_TRY(contrastive.validate(fpn.numOuts));
  return okStatus();
}

}  // namespace zsi
