// JSON reading and writing of ModelConfig. Every object is read through a Reader (the strict
// JsonFields of core/util) that remembers which keys it consumed, so that any key left over is
// reported with its full path.

#include <nlohmann/json.hpp>


#include "core/engine/ModelConfig.h"
#include "core/util/AtomicFile.h"
#include "core/util/JsonFields.h"

namespace zsi {
namespace {

using json = nlohmann::ordered_json;

constexpr const char* kFormatName = "zsi-model-config";

using Reader = JsonFields;

const std::vector<std::pair<const char*, BoxConvention>> kBoxConventions{
    {"legacy", BoxConvention::Legacy}, {"continuous", BoxConvention::Continuous}};
const std::vector<std::pair<const char*, MaskConvs>> kMaskConvs{
    {"chained", MaskConvs::Chained}, {"last_only", MaskConvs::LastOnly}};
const std::vector<std::pair<const char*, UnseenRegression>> kUnseenRegression{
    {"score_weighted", UnseenRegression::ScoreWeighted}, {"same_index", UnseenRegression::SameIndex}};
const std::vector<std::pair<const char*, GzsdMerge>> kGzsdMerge{
    {"joint", GzsdMerge::Joint}, {"separate", GzsdMerge::Separate}};
const std::vector<std::pair<const char*, MaskBackground>> kMaskBackground{
    {"synced", MaskBackground::Synced}, {"official", MaskBackground::Official}};
const std::vector<std::pair<const char*, BackgroundInit>> kBackgroundInit{
    {"seen_mean_orthogonal", BackgroundInit::SeenMeanOrthogonal}, {"given", BackgroundInit::Given},
    {"mean_of_seen", BackgroundInit::MeanOfSeen}};

const std::vector<std::pair<const char*, ContrastiveHead>> kContrastiveHeads{
    {"none", ContrastiveHead::None}, {"infomax", ContrastiveHead::InfoMax}, {"patch", ContrastiveHead::Patch}};
const std::vector<std::pair<const char*, PatchMode>> kPatchModes{
    {"views", PatchMode::Views}, {"instances", PatchMode::Instances}, {"semantic", PatchMode::Semantic}};
const std::vector<std::pair<const char*, InfoMaxInput>> kInfoMaxInputs{
    {"fpn", InfoMaxInput::Fpn}, {"image", InfoMaxInput::Image}};

template <class E>
const char* enumName(E e, const std::vector<std::pair<const char*, E>>& names) {
  for (const auto& [n, v] : names)
    if (v == e) return n;
  return "?";
}

void readAssigner(Reader& r, AssignerConfig& a) {
  r.read("pos_iou_thr", a.posIouThr);
  r.read("neg_iou_thr", a.negIouThr);
  r.read("min_pos_iou", a.minPosIou);
  r.read("ignore_iof_thr", a.ignoreIofThr);
  r.read("gt_max_assign_all", a.gtMaxAssignAll);
}
void readSampler(Reader& r, SamplerConfig& s) {
  r.read("num", s.num);
  r.read("pos_fraction", s.posFraction);
  r.read("neg_pos_ub", s.negPosUb);
  r.read("add_gt_as_proposals", s.addGtAsProposals);
}
void readProposals(Reader& r, ProposalConfig& p) {
  r.read("nms_pre", p.nmsPre);
  r.read("nms_post", p.nmsPost);
  r.read("max_num", p.maxNum);
  r.read("nms_thr", p.nmsThr);
  r.read("min_bbox_size", p.minBboxSize);
}

json assignerJson(const AssignerConfig& a) {
  return {{"pos_iou_thr", a.posIouThr}, {"neg_iou_thr", a.negIouThr}, {"min_pos_iou", a.minPosIou},
          {"ignore_iof_thr", a.ignoreIofThr}, {"gt_max_assign_all", a.gtMaxAssignAll}};
}
json samplerJson(const SamplerConfig& s) {
  return {{"num", s.num}, {"pos_fraction", s.posFraction}, {"neg_pos_ub", s.negPosUb},
          {"add_gt_as_proposals", s.addGtAsProposals}};
}
json proposalsJson(const ProposalConfig& p) {
  return {{"nms_pre", p.nmsPre}, {"nms_post", p.nmsPost}, {"max_num", p.maxNum},
          {"nms_thr", p.nmsThr}, {"min_bbox_size", p.minBboxSize}};
}

std::vector<int> depthBlocks(int depth) {
  switch (depth) {
    case 50: return {3, 4, 6, 3};
    case 101: return {3, 4, 23, 3};
    case 152: return {3, 8, 36, 3};
    default: return {};
  }
}

}  // namespace

ModelConfig::Quirks officialQuirks() {
  ModelConfig::Quirks q;
  q.official = true;
  q.boxConvention = BoxConvention::Legacy;
  q.maskConvs = MaskConvs::LastOnly;
  q.unseenRegression = UnseenRegression::SameIndex;
  q.gzsdMerge = GzsdMerge::Separate;
  q.maskBackground = MaskBackground::Official;
  q.backgroundInit = BackgroundInit::Given;
  return q;
}

ModelConfig::Quirks soundQuirks() { return ModelConfig::Quirks{}; }

Result<ModelConfig> parseModelConfig(const std::string& jsonText, const std::string& source) {
  auto parsed = parseJsonText(jsonText, source);
  if (!parsed.ok()) return parsed.error();
  const json doc = std::move(parsed.value());
  if (!doc.is_object()) return Error("a model config must be a JSON object").inFile(source);

  ModelConfig c;
  Error err;
  Reader r(doc, "", source, &err);
  std::string format;
  r.read("format", format);
  if (!r.failed() && format != kFormatName)
    r.fail("format", "expected \"" + std::string(kFormatName) + "\"");
  int version = 0;
  r.read("version", version);
  if (!r.failed() && version != ModelConfig::kFormatVersion)
    r.fail("version", "unsupported config version " + std::to_string(version) + " (this build reads " +
                          std::to_string(ModelConfig::kFormatVersion) + ")");
  r.read("name", c.name);
  r.read("description", c.description);
  r.object("input", [&](Reader& o) {
    std::vector<int> size;
    o.readList("max_size", size);
    if (!size.empty()) {
      if (size.size() != 2) return o.fail("max_size", "expected [long side, short side]");
      c.input.maxLongSide = size[0];
      c.input.maxShortSide = size[1];
    }
    o.read("pad_divisor", c.input.padDivisor);
    o.readArray("mean", c.input.mean);
    o.readArray("std", c.input.std);
  });
  r.object("classes", [&](Reader& o) {
    o.read("num_seen", c.classes.numSeen);
    o.read("semantic_dims", c.classes.semanticDims);
    o.read("vocabulary_size", c.classes.vocabularySize);
  });
  r.object("backbone", [&](Reader& o) {
    bool blocksGiven = o.get("stage_blocks") != nullptr;
    o.read("depth", c.backbone.depth);
    o.readList("stage_blocks", c.backbone.stageBlocks);
    if (!blocksGiven && !o.failed()) {
      auto blocks = depthBlocks(c.backbone.depth);
      if (blocks.empty()) return o.fail("depth", "expected 50, 101 or 152 (or give stage_blocks)");
      c.backbone.stageBlocks = blocks;
    }
    o.read("stem_channels", c.backbone.stemChannels);
    o.read("base_channels", c.backbone.baseChannels);
    o.read("frozen_stages", c.backbone.frozenStages);
    o.read("norm_eval", c.backbone.normEval);
  });
  r.object("fpn", [&](Reader& o) {
    o.read("out_channels", c.fpn.outChannels);
    o.read("num_outs", c.fpn.numOuts);
  });
  r.object("rpn", [&](Reader& o) {
    o.read("feat_channels", c.rpn.featChannels);
    o.readList("anchor_scales", c.rpn.anchorScales);
    o.readList("anchor_ratios", c.rpn.anchorRatios);
    o.readList("anchor_strides", c.rpn.anchorStrides);
    o.readArray("target_means", c.rpn.targetMeans);
    o.readArray("target_stds", c.rpn.targetStds);
    o.read("loss_cls_weight", c.rpn.lossClsWeight);
    o.read("loss_bbox_weight", c.rpn.lossBboxWeight);
    o.read("smooth_l1_beta", c.rpn.smoothL1Beta);
    o.object("train", [&](Reader& t) {
      t.object("assigner", [&](Reader& a) { readAssigner(a, c.rpn.assigner); });
      t.object("sampler", [&](Reader& s) { readSampler(s, c.rpn.sampler); });
      t.read("allowed_border", c.rpn.allowedBorder);
      t.object("proposals", [&](Reader& p) { readProposals(p, c.rpn.trainProposals); });
    });
    o.object("test", [&](Reader& t) {
      t.object("proposals", [&](Reader& p) { readProposals(p, c.rpn.testProposals); });
    });
  });
  r.object("roi", [&](Reader& o) {
    o.read("box_output_size", c.roi.boxOutputSize);
    o.read("mask_output_size", c.roi.maskOutputSize);
    o.read("sampling_ratio", c.roi.samplingRatio);
    o.readList("featmap_strides", c.roi.featmapStrides);
    o.read("finest_scale", c.roi.finestScale);
  });
  r.object("box_head", [&](Reader& o) {
    o.read("num_fcs", c.boxHead.numFcs);
    o.read("fc_channels", c.boxHead.fcChannels);
    o.read("with_decoder", c.boxHead.withDecoder);
    o.read("sync_bg", c.boxHead.syncBg);
    o.readArray("target_means", c.boxHead.targetMeans);
    o.readArray("target_stds", c.boxHead.targetStds);
    o.read("loss_semantic_weight", c.boxHead.lossSemanticWeight);
    o.read("loss_bbox_weight", c.boxHead.lossBboxWeight);
    o.read("loss_ed_weight", c.boxHead.lossEdWeight);
    o.read("smooth_l1_beta", c.boxHead.smoothL1Beta);
    o.object("train", [&](Reader& t) {
      t.object("assigner", [&](Reader& a) { readAssigner(a, c.boxHead.assigner); });
      t.object("sampler", [&](Reader& s) { readSampler(s, c.boxHead.sampler); });
    });
  });
  r.object("mask_head", [&](Reader& o) {
    o.read("enabled", c.maskHead.enabled);
    o.read("num_convs", c.maskHead.numConvs);
    o.read("conv_channels", c.maskHead.convChannels);
    o.read("semantic_kernel_size", c.maskHead.semanticKernelSize);
    o.read("with_decoder", c.maskHead.withDecoder);
    o.read("sync_bg", c.maskHead.syncBg);
    o.read("mask_size", c.maskHead.maskSize);
    o.read("loss_mask_weight", c.maskHead.lossMaskWeight);
    o.read("loss_ed_weight", c.maskHead.lossEdWeight);
  });
  r.object("test", [&](Reader& o) {
    o.read("score_thr", c.test.scoreThr);
    o.read("nms_iou", c.test.nmsIou);
    o.read("max_per_img", c.test.maxPerImg);
    o.read("mask_thr_binary", c.test.maskThrBinary);
    o.read("direct_scoring", c.test.directScoring);
    o.read("seen_bias", c.test.seenBias);
  });
  r.object("quirks", [&](Reader& o) {
    // The mode sets every switch; switches given next to it override.
    std::string mode = "sound";
    o.read("mode", mode);
    if (mode == "official") c.quirks = officialQuirks();
    else if (mode == "sound") c.quirks = soundQuirks();
    else return o.fail("mode", "expected \"sound\" or \"official\"");
    o.readEnum("box_convention", c.quirks.boxConvention, kBoxConventions);
    o.readEnum("mask_convs", c.quirks.maskConvs, kMaskConvs);
    o.readEnum("unseen_regression", c.quirks.unseenRegression, kUnseenRegression);
    o.readEnum("gzsd_merge", c.quirks.gzsdMerge, kGzsdMerge);
    o.readEnum("mask_background", c.quirks.maskBackground, kMaskBackground);
    o.readEnum("background_init", c.quirks.backgroundInit, kBackgroundInit);
  });
  r.object("precision", [&](Reader& o) { o.read("autocast_bf16", c.precision.autocastBf16); });
  r.object("contrastive", [&](Reader& o) {
    auto& k = c.contrastive;
    o.readEnum("head", k.head, kContrastiveHeads);
    o.read("weight", k.weight);
    o.read("level", k.level);
    o.read("patch_size", k.patchSize);
    o.read("patch_stride", k.patchStride);
    o.read("embed_dims", k.embedDims);
    o.object("infomax", [&](Reader& i) {
      i.readEnum("input", k.infomax.input, kInfoMaxInputs);
      i.read("image_size", k.infomax.imageSize);
      i.read("modules", k.infomax.modules);
      i.read("convs_per_module", k.infomax.convsPerModule);
      i.read("steps", k.infomax.steps);
      i.read("negatives", k.infomax.negatives);
    });
    o.object("patch", [&](Reader& p) {
      p.readEnum("mode", k.patch.mode, kPatchModes);
      p.read("temperature", k.patch.temperature);
      p.read("debias_eta", k.patch.debiasEta);
      p.read("hard_beta", k.patch.hardBeta);
      p.read("max_patches", k.patch.maxPatches);
    });
  });
  r.finish();
  if (r.failed()) return err;
  if (format.empty())
    return Error("missing \"format\": \"" + std::string(kFormatName) + "\"").inFile(source);
  if (version == 0) return Error("missing \"version\"").inFile(source);
  auto valid = c.validate();
  if (!valid.ok()) {
    Error e = valid.error();
    if (e.file.empty()) e.file = source;
    return e;
  }
  return c;
}

Result<ModelConfig> loadModelConfig(const std::string& path) {
  auto text = readFile(path);
  if (!text.ok()) return text.error();
  return parseModelConfig(text.value(), path);
}

std::string modelConfigToJson(const ModelConfig& c) {
  json j;
  j["format"] = kFormatName;
  j["version"] = ModelConfig::kFormatVersion;
  j["name"] = c.name;
  j["description"] = c.description;
  j["input"] = {{"max_size", {c.input.maxLongSide, c.input.maxShortSide}},
                {"pad_divisor", c.input.padDivisor},
                {"mean", c.input.mean},
                {"std", c.input.std}};
  j["classes"] = {{"num_seen", c.classes.numSeen},
                  {"semantic_dims", c.classes.semanticDims},
                  {"vocabulary_size", c.classes.vocabularySize}};
  j["backbone"] = {{"depth", c.backbone.depth},
                   {"stage_blocks", c.backbone.stageBlocks},
                   {"stem_channels", c.backbone.stemChannels},
                   {"base_channels", c.backbone.baseChannels},
                   {"frozen_stages", c.backbone.frozenStages},
                   {"norm_eval", c.backbone.normEval}};
  j["fpn"] = {{"out_channels", c.fpn.outChannels}, {"num_outs", c.fpn.numOuts}};
  j["rpn"] = {{"feat_channels", c.rpn.featChannels},
              {"anchor_scales", c.rpn.anchorScales},
              {"anchor_ratios", c.rpn.anchorRatios},
              {"anchor_strides", c.rpn.anchorStrides},
              {"target_means", c.rpn.targetMeans},
              {"target_stds", c.rpn.targetStds},
              {"loss_cls_weight", c.rpn.lossClsWeight},
              {"loss_bbox_weight", c.rpn.lossBboxWeight},
              {"smooth_l1_beta", c.rpn.smoothL1Beta},
              {"train",
               {{"assigner", assignerJson(c.rpn.assigner)},
                {"sampler", samplerJson(c.rpn.sampler)},
                {"allowed_border", c.rpn.allowedBorder},
                {"proposals", proposalsJson(c.rpn.trainProposals)}}},
              {"test", {{"proposals", proposalsJson(c.rpn.testProposals)}}}};
  j["roi"] = {{"box_output_size", c.roi.boxOutputSize},
              {"mask_output_size", c.roi.maskOutputSize},
              {"sampling_ratio", c.roi.samplingRatio},
              {"featmap_strides", c.roi.featmapStrides},
              {"finest_scale", c.roi.finestScale}};
  j["box_head"] = {{"num_fcs", c.boxHead.numFcs},
                   {"fc_channels", c.boxHead.fcChannels},
                   {"with_decoder", c.boxHead.withDecoder},
                   {"sync_bg", c.boxHead.syncBg},
                   {"target_means", c.boxHead.targetMeans},
                   {"target_stds", c.boxHead.targetStds},
                   {"loss_semantic_weight", c.boxHead.lossSemanticWeight},
                   {"loss_bbox_weight", c.boxHead.lossBboxWeight},
                   {"loss_ed_weight", c.boxHead.lossEdWeight},
                   {"smooth_l1_beta", c.boxHead.smoothL1Beta},
                   {"train",
                    {{"assigner", assignerJson(c.boxHead.assigner)},
                     {"sampler", samplerJson(c.boxHead.sampler)}}}};
  j["mask_head"] = {{"enabled", c.maskHead.enabled},
                    {"num_convs", c.maskHead.numConvs},
                    {"conv_channels", c.maskHead.convChannels},
                    {"semantic_kernel_size", c.maskHead.semanticKernelSize},
                    {"with_decoder", c.maskHead.withDecoder},
                    {"sync_bg", c.maskHead.syncBg},
                    {"mask_size", c.maskHead.maskSize},
                    {"loss_mask_weight", c.maskHead.lossMaskWeight},
                    {"loss_ed_weight", c.maskHead.lossEdWeight}};
  j["test"] = {{"score_thr", c.test.scoreThr},
               {"nms_iou", c.test.nmsIou},
               {"max_per_img", c.test.maxPerImg},
               {"mask_thr_binary", c.test.maskThrBinary},
               {"direct_scoring", c.test.directScoring},
               {"seen_bias", c.test.seenBias}};
  j["quirks"] = {{"mode", c.quirks.official ? "official" : "sound"},
                 {"box_convention", enumName(c.quirks.boxConvention, kBoxConventions)},
                 {"mask_convs", enumName(c.quirks.maskConvs, kMaskConvs)},
                 {"unseen_regression", enumName(c.quirks.unseenRegression, kUnseenRegression)},
                 {"gzsd_merge", enumName(c.quirks.gzsdMerge, kGzsdMerge)},
                 {"mask_background", enumName(c.quirks.maskBackground, kMaskBackground)},
                 {"background_init", enumName(c.quirks.backgroundInit, kBackgroundInit)}};
  j["precision"] = {{"autocast_bf16", c.precision.autocastBf16}};
  const auto& k = c.contrastive;
  j["contrastive"] = {{"head", enumName(k.head, kContrastiveHeads)},
                      {"weight", k.weight},
                      {"level", k.level},
                      {"patch_size", k.patchSize},
                      {"patch_stride", k.patchStride},
                      {"embed_dims", k.embedDims},
                      {"infomax",
                       {{"input", enumName(k.infomax.input, kInfoMaxInputs)},
                        {"image_size", k.infomax.imageSize},
                        {"modules", k.infomax.modules},
                        {"convs_per_module", k.infomax.convsPerModule},
                        {"steps", k.infomax.steps},
                        {"negatives", k.infomax.negatives}}},
                      {"patch",
                       {{"mode", enumName(k.patch.mode, kPatchModes)},
                        {"temperature", k.patch.temperature},
                        {"debias_eta", k.patch.debiasEta},
                        {"hard_beta", k.patch.hardBeta},
                        {"max_patches", k.patch.maxPatches}}}};
  return j.dump(2) + "\n";
}

Status saveModelConfig(const ModelConfig& config, const std::string& path) {
  return writeFileAtomic(path, modelConfigToJson(config));
}

}  // namespace zsi
