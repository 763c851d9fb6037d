#include "core/engine/contrastive/InfoMaxHead.h"

#include "core/engine/contrastive/ContrastiveLosses.h"

namespace zsi {

namespace nn = torch::nn;
namespace F = torch::nn::functional;

// τ of the cosine scores (SimCLR's and the patch head's default).
constexpr double kScoreTemperature = 0.1;

InfoMaxHeadImpl::InfoMaxHeadImpl(const ContrastiveConfig& cfg, int inChannels) : cfg_(cfg) {
  const int d = cfg.embedDims;
  for (int m = 0; m < cfg.infomax.modules; ++m) {
    // Pre-activation modules (as GIM's ResNet blocks) with leaky ReLUs: inside the detector's
    // SGD a plain ReLU stack died within 50 steps (every unit off, every patch vector equal, the
    // loss exactly at chance, log(N + 1) per module, and no gradient left to recover).
    nn::Sequential stage;
    for (int l = 0; l < cfg.infomax.convsPerModule; ++l) {
      if (l > 0 || m > 0) stage->push_back(nn::LeakyReLU(nn::LeakyReLUOptions().negative_slope(0.2)));
      const int in = (m == 0 && l == 0) ? inChannels : d;
      nn::Conv2d conv(nn::Conv2dOptions(in, d, 3).padding(1));
      // He init keeps the activations' scale through the stack; torch's default shrinks each
      // layer, so a deep module's scores start near zero and its loss stays at chance for long.
      nn::init::kaiming_normal_(conv->weight, 0.2, torch::kFanIn, torch::kLeakyReLU);
      nn::init::zeros_(conv->bias);
      stage->push_back(conv);
    }
    stages_.push_back(register_module("module" + std::to_string(m), stage));
    std::vector<nn::Conv2d> steps;
    for (int k = 0; k < cfg.infomax.steps; ++k)
      steps.push_back(register_module("module" + std::to_string(m) + "_w" + std::to_string(k + 1),
                                      nn::Conv2d(nn::Conv2dOptions(d, d, 1).bias(false))));
    predictors_.push_back(std::move(steps));
  }
}

std::vector<torch::Tensor> InfoMaxHeadImpl::encode(const torch::Tensor& input) {
  std::vector<torch::Tensor> grids;
  torch::Tensor x = input;
  for (std::size_t m = 0; m < stages_.size(); ++m) {
    // Gradient isolation: a later module never sends gradient into an earlier one.
    auto dense = stages_[m]->forward(m == 0 ? x : x.detach());
    grids.push_back(poolPatches(dense, cfg_.patchSize, cfg_.patchStride));
    x = dense;
  }
  return grids;
}

torch::Tensor InfoMaxHeadImpl::moduleLoss(int m, const torch::Tensor& grid, const torch::Tensor& valid) {
  const int64_t d = grid.size(1), rows = grid.size(2);
  const int skip = cfg_.patchStride < cfg_.patchSize ? 1 : 0;
  auto& steps = predictors_[static_cast<std::size_t>(m)];
  torch::Tensor total;
  int used = 0;
  for (int k = 1; k <= static_cast<int>(steps.size()); ++k) {
    const int64_t off = k + skip;
    if (off >= rows) break;
    auto predicted = steps[static_cast<std::size_t>(k - 1)]->forward(grid);  // W_k z, B × D × H' × W'
    // Cosine scores over a temperature (GIM's are raw dot products, trained with Adam at 2e-4):
    // inside the detector's SGD (lr 0.02, momentum 0.9) raw scores ran away, the loss climbing
    // from 8.5 to 142 in 200 steps; bounded logits keep every step's gradient bounded too.
    auto context = F::normalize(grid.slice(2, 0, rows - off), F::NormalizeFuncOptions().dim(1))
                       .permute({0, 2, 3, 1}).reshape({-1, d}) / kScoreTemperature;
    predicted = F::normalize(predicted, F::NormalizeFuncOptions().dim(1));
    auto positive = predicted.slice(2, off, rows).permute({0, 2, 3, 1}).reshape({-1, d});
    auto pool = predicted.permute({0, 2, 3, 1}).reshape({-1, d});
    if (valid.defined()) {
      auto keep = (valid.slice(1, 0, rows - off) & valid.slice(1, off, rows)).reshape({-1});
      auto idx = keep.nonzero().squeeze(1);
      if (idx.numel() == 0) continue;
      context = context.index_select(0, idx);
      positive = positive.index_select(0, idx);
      pool = pool.index_select(0, valid.reshape({-1}).nonzero().squeeze(1));
    }
    // Uniform with replacement over all positions and images, the positive not excluded (as GIM).
    auto pick = torch::randint(pool.size(0), {context.size(0), cfg_.infomax.negatives},
                               torch::TensorOptions().dtype(torch::kLong).device(grid.device()));
    auto negatives = pool.index_select(0, pick.reshape({-1})).view({context.size(0), cfg_.infomax.negatives, d});
    auto loss = cpcInfoNce(context, positive, negatives);
    total = total.defined() ? total + loss : loss;
    ++used;
  }
  // A grid too short for any step still returns a loss attached to the module.
  if (used == 0) return grid.sum() * 0.0;
  return total / used;
}

std::vector<torch::Tensor> InfoMaxHeadImpl::losses(const torch::Tensor& input, const torch::Tensor& valid) {
  auto grids = encode(input);
  std::vector<torch::Tensor> out;
  for (std::size_t m = 0; m < grids.size(); ++m) out.push_back(moduleLoss(static_cast<int>(m), grids[m], valid));
  return out;
}

torch::Tensor InfoMaxHeadImpl::imageInput(const torch::Tensor& images, const std::vector<ImageMeta>& metas) const {
  std::vector<torch::Tensor> parts;
  const int64_t s = cfg_.infomax.imageSize;
  for (std::size_t i = 0; i < metas.size(); ++i) {
    auto area = images[static_cast<int64_t>(i)].slice(1, 0, metas[i].height).slice(2, 0, metas[i].width);
    // The operator interpolate() calls for bilinear with a size: the options object's optional
    // scale vector trips GCC 12's -Wmaybe-uninitialized under C++20 (the LibTorch 2.x build).
    parts.push_back(at::upsample_bilinear2d(area.unsqueeze(0), {s, s}, /*align_corners=*/false));
  }
  return torch::cat(parts);
}

}  // namespace zsi
