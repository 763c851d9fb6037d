#pragma once
// The contrastive heads of contrastive-heads.md as configuration (the "contrastive" section of a
// model config). Plain C++: the UI shows and edits it. The default is no head, so configs and
// checkpoints written before the heads existed read and load unchanged.

#include <string>

#include "core/util/Result.h"

namespace zsi {

enum class ContrastiveHead { None, InfoMax, Patch };
// What the patch head treats as positives (contrastive-heads.md, "Contrastive patch head").
enum class PatchMode { Views, Instances, Semantic };
// Where the InfoMax head reads: an FPN level of the detector's forward, or the input image resized
// to a small square (the report's 32 × 32).
enum class InfoMaxInput { Fpn, Image };

struct ContrastiveConfig {
  ContrastiveHead head = ContrastiveHead::None;
  double weight = 0.1;  // the head's loss joins the detector's with this weight; 0 builds nothing
  int level = 1;        // FPN level read by the heads: 0 = P2 (stride 4), 1 = P3 (stride 8), ...
  int patchSize = 2;    // a patch: patchSize × patchSize cells of the input map ...
  int patchStride = 1;  // ... every patchStride cells (overlap when stride < size)
  int embedDims = 128;  // D of a patch embedding

  struct InfoMax {
    InfoMaxInput input = InfoMaxInput::Fpn;
    int imageSize = 32;   // side of the resized image when input is "image"
    int modules = 3;      // M, gradient-isolated from each other
    int convsPerModule = 2;
    int steps = 3;        // K prediction steps (rows ahead)
    int negatives = 16;   // N in-batch negatives per positive
  } infomax;

  struct Patch {
    PatchMode mode = PatchMode::Views;
    double temperature = 0.1;
    double debiasEta = 0.0;     // η⁺ of the debiased loss (eq. 24); 0 = plain InfoNCE (views mode)
    double hardBeta = 0.0;      // β of hard-negative weighting (eq. 25-26); 0 = off (views mode)
    int maxPatches = 1024;      // anchors drawn per step (the loss is quadratic in their number)
  } patch;

  // A head is built (and costs anything) only when chosen with a positive weight.
  bool enabled() const { return head != ContrastiveHead::None && weight > 0.0; }
  // Ranges; `numFpnLevels` bounds `level`. Errors name the field under "contrastive.".
  Status validate(int numFpnLevels) const;
};

const char* contrastiveHeadName(ContrastiveHead head);  // "none", "infomax", "patch"
const char* patchModeName(PatchMode mode);              // "views", "instances", "semantic"
const char* infoMaxInputName(InfoMaxInput input);       // "fpn", "image"

}  // namespace zsi
