// ZsiModel::patchEmbeddings: the facade's window on the contrastive heads (declared in ZsiModel.h,
// kept here with the heads it serves).

#include "core/engine/Preprocess.h"
#include "core/engine/TorchSupport.h"
#include "core/engine/ZsiModel.h"
#include "core/engine/ZsiModelImpl.h"
#include "core/engine/contrastive/ContrastiveTraining.h"

namespace zsi {

Result<PatchEmbeddings> ZsiModel::patchEmbeddings(const Image& image, const Progress* progress) const {
  const auto& k = impl_->config.contrastive;
  if (!k.enabled())
    return Error(std::string("this model has no contrastive head (config contrastive.head is \"") +
                 contrastiveHeadName(k.head) + "\" with weight " + std::to_string(k.weight) + ")");
  if (progress && progress->cancelled()) return Error(kCancelledMessage);
  if (progress) progress->report(0.0, "patch embeddings");
  return guardTorch("cannot compute patch embeddings", [&]() -> Result<PatchEmbeddings> {
    torch::NoGradGuard noGrad;
    auto prepared = prepareImage(image, impl_->config.input, impl_->device);
    if (!prepared.ok()) return prepared.error();
    const auto& meta = prepared->meta;
    auto inspected = inspectPatches(*impl_->net, prepared->tensor.unsqueeze(0), meta);
    auto grid = inspected.grid.to(torch::kCPU, torch::kFloat).contiguous();
    const auto& g = inspected.geometry;
    PatchEmbeddings out;
    out.rows = static_cast<int>(grid.size(0));
    out.cols = static_cast<int>(grid.size(1));
    out.dim = static_cast<int>(grid.size(2));
    out.values.assign(grid.data_ptr<float>(), grid.data_ptr<float>() + grid.numel());
    out.head = contrastiveHeadName(k.head);
    // Network-input pixels → original pixels.
    const double sx = meta.width > 0 ? static_cast<double>(meta.originalWidth) / meta.width : 1.0;
    const double sy = meta.height > 0 ? static_cast<double>(meta.originalHeight) / meta.height : 1.0;
    out.stepX = g.stride * g.cellX * sx;
    out.stepY = g.stride * g.cellY * sy;
    out.sizeX = g.size * g.cellX * sx;
    out.sizeY = g.size * g.cellY * sy;
    out.imageWidth = image.width;
    out.imageHeight = image.height;
    if (progress) progress->report(1.0, "patch embeddings");
    return out;
  });
}

}  // namespace zsi
