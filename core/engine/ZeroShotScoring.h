#pragma once
// From box-head outputs to zero-shot detections (spec §9): p = softmax(logits), the
// probability-weighted word vector v = p·W_s, the score of class c = ⟨v, w_c⟩ (so S_u = p W_sᵀ W_u
// and S_s = p W_sᵀ W_s of the official code), per-class boxes, per-class NMS and the GZSD merge.
// The quirks of §13 (unseen regression, GZSD merge) follow the config. Engine-internal.

#include <torch/torch.h>

#include "core/engine/ModelConfig.h"
#include "core/engine/ZsiDetector.h"

namespace zsi {

struct ScoringClasses {
  torch::Tensor vectors;     // M × D, the classes to report (the user's list order)
  torch::Tensor unseen;      // M bool
  torch::Tensor trainLabel;  // M int64: the training label (1..K-1) of a seen class, 0 when none
};

struct ScoringOptions {
  bool includeSeen = false;  // GZSD/GZSI; otherwise unseen classes only (ZSD/ZSI)
  double scoreThr = 0.05;
  double nmsIou = 0.5;
  int maxPerImage = 100;
  double seenBias = 0.0;     // subtracted from seen scores (calibrated stacking); 0 = official
  // Direct scoring (model config test.direct_scoring; training area, issue 10): the embedding z
  // scored against each class vector, softmax over the background and the classes of the mode.
  // z is recovered from the logits (logits = z·W_sᵀ) by the pseudo-inverse of W_sᵀ, which is
  // exact for class vectors in the span of the seen ones (every demo composition) and otherwise
  // scores their projection on that span. The official p·W_sᵀ·w mixes the seen neighbours'
  // similarities and cannot tell apart two unseen classes sharing a word with the top seen class.
  bool directScoring = false;
};

struct ScoredDetections {
  torch::Tensor boxes;       // n × 4, input pixels
  torch::Tensor scores;      // n
  torch::Tensor labels;      // n int64, index into ScoringClasses
  torch::Tensor topSeen;     // n
  torch::Tensor topUnseen;   // n
  torch::Tensor semantic;    // n × D (v of each detection's RoI)
};

// `imageHeight` × `imageWidth`: the resized image the boxes are clipped to.
ScoredDetections scoreDetections(const BoxPredictions& pred, const torch::Tensor& seenClassifier,
                                 const ScoringClasses& classes, const ScoringOptions& options,
                                 const ModelConfig& cfg, double imageHeight, double imageWidth);

}  // namespace zsi
