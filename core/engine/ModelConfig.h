#pragma once
// The ZSI model as data: every architectural and training-target setting of spec §2–§9, the
// test-time thresholds, and one switch per quirk of the official code (§13). Versioned JSON
// (models/configs/*.json); plain C++ so the UI can show and edit it.
//
// Defaults are the official 48/17 values, so a config file may list only what differs (the
// shipped configs list every key). Unknown keys are errors naming the key path.

#include <array>
#include <string>
#include <vector>

#include "core/engine/contrastive/ContrastiveConfig.h"
#include "core/util/Result.h"

namespace zsi {

// §13 quirk 8: mmdet v1 box arithmetic ("+1" widths, rounded anchors, legacy RoIAlign) or the
// continuous convention of torchvision / mmdet v2.
enum class BoxConvention { Legacy, Continuous };
// §13 quirk 1: the mask head's convs chained (sound) or only the last one used (official bug).
enum class MaskConvs { Chained, LastOnly };
// §13 quirk 2: regression deltas for unseen classes: seen deltas weighted by the seen-class
// probabilities (sound) or those of the seen class with the same column index (official).
enum class UnseenRegression { ScoreWeighted, SameIndex };
// §13 quirk 3: GZSD/GZSI merge: one NMS over seen and unseen detections with the configured
// threshold (sound) or two independent NMS with a hard-coded 0.05 threshold (official).
enum class GzsdMerge { Joint, Separate };
// §13 quirk 4: background row of the mask head's fixed classifiers: always the RPN's synced
// background (sound) or as the official flags set it (mask sync_bg; con_vec_t = file vector).
enum class MaskBackground { Synced, Official };
// §13 quirk 5: initial RPN background kernels. Official: the given background vector (the file's
// mean of all 80 classes, unseen ones included). Sound: the mean of the seen vectors plus an equal
// length along a direction orthogonal to all seen vectors — no unseen information, and not in the
// span of the seen vectors. Plain mean-of-seen is kept as an option but is degenerate: its
// classifier logit is the mean of the class logits, so background can never win (see ENGINE.md).
enum class BackgroundInit { SeenMeanOrthogonal, Given, MeanOfSeen };

struct AssignerConfig {
  double posIouThr = 0.7;
  double negIouThr = 0.3;
  double minPosIou = 0.3;
  double ignoreIofThr = -1.0;  // < 0: ignore (crowd) boxes are not used, as in the official configs
  bool gtMaxAssignAll = true;
};

struct SamplerConfig {
  int num = 256;
  double posFraction = 0.5;
  int negPosUb = -1;
  bool addGtAsProposals = false;
};

struct ProposalConfig {
  int nmsPre = 1000;
  int nmsPost = 1000;
  int maxNum = 1000;
  double nmsThr = 0.7;
  double minBboxSize = 0.0;
};

struct ModelConfig {
  static constexpr int kFormatVersion = 1;

  std::string name = "zsi_48_17_r101";
  std::string description;

  struct Input {
    int maxLongSide = 1333;  // resize keep-ratio to fit (maxLongSide, maxShortSide)
    int maxShortSide = 800;
    int padDivisor = 32;
    std::array<double, 3> mean{123.675, 116.28, 103.53};  // RGB
    std::array<double, 3> std{58.395, 57.12, 57.375};
  } input;

  struct Classes {
    int numSeen = 48;         // K - 1
    int semanticDims = 300;
    int vocabularySize = 0;   // 0: no vocabulary matrix (T_e without it, spec §15); official: 4717
  } classes;

  struct Backbone {
    int depth = 101;                       // 50, 101, 152; 0 = custom stage_blocks
    std::vector<int> stageBlocks{3, 4, 23, 3};
    int stemChannels = 64;
    int baseChannels = 64;                 // bottleneck width of stage 1; x2 per stage, x4 out
    int frozenStages = 1;                  // stem + this many stages get no gradient
    bool normEval = true;                  // BN layers stay in eval mode
  } backbone;

  struct Fpn {
    int outChannels = 256;
    int numOuts = 5;  // extra levels by max-pool (kernel 1, stride 2) of the last
  } fpn;

  struct Rpn {
    int featChannels = 256;
    std::vector<double> anchorScales{8.0};
    std::vector<double> anchorRatios{0.5, 1.0, 2.0};
    std::vector<int> anchorStrides{4, 8, 16, 32, 64};
    std::array<double, 4> targetMeans{0, 0, 0, 0};
    std::array<double, 4> targetStds{1, 1, 1, 1};
    double lossClsWeight = 1.0;
    double lossBboxWeight = 1.0;
    double smoothL1Beta = 1.0 / 9.0;
    AssignerConfig assigner{0.7, 0.3, 0.3, -1.0, true};
    SamplerConfig sampler{256, 0.5, -1, false};
    int allowedBorder = 0;
    ProposalConfig trainProposals{2000, 2000, 2000, 0.7, 0.0};
    ProposalConfig testProposals{1000, 1000, 1000, 0.7, 0.0};
  } rpn;

  struct Roi {
    int boxOutputSize = 7;
    int maskOutputSize = 14;
    int samplingRatio = 2;
    std::vector<int> featmapStrides{4, 8, 16, 32};
    double finestScale = 56.0;
  } roi;

  struct BoxHead {
    int numFcs = 2;
    int fcChannels = 1024;
    bool withDecoder = true;
    bool syncBg = true;
    std::array<double, 4> targetMeans{0, 0, 0, 0};
    std::array<double, 4> targetStds{0.1, 0.1, 0.2, 0.2};
    double lossSemanticWeight = 1.0;
    double lossBboxWeight = 1.0;
    double lossEdWeight = 0.5;
    double smoothL1Beta = 1.0;
    AssignerConfig assigner{0.5, 0.5, 0.5, -1.0, true};
    SamplerConfig sampler{512, 0.25, -1, true};
  } boxHead;

  struct MaskHead {
    bool enabled = true;
    int numConvs = 4;
    int convChannels = 256;
    int semanticKernelSize = 3;  // convT, kernel_semantic and the decoder convs
    bool withDecoder = true;
    bool syncBg = false;         // official: false in 48/17 training and ZSI test, true in 65/15
    int maskSize = 28;
    double lossMaskWeight = 1.0;
    double lossEdWeight = 0.5;
  } maskHead;

  struct Test {
    double scoreThr = 0.05;
    double nmsIou = 0.5;
    int maxPerImg = 100;
    double maskThrBinary = 0.5;
    // Class scores (training area, issue 10): false = the official p·W_sᵀ·w (spec §9); true =
    // the semantic embedding z scored directly, softmax over background + the reported classes
    // (see ZeroShotScoring.h). Test time only; weights are the same.
    bool directScoring = false;
    // Calibrated stacking (Chao et al. 2016): subtracted from every seen-class score in GZSD/GZSI
    // so that unseen classes can win boxes the seen classifier is biased towards. 0 = official.
    // Chosen on a validation set after training (docs/DEMO.md); test time only.
    double seenBias = 0.0;
  } test;

  struct Quirks {
    bool official = false;  // "mode": "official" or "sound"; the defaults of the switches below
    BoxConvention boxConvention = BoxConvention::Legacy;
    MaskConvs maskConvs = MaskConvs::Chained;
    UnseenRegression unseenRegression = UnseenRegression::ScoreWeighted;
    GzsdMerge gzsdMerge = GzsdMerge::Joint;
    MaskBackground maskBackground = MaskBackground::Synced;
    BackgroundInit backgroundInit = BackgroundInit::SeenMeanOrthogonal;
  } quirks;

  struct Precision {
    bool autocastBf16 = false;  // bf16 autocast for inference where LibTorch supports it
  } precision;

  ContrastiveConfig contrastive;  // the optional contrastive head (contrastive-heads.md)

  // Derived values.
  int numClassesWithBg() const { return classes.numSeen + 1; }
  int numStages() const { return static_cast<int>(backbone.stageBlocks.size()); }
  std::vector<int> stageOutChannels() const;  // 4 × base × 2^i
  int boxOffset() const { return quirks.boxConvention == BoxConvention::Legacy ? 1 : 0; }

  // Ranges and consistency (anchor strides = FPN strides, RoI levels exist, ...).
  Status validate() const;
};

// Parse a config (JSON text). `source` names the file in errors.
Result<ModelConfig> parseModelConfig(const std::string& jsonText, const std::string& source = "");
Result<ModelConfig> loadModelConfig(const std::string& path);
// Every key, pretty-printed; parseModelConfig(modelConfigToJson(c)) == c.
std::string modelConfigToJson(const ModelConfig& config);
// Atomic save.
Status saveModelConfig(const ModelConfig& config, const std::string& path);

// The switches of §13 set to the official behaviour (what `"quirks": {"mode": "official"}`
// selects) or to the sound defaults.
ModelConfig::Quirks officialQuirks();
ModelConfig::Quirks soundQuirks();

}  // namespace zsi
