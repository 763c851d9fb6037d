#include "core/engine/contrastive/ContrastiveTraining.h"

#include <algorithm>
#include <cmath>

#include "core/engine/ZsiDetector.h"
#include "core/engine/contrastive/ContrastiveLosses.h"
#include "core/engine/contrastive/PatchAssignment.h"

namespace zsi {
namespace {

namespace F = torch::nn::functional;

double cellSize(int level) { return static_cast<double>(4 << level); }

PatchGridGeometry levelGeometry(const ContrastiveConfig& k, const torch::Tensor& level) {
  return patchGridGeometry(level.size(2), level.size(3), k.patchSize, k.patchStride, cellSize(k.level),
                           cellSize(k.level));
}

// B × D × H' × W' → (B·H'·W') × D, rows in (image, row, column) order.
torch::Tensor flatGrid(const torch::Tensor& grid) {
  return grid.permute({0, 2, 3, 1}).reshape({-1, grid.size(1)});
}

// At most `cap` entries of `idx`, drawn at random.
torch::Tensor sampleUpTo(const torch::Tensor& idx, int64_t cap) {
  if (idx.size(0) <= cap) return idx;
  return idx.index_select(0, torch::randperm(idx.size(0), idx.options()).slice(0, 0, cap));
}

torch::Tensor zeroLoss(const torch::Tensor& attachedTo) { return attachedTo.sum() * 0.0; }

torch::Tensor viewsLoss(ZsiDetectorImpl& net, const ContrastiveConfig& k, const TrainBatch& batch,
                        const torch::Tensor& level) {
  auto& head = *net.patchHead;
  auto other = net.extractFeatures(augmentedView(batch.images, batch.metas))[static_cast<std::size_t>(k.level)];
  auto za = head.embed(level);
  auto zb = head.embed(other.flip(3));  // back into the first view's cell order
  auto g = levelGeometry(k, level);
  auto valid = validPatches(g, batch.metas, level.device()).reshape({-1}).nonzero().squeeze(1);
  auto idx = sampleUpTo(valid, k.patch.maxPatches);
  if (idx.size(0) < 2) return zeroLoss(za);
  auto a = flatGrid(za).index_select(0, idx), b = flatGrid(zb).index_select(0, idx);
  PairedNceOptions o{k.patch.temperature, k.patch.debiasEta, k.patch.hardBeta};
  return 0.5 * (pairedInfoNce(a, b, o) + pairedInfoNce(b, a, o));
}

// Per patch of the batch (flat order): the instance it belongs to, as (image, instance) → a
// batch-unique id, or −1.
torch::Tensor batchInstances(const PatchGridGeometry& g, const TrainBatch& batch) {
  std::vector<torch::Tensor> parts;
  int64_t offset = 0;
  for (std::size_t i = 0; i < batch.metas.size(); ++i) {
    auto masks = i < batch.gtMasks.size() ? batch.gtMasks[i] : torch::Tensor();
    auto inst = assignPatchesToInstances(g, batch.gtBoxes[i], masks);
    auto valid = validPatches(g, {batch.metas[i]}, torch::kCPU).reshape({-1});
    inst = torch::where(valid & (inst >= 0), inst + offset, torch::full_like(inst, -1));
    parts.push_back(inst);
    offset += batch.gtBoxes[i].size(0);
  }
  return torch::cat(parts);
}

torch::Tensor instancesLoss(ContrastivePatchHeadImpl& head, const ContrastiveConfig& k, const TrainBatch& batch,
                            const torch::Tensor& level) {
  auto z = head.embed(level);
  auto g = levelGeometry(k, level);
  auto inst = batchInstances(g, batch);
  auto valid = validPatches(g, batch.metas, torch::kCPU).reshape({-1});
  // Every instance patch first (they carry the positives), then background patches as negatives.
  auto inside = sampleUpTo((inst >= 0).nonzero().squeeze(1), k.patch.maxPatches);
  auto outside = sampleUpTo((valid & (inst < 0)).nonzero().squeeze(1), k.patch.maxPatches - inside.size(0));
  auto idx = torch::cat({inside, outside});
  if (inside.size(0) < 2) return zeroLoss(z);
  auto flat = flatGrid(z).index_select(0, idx.to(z.device()));
  return supervisedContrastive(flat, inst.index_select(0, idx), k.patch.temperature);
}

}  // namespace

torch::Tensor augmentedView(const torch::Tensor& images, const std::vector<ImageMeta>& metas) {
  const int64_t b = images.size(0);
  auto opts = images.options();
  auto area = torch::zeros({b, 1, images.size(2), images.size(3)}, opts);
  for (int64_t i = 0; i < b; ++i)
    area[i].slice(1, 0, metas[static_cast<std::size_t>(i)].height).slice(2, 0, metas[static_cast<std::size_t>(i)].width).fill_(1.0);
  // The images are normalised (about unit variance): ±20 % contrast, ±0.2 brightness per channel.
  auto contrast = 0.8 + 0.4 * torch::rand({b, 3, 1, 1}, opts);
  auto brightness = 0.4 * torch::rand({b, 3, 1, 1}, opts) - 0.2;
  return ((images * contrast + brightness) * area).flip(3);
}

SemanticPatchBatch semanticPatchBatch(ContrastivePatchHeadImpl& head, const torch::Tensor& grid,
                                      const PatchGridGeometry& geometry, const TrainBatch& batch,
                                      const torch::Tensor& classifier, int maxPatches) {
  auto inst = batchInstances(geometry, batch);
  std::vector<torch::Tensor> labelParts;
  for (const auto& l : batch.gtLabels) labelParts.push_back(l.to(torch::kCPU, torch::kLong));
  auto allLabels = torch::cat(labelParts);
  auto idx = sampleUpTo((inst >= 0).nonzero().squeeze(1), maxPatches);
  SemanticPatchBatch out;
  out.embeddings = flatGrid(grid).index_select(0, idx.to(grid.device()));
  out.labels = allLabels.index_select(0, inst.index_select(0, idx)).to(grid.device());
  out.targets = head.classTargets(classifier.to(grid.device()));
  return out;
}

void addContrastiveLoss(ZsiDetectorImpl& net, const TrainBatch& batch, const std::vector<torch::Tensor>& feats,
                        const torch::Tensor& background, LossMap& losses) {
  const auto& k = net.config().contrastive;
  if (!k.enabled()) return;
  const auto& level = feats.at(static_cast<std::size_t>(k.level));
  if (k.head == ContrastiveHead::InfoMax) {
    auto& head = *net.infomaxHead;
    const bool fromImage = k.infomax.input == InfoMaxInput::Image;
    auto input = fromImage ? head.imageInput(batch.images, batch.metas) : level;
    torch::Tensor valid;
    if (!fromImage) valid = validPatches(levelGeometry(k, level), batch.metas, level.device());
    torch::Tensor sum;
    for (auto& l : head.losses(input, valid)) sum = sum.defined() ? sum + l : l;
    losses[kInfoMaxLossName] = k.weight * sum;
    return;
  }
  auto& head = *net.patchHead;
  torch::Tensor loss;
  switch (k.patch.mode) {
    case PatchMode::Views: loss = viewsLoss(net, k, batch, level); break;
    case PatchMode::Instances: loss = instancesLoss(head, k, batch, level); break;
    case PatchMode::Semantic: {
      auto grid = head.embed(level);
      auto sem = semanticPatchBatch(head, grid, levelGeometry(k, level), batch,
                                    net.classifier(background.detach()), k.patch.maxPatches);
      loss = sem.labels.numel() == 0 ? zeroLoss(grid) + zeroLoss(sem.targets)
                                     : classVectorNce(sem.embeddings, sem.targets, sem.labels, k.patch.temperature);
      break;
    }
  }
  losses[kPatchLossName] = k.weight * loss;
}

PatchInspection inspectPatches(ZsiDetectorImpl& net, const torch::Tensor& image, const ImageMeta& meta) {
  const auto& k = net.config().contrastive;
  TORCH_CHECK(k.enabled(), "the model has no contrastive head (config contrastive.head is \"",
              contrastiveHeadName(k.head), "\", weight ", k.weight, ")");
  PatchInspection out;
  torch::Tensor grid;
  if (k.head == ContrastiveHead::InfoMax && k.infomax.input == InfoMaxInput::Image) {
    auto input = net.infomaxHead->imageInput(image, {meta});
    const double s = k.infomax.imageSize;
    out.geometry = patchGridGeometry(input.size(2), input.size(3), k.patchSize, k.patchStride,
                                     meta.width / s, meta.height / s);
    grid = net.infomaxHead->encode(input).back();
  } else {
    auto level = net.extractFeatures(image)[static_cast<std::size_t>(k.level)];
    // Only the cells over the image itself, not its padding.
    const double cell = cellSize(k.level);
    const auto h = std::min<int64_t>(level.size(2), static_cast<int64_t>(std::ceil(meta.height / cell)));
    const auto w = std::min<int64_t>(level.size(3), static_cast<int64_t>(std::ceil(meta.width / cell)));
    level = level.slice(2, 0, std::max<int64_t>(h, k.patchSize)).slice(3, 0, std::max<int64_t>(w, k.patchSize));
    out.geometry = patchGridGeometry(level.size(2), level.size(3), k.patchSize, k.patchStride, cell, cell);
    grid = k.head == ContrastiveHead::InfoMax ? net.infomaxHead->encode(level).back() : net.patchHead->embed(level);
  }
  grid = F::normalize(grid, F::NormalizeFuncOptions().dim(1));
  out.grid = grid[0].permute({1, 2, 0}).contiguous();
  return out;
}

}  // namespace zsi
