#pragma once
// The contrastive heads inside the detector's training step and its inspection: which map a head
// reads, how the patch head's modes pick positives, and the weighted losses that join the LossMap
// (loss_infomax, loss_patch_nce). Engine-internal (torch).

#include <vector>

#include <torch/torch.h>

#include "core/engine/TrainBatch.h"
#include "core/engine/contrastive/ContrastivePatchHead.h"
#include "core/engine/contrastive/PatchGrid.h"

namespace zsi {

class ZsiDetectorImpl;

inline constexpr const char* kInfoMaxLossName = "loss_infomax";
inline constexpr const char* kPatchLossName = "loss_patch_nce";

// Adds the configured head's weighted loss to `losses`. `feats` are the FPN levels of this forward,
// `background` the RPN's synchronised background (semantic mode's background target).
void addContrastiveLoss(ZsiDetectorImpl& net, const TrainBatch& batch, const std::vector<torch::Tensor>& feats,
                        const torch::Tensor& background, LossMap& losses);

// The second view of `views` mode: each image flipped left-right (padding included, so feature
// cells map back exactly by flipping the feature map) with per-channel brightness/contrast jitter;
// the padding stays zero.
torch::Tensor augmentedView(const torch::Tensor& images, const std::vector<ImageMeta>& metas);

// Semantic mode, made inspectable for tests: the anchor patches (inside a ground-truth instance),
// their labels (the instance's class, 1..K−1) and the K × D class targets (row 0 background).
struct SemanticPatchBatch {
  torch::Tensor embeddings;  // P × D
  torch::Tensor labels;      // P int64
  torch::Tensor targets;     // K × D
};
SemanticPatchBatch semanticPatchBatch(ContrastivePatchHeadImpl& head, const torch::Tensor& grid,
                                      const PatchGridGeometry& geometry, const TrainBatch& batch,
                                      const torch::Tensor& classifier, int maxPatches);

// Inspection of one image (1 × 3 × H × W input, its meta): the head's patch embeddings over the
// image area, H' × W' × D (unit length), and the grid geometry in network-input pixels.
struct PatchInspection {
  torch::Tensor grid;
  PatchGridGeometry geometry;
};
PatchInspection inspectPatches(ZsiDetectorImpl& net, const torch::Tensor& image, const ImageMeta& meta);

}  // namespace zsi
