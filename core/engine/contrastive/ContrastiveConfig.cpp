#include "core/engine/contrastive/ContrastiveConfig.h"

namespace zsi {
namespace {

Error bad(const std::string& field, const std::string& message) {
  return Error(message).forField("contrastive." + field);
}

}  // namespace

const char* contrastiveHeadName(ContrastiveHead h) {
  switch (h) {
    case ContrastiveHead::None: return "none";
    case ContrastiveHead::InfoMax: return "infomax";
    case ContrastiveHead::Patch: return "patch";
  }
  return "?";
}

const char* patchModeName(PatchMode m) {
  switch (m) {
    case PatchMode::Views: return "views";
    case PatchMode::Instances: return "instances";
    case PatchMode::Semantic: return "semantic";
  }
  return "?";
}

const char* infoMaxInputName(InfoMaxInput i) { return i == InfoMaxInput::Fpn ? "fpn" : "image"; }

Status ContrastiveConfig::validate(int numFpnLevels) const {
  if (!(weight >= 0.0)) return bad("weight", "must not be negative (0 disables the head)");
  // Only what the configured head reads: a config without a head (the default) must stay valid
  // whatever its FPN, e.g. the one-level test models.
  if (head == ContrastiveHead::None) return okStatus();
  const bool readsFpn = head == ContrastiveHead::Patch || infomax.input == InfoMaxInput::Fpn;
  if (readsFpn && (level < 0 || level >= numFpnLevels))
    return bad("level", "expected an FPN level from 0 (P2) to " + std::to_string(numFpnLevels - 1));
  if (patchSize < 1) return bad("patch_size", "must be at least one cell");
  if (patchStride < 1 || patchStride > patchSize)
    return bad("patch_stride", "expected 1 to patch_size (patches may overlap, not leave gaps)");
  if (embedDims < 2) return bad("embed_dims", "must be at least 2");
  if (head == ContrastiveHead::InfoMax) {
    if (infomax.input == InfoMaxInput::Image && infomax.imageSize < 4 * patchSize)
      return bad("infomax.image_size", "must hold at least 4 patches per side (4 × patch_size pixels)");
    if (infomax.modules < 1) return bad("infomax.modules", "need at least one module");
    if (infomax.convsPerModule < 1) return bad("infomax.convs_per_module", "need at least one conv");
    if (infomax.steps < 1) return bad("infomax.steps", "need at least one prediction step");
    if (infomax.negatives < 1) return bad("infomax.negatives", "need at least one negative");
    return okStatus();
  }
  if (!(patch.temperature > 0.0)) return bad("patch.temperature", "must be positive");
  if (!(patch.debiasEta >= 0.0 && patch.debiasEta < 1.0)) return bad("patch.debias_eta", "expected a value in [0, 1)");
  if (!(patch.hardBeta >= 0.0)) return bad("patch.hard_beta", "must not be negative");
  if (patch.maxPatches < 2) return bad("patch.max_patches", "need at least 2 anchors");
  return okStatus();
}

}  // namespace zsi
