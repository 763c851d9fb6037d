#pragma once
// The ZSI network (spec §2–§7) as one torch module: backbone, FPN, background-aware RPN, zero-shot
// box head and semantic mask head, with the fixed seen class vectors as buffers. Training returns
// the named losses of §7; inference returns the raw per-proposal outputs that ZeroShotScoring turns
// into detections. Engine-internal: the trainer (core/train) and the facade (ZsiModel) use it.
//
// Module names: backbone, neck, rpn_head, bbox_head, mask_head; buffers seen_vectors (C_s × D) and
// file_background (D), and bbox_head.vocabulary when the config has a vocabulary.

#include <vector>

#include <torch/torch.h>

#include "core/engine/BaRpnHead.h"
#include "core/engine/BoxCoder.h"
#include "core/engine/Fpn.h"
#include "core/engine/ModelConfig.h"
#include "core/engine/RandomSampler.h"
#include "core/engine/ResNet.h"
#include "core/engine/RoiExtractor.h"
#include "core/engine/SemanticBoxHead.h"
#include "core/engine/SemanticMaskHead.h"
#include "core/engine/TrainBatch.h"
#include "core/engine/contrastive/ContrastivePatchHead.h"
#include "core/engine/contrastive/InfoMaxHead.h"

namespace zsi {

struct TrainOutput {
  LossMap losses;
  // The FPN levels of this forward (P2, P3, ...), still attached to the graph: an extra head (the
  // contrastive heads of contrastive-heads.md) computes its loss from them and adds it to the total.
  std::vector<torch::Tensor> features;
  torch::Tensor background;  // the synchronised background b (detached)
};

// Box-head outputs for the proposals of one image, before any class vectors are applied.
struct BoxPredictions {
  torch::Tensor rois;        // N × 4, input pixels
  torch::Tensor logits;      // N × K (against [b; seen vectors])
  torch::Tensor deltas;      // N × 4K
  torch::Tensor background;  // D: the background used for row 0 (synced b when box_head.sync_bg)
  torch::Tensor rpnBackground;  // D: the RPN's synced background b
};

class ZsiDetectorImpl : public torch::nn::Module {
 public:
  ZsiDetectorImpl(const ModelConfig& cfg, const torch::Tensor& seenVectors, const torch::Tensor& fileBackground);

  const ModelConfig& config() const { return cfg_; }

  std::vector<torch::Tensor> extractFeatures(const torch::Tensor& images);
  TrainOutput forwardTrain(const TrainBatch& batch);
  std::vector<BoxPredictions> predictBoxes(const std::vector<torch::Tensor>& feats,
                                           const std::vector<ImageMeta>& metas);
  // Mask-head embedding m for RoIs R × 5 (batch index, box).
  torch::Tensor maskEmbedding(const std::vector<torch::Tensor>& feats, const torch::Tensor& rois);
  // Inference: the mask logit map ⟨kernels[i], m_i⟩ of each RoI (R × 28 × 28), without m.
  torch::Tensor maskLogits(const std::vector<torch::Tensor>& feats, const torch::Tensor& rois,
                           const torch::Tensor& kernels);

  // K × D classifier [background; seen vectors].
  torch::Tensor classifier(const torch::Tensor& background) const;
  torch::Tensor seenVectors() const { return seenVectors_; }
  torch::Tensor fileBackground() const { return fileBackground_; }

  ResNet backbone{nullptr};
  Fpn neck{nullptr};
  BaRpnHead rpnHead{nullptr};
  SemanticBoxHead boxHead{nullptr};
  SemanticMaskHead maskHead{nullptr};
  // The optional contrastive head (config "contrastive"; at most one is built, none by default).
  InfoMaxHead infomaxHead{nullptr};
  ContrastivePatchHead patchHead{nullptr};

 private:
  std::vector<ImageShape> shapesOf(const std::vector<ImageMeta>& metas) const;
  void maskLosses(const std::vector<torch::Tensor>& feats, const TrainBatch& batch,
                  const std::vector<SamplingResult>& samples, LossMap& losses);

  ModelConfig cfg_;
  RoiExtractor boxRoi_, maskRoi_;
  BoxCoder boxCoder_;
  torch::Tensor seenVectors_, fileBackground_;
};
TORCH_MODULE(ZsiDetector);

// The initial background kernels of the RPN (§13 quirk 5, see BackgroundInit).
torch::Tensor initialBackground(BackgroundInit mode, const torch::Tensor& seenVectors, const torch::Tensor& given);

// Mask targets (mmdet v1 mask_target): the gt mask cropped by the integer proposal box and
// resized bilinearly to size × size, rounded to 0/1. boxes P×4, masks G×H×W, gtInds P.
torch::Tensor maskTargets(const torch::Tensor& boxes, const torch::Tensor& masks, const torch::Tensor& gtInds,
                          int size, int offset);

}  // namespace zsi
