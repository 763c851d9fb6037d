#include "core/engine/RoiAlign.h"

#include <algorithm>

namespace zsi {
namespace {

// Sample coordinates along one axis for every RoI: R × (out · s), the clamped positions and
// whether each counts (inside [-1, size]).
std::pair<torch::Tensor, torch::Tensor> axisSamples(const torch::Tensor& lo, const torch::Tensor& hi,
                                                    int out, int s, int64_t size, bool aligned,
                                                    double scale) {
  torch::Tensor start, extent;
  if (aligned) {
    start = lo * scale - 0.5;
    extent = hi * scale - 0.5 - start;
  } else {
    start = lo * scale;
    extent = ((hi + 1) * scale - start).clamp_min(0);
  }
  auto bin = extent / out;
  auto t = (torch::arange(out * s, lo.options()) + 0.5) / s;  // bin index + sample offset
  auto pos = start.unsqueeze(1) + bin.unsqueeze(1) * t.unsqueeze(0);
  auto valid = (pos >= -1.0) & (pos <= static_cast<double>(size));
  return {pos.clamp(0, static_cast<double>(size - 1)), valid};
}

torch::Tensor normalise(const torch::Tensor& pos, int64_t size) {
  if (size <= 1) return torch::zeros_like(pos);
  return pos * (2.0 / static_cast<double>(size - 1)) - 1.0;
}

}  // namespace

torch::Tensor roiAlign(const torch::Tensor& features, const torch::Tensor& rois,
                       const RoiAlignOptions& o) {
  TORCH_CHECK(features.dim() == 4, "roiAlign: features must be N×C×H×W, got ", features.sizes());
  TORCH_CHECK(rois.dim() == 2 && rois.size(1) == 5, "roiAlign: rois must be R×5, got ", rois.sizes());
  TORCH_CHECK(o.samplingRatio > 0, "roiAlign: samplingRatio must be positive");
  const int64_t r = rois.size(0), c = features.size(1), h = features.size(2), w = features.size(3);
  const int s = o.samplingRatio;
  auto out = torch::zeros({r, c, o.outHeight, o.outWidth}, features.options());
  if (r == 0) return out;
  // Coordinates in double: exact sample positions whatever the feature dtype.
  auto rd = rois.to(features.device(), torch::kDouble);
  auto batch = rd.select(1, 0).to(torch::kLong);
  auto [ys, vy] = axisSamples(rd.select(1, 2), rd.select(1, 4), o.outHeight, s, h, o.aligned, o.spatialScale);
  auto [xs, vx] = axisSamples(rd.select(1, 1), rd.select(1, 3), o.outWidth, s, w, o.aligned, o.spatialScale);
  auto gy = normalise(ys, h), gx = normalise(xs, w);
  const int64_t hs = o.outHeight * s, ws = o.outWidth * s;
  const int64_t chunk = 256;  // bounds the temporary (chunk · C · hs · ws values)
  auto batchCpu = batch.cpu();
  auto validY = vy.cpu(), validX = vx.cpu();
  const int64_t numImages = features.size(0);
  namespace F = torch::nn::functional;
  std::vector<torch::Tensor> parts, order;
  for (int64_t b = 0; b < numImages; ++b) {
    auto idxAll = (batchCpu == b).nonzero().squeeze(1);
    if (idxAll.numel() == 0) continue;
    // bf16/fp16 features are sampled in fp32, as autocast runs grid_sample anyway (and the CPU
    // has no bf16 grid_sample in LibTorch 1.13); the result returns in the features' dtype.
    auto feat = features.slice(0, b, b + 1);
    if (feat.scalar_type() != torch::kDouble) feat = feat.to(torch::kFloat);
    for (int64_t start = 0; start < idxAll.numel(); start += chunk) {
      auto idxCpu = idxAll.slice(0, start, std::min(start + chunk, idxAll.numel()));
      auto idx = idxCpu.to(features.device());
      const int64_t n = idx.numel();
      auto gyi = gy.index({idx}), gxi = gx.index({idx});
      auto grid = torch::stack({gxi.unsqueeze(1).expand({n, hs, ws}), gyi.unsqueeze(2).expand({n, hs, ws})}, 3)
                      .reshape({1, n * hs, ws, 2})
                      .to(feat.scalar_type());
      // (1, C, n·hs, ws): the RoIs stacked along the height, so pooling never mixes two RoIs.
      auto sampled = F::grid_sample(feat, grid,
                                    F::GridSampleFuncOptions().mode(torch::kBilinear)
                                        .padding_mode(torch::kZeros).align_corners(true));
      auto vyi = validY.index({idxCpu}), vxi = validX.index({idxCpu});
      if (!vyi.all().item<bool>() || !vxi.all().item<bool>()) {
        auto mask = (vyi.unsqueeze(2) & vxi.unsqueeze(1)).reshape({1, 1, n * hs, ws});
        sampled = sampled * mask.to(sampled.device(), sampled.scalar_type());
      }
      auto pooled = F::avg_pool2d(sampled, F::AvgPool2dFuncOptions(s).stride(s));  // (1, C, n·oh, ow)
      parts.push_back(pooled.view({c, n, o.outHeight, o.outWidth}).permute({1, 0, 2, 3}));
      order.push_back(idxCpu);
    }
  }
  // In the features' dtype, as torchvision's roi_align under autocast: callers (RoiExtractor)
  // gather the levels into a tensor of the features' dtype.
  auto all = torch::cat(parts).to(features.scalar_type());
  auto perm = torch::cat(order);
  // Usually the RoIs are already grouped by image in order: no scatter needed.
  if (perm.equal(torch::arange(r, perm.options()))) return all.contiguous();
  return out.index_put({perm.to(features.device())}, all);
}

}  // namespace zsi
