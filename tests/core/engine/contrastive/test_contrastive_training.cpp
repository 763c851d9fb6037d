// Issue 8 acceptance 1: each contrastive head trains with the detector on CPU, and its own loss
// (logged under its own name next to the detector's) falls over 200 steps on synthetic scenes.

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>

#include "core/engine/Preprocess.h"
#include "core/engine/TrainBatch.h"
#include "core/engine/ZsiModel.h"
#include "core/engine/ZsiModelImpl.h"
#include "core/engine/contrastive/ContrastiveTraining.h"
#include "tests/core/engine/EngineTestUtil.h"
#include "tests/core/engine/SyntheticScenes.h"

using namespace zsi;
using namespace zsi::test;

namespace {

constexpr int kSize = 96;


// Trains the small detector with `head` for 200 steps; checks the head's loss falls.
void trainWithHead(ContrastiveHead head, PatchMode mode, const char* lossName) {
  at::set_num_threads(2);
  torch::manual_seed(0);
  std::mt19937 rng(99);
  auto cfg = loadConfigOrDie("small_cpu.json");
  cfg.classes.numSeen = 3;
  cfg.classes.semanticDims = 32;
  cfg.input.maxLongSide = cfg.input.maxShortSide = kSize;
  cfg.rpn.sampler.num = 64;
  cfg.boxHead.sampler.num = 32;
  cfg.maskHead.enabled = false;  // the mask head dominates a CPU step and plays no part here
  // Half-width necks and heads: three 200-step trainings must fit a few CPU minutes.
  cfg.fpn.outChannels = 32;
  cfg.rpn.featChannels = 32;
  cfg.boxHead.fcChannels = 128;
  cfg.contrastive.head = head;
  cfg.contrastive.patch.mode = mode;
  cfg.contrastive.weight = 1.0;
  cfg.contrastive.embedDims = 32;
  const torch::Device device = testTorchDevice();
  auto created = ZsiModel::create(cfg, randomClasses(3, 1, 32, 5), device.str());
  ZSI_REQUIRE_OK(created);
  auto& net = created->impl()->net;

  std::vector<Scene> scenes;
  for (int i = 0; i < 8; ++i) scenes.push_back(drawScene(kSize, kSize, rng, 3));
  std::vector<TrainBatch> batches;
  for (int i = 0; i < 4; ++i) batches.push_back(makeSceneBatch(scenes, {2 * i, 2 * i + 1}, cfg, device));

  std::vector<torch::Tensor> params;
  for (auto& p : net->parameters())
    if (p.requires_grad()) params.push_back(p);
  torch::optim::SGD opt(params, torch::optim::SGDOptions(0.02).momentum(0.9).weight_decay(1e-4));
  net->train();
  const int steps = std::getenv("ZSI_CONTRASTIVE_STEPS") ? std::atoi(std::getenv("ZSI_CONTRASTIVE_STEPS")) : 200;
  std::vector<double> headLoss;
  auto t0 = std::chrono::steady_clock::now();
  for (int it = 0; it < steps; ++it) {
    const double lr = 0.02 * std::min(1.0, (it + 1) / 20.0);
    for (auto& g : opt.param_groups()) static_cast<torch::optim::SGDOptions&>(g.options()).lr(lr);
    auto out = net->forwardTrain(batches[static_cast<std::size_t>(it) % batches.size()]);
    ZSI_REQUIRE(out.losses.count(lossName) == 1);
    ZSI_REQUIRE(out.losses.count("loss_rpn_cls") == 1 && out.losses.count("loss_semantic") == 1);
    auto total = totalLoss(out.losses);
    opt.zero_grad();
    total.backward();
    torch::nn::utils::clip_grad_norm_(params, 35.0);
    opt.step();
    headLoss.push_back(out.losses[lossName].item<double>());
    if (it % 50 == 0)
      note("step " + std::to_string(it) + ": " + lossName + " " + std::to_string(headLoss.back()) + ", total " +
           std::to_string(total.item<double>()));
  }
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const int w = std::min(20, steps / 4);
  double first = 0, last = 0;
  for (int i = 0; i < w; ++i) first += headLoss[static_cast<std::size_t>(i)] / w;
  for (int i = steps - w; i < steps; ++i) last += headLoss[static_cast<std::size_t>(i)] / w;
  note(std::string(lossName) + " over " + std::to_string(steps) + " steps in " + std::to_string(secs) +
       " s: mean of the first " + std::to_string(w) + " " + std::to_string(first) + " → last " + std::to_string(w) + " " +
       std::to_string(last) + " (" + std::to_string(last / first) + "×)");
  for (double v : headLoss) ZSI_REQUIRE(std::isfinite(v));
  ZSI_CHECK(last < 0.8 * first);
}

}  // namespace

ZSI_TEST(infomax_head_loss_falls_while_training_with_the_detector) {
  trainWithHead(ContrastiveHead::InfoMax, PatchMode::Views, kInfoMaxLossName);
}

ZSI_TEST(patch_head_views_loss_falls_while_training_with_the_detector) {
  trainWithHead(ContrastiveHead::Patch, PatchMode::Views, kPatchLossName);
}

ZSI_TEST(patch_head_semantic_loss_falls_while_training_with_the_detector) {
  trainWithHead(ContrastiveHead::Patch, PatchMode::Semantic, kPatchLossName);
}
