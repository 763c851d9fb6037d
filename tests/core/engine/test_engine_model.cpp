// The network: shapes through every stage of a small config, gradients of a tiny head against
// finite differences, the official parameter count, the mask head and its unseen projection.

#include <cmath>

#include "core/engine/RoiAlign.h"
#include "core/engine/SemanticBoxHead.h"
#include "core/engine/SemanticMaskHead.h"
#include "core/engine/ZsiDetector.h"
#include "core/engine/ZsiModel.h"
#include "core/engine/TorchSupport.h"
#include "core/engine/TrainBatch.h"
#include "core/engine/ZsiModelImpl.h"
#include "tests/core/engine/EngineTestUtil.h"

using namespace zsi;
using zsi::test::maxAbsDiff;

namespace {

std::vector<int64_t> shape(const torch::Tensor& t) { return t.sizes().vec(); }

ModelConfig smallConfig(int numSeen) {
  auto c = zsi::test::loadConfigOrDie("small_cpu.json");
  c.classes.numSeen = numSeen;
  return c;
}

// One random 64 × 64 image with one box of `label` and its rectangular mask.
TrainBatch oneBoxBatch(const torch::Device& dev, int64_t label) {
  TrainBatch b;
  b.images = torch::randn({1, 3, 64, 64}, dev);
  ImageMeta m;
  m.height = m.width = m.padHeight = m.padWidth = 64;
  b.metas = {m};
  b.gtBoxes = {torch::tensor({4.0f, 6.0f, 30.0f, 40.0f}).view({1, 4}).to(dev)};
  b.gtLabels = {torch::tensor({label}, torch::kLong).to(dev)};
  auto mk = torch::zeros({1, 64, 64}, torch::kByte);
  mk.index_put_({0, torch::indexing::Slice(6, 41), torch::indexing::Slice(4, 31)}, 1);
  b.gtMasks = {mk.to(dev)};
  return b;
}

}  // namespace

ZSI_TEST(shapes_through_every_stage_small_config) {
  torch::manual_seed(1);
  at::set_num_threads(2);
  auto cfg = smallConfig(3);
  auto classes = zsi::test::randomClasses(3, 2, 300, 7);
  const auto dev = zsi::test::testTorchDevice();
  auto model = ZsiModel::create(cfg, classes, dev.str());
  ZSI_REQUIRE_OK(model);
  auto& net = model->impl()->net;
  torch::NoGradGuard ng;
  auto x = torch::randn({2, 3, 128, 96}, dev);
  auto c = net->backbone->forward(x);
  ZSI_REQUIRE_EQ(c.size(), 4u);
  ZSI_CHECK((shape(c[0]) == std::vector<int64_t>{2, 64, 32, 24}));
  ZSI_CHECK((shape(c[1]) == std::vector<int64_t>{2, 128, 16, 12}));
  ZSI_CHECK((shape(c[2]) == std::vector<int64_t>{2, 256, 8, 6}));
  ZSI_CHECK((shape(c[3]) == std::vector<int64_t>{2, 512, 4, 3}));
  auto p = net->neck->forward(c);
  ZSI_REQUIRE_EQ(p.size(), 5u);
  ZSI_CHECK((shape(p[0]) == std::vector<int64_t>{2, 64, 32, 24}));
  ZSI_CHECK((shape(p[3]) == std::vector<int64_t>{2, 64, 4, 3}));
  ZSI_CHECK((shape(p[4]) == std::vector<int64_t>{2, 64, 2, 2}));
  auto rpn = net->rpnHead->forward(p);
  ZSI_CHECK((shape(rpn.clsScores[0]) == std::vector<int64_t>{2, 6, 32, 24}));
  ZSI_CHECK((shape(rpn.deltas[4]) == std::vector<int64_t>{2, 12, 2, 2}));
  ZSI_CHECK((shape(rpn.semantic[1]) == std::vector<int64_t>{2, 300, 16, 12}));
  ZSI_CHECK((shape(rpn.background) == std::vector<int64_t>{300}));
  std::vector<ImageShape> shapes(2, ImageShape{128, 96, 128, 96});
  auto props = net->rpnHead->proposals(rpn, shapes, cfg.rpn.testProposals);
  ZSI_REQUIRE_EQ(props.size(), 2u);
  ZSI_CHECK_EQ(props[0].size(1), 5);
  ZSI_CHECK(props[0].size(0) <= cfg.rpn.testProposals.maxNum && props[0].size(0) > 0);
  // Proposals lie inside the image.
  ZSI_CHECK(props[0].slice(1, 0, 4).min().item<float>() >= 0);
  ZSI_CHECK(props[0].select(1, 2).max().item<float>() <= 95);
  auto feats = torch::randn({5, 64, 7, 7}, dev);
  auto head = net->boxHead->forward(feats, net->classifier(rpn.background), true);
  ZSI_CHECK((shape(head.logits) == std::vector<int64_t>{5, 4}));
  ZSI_CHECK((shape(head.deltas) == std::vector<int64_t>{5, 16}));
  ZSI_CHECK((shape(head.embedding) == std::vector<int64_t>{5, 300}));
  ZSI_CHECK((shape(head.visual) == std::vector<int64_t>{5, 256}));
  ZSI_CHECK((shape(head.reconstructed) == std::vector<int64_t>{5, 256}));
  auto mask = net->maskHead->forward(torch::randn({3, 64, 14, 14}, dev), true);
  ZSI_CHECK((shape(mask.embedding) == std::vector<int64_t>{3, 300, 28, 28}));
  ZSI_CHECK((shape(mask.visual) == std::vector<int64_t>{3, 64, 28, 28}));
  ZSI_CHECK((shape(mask.reconstructed) == std::vector<int64_t>{3, 64, 28, 28}));
  ZSI_CHECK((shape(SemanticMaskHeadImpl::classify(mask.embedding, net->classifier(rpn.background))) ==
             std::vector<int64_t>{3, 4, 28, 28}));
  ImageMeta meta;
  meta.height = 128;
  meta.width = 96;
  meta.padHeight = 128;
  meta.padWidth = 96;
  auto preds = net->predictBoxes(p, {meta, meta});
  ZSI_CHECK_EQ(preds[1].logits.size(1), 4);
  ZSI_CHECK_EQ(preds[1].deltas.size(1), 16);
  ZSI_CHECK_EQ(preds[1].rois.size(0), preds[1].logits.size(0));
}

ZSI_TEST(train_forward_reports_every_loss_of_spec_section_7) {
  torch::manual_seed(2);
  at::set_num_threads(2);
  auto cfg = smallConfig(2);
  const auto dev = zsi::test::testTorchDevice();
  auto model = ZsiModel::create(cfg, zsi::test::randomClasses(2, 1, 300, 3), dev.str());
  ZSI_REQUIRE_OK(model);
  auto& net = model->impl()->net;
  net->train();
  auto out = net->forwardTrain(oneBoxBatch(dev, 2));
  for (const char* name : {"loss_rpn_cls", "loss_rpn_bbox", "loss_semantic", "loss_bbox", "bbox_loss_ed",
                           "loss_mask", "loss_ed", "acc"}) {
    ZSI_CHECK(out.losses.count(name) == 1);
    if (out.losses.count(name)) ZSI_CHECK(std::isfinite(out.losses[name].item<double>()));
  }
  ZSI_CHECK_EQ(out.features.size(), 5u);
  ZSI_CHECK(out.features[0].requires_grad());  // attached: an extra head can add a loss
  auto total = totalLoss(out.losses);
  total.backward();
  // Gradients reach the backbone's first stage (nothing frozen in the small config) and the mask head.
  bool stem = false, mask = false;
  for (const auto& p : net->named_parameters()) {
    if (!p.value().grad().defined()) continue;
    if (p.key() == "backbone.layer1.0.conv1.weight") stem = p.value().grad().abs().sum().item<double>() > 0;
    if (p.key() == "mask_head.kernel_semantic.weight") mask = p.value().grad().abs().sum().item<double>() > 0;
  }
  ZSI_CHECK(stem);
  ZSI_CHECK(mask);
}

// bf16 autocast (CUDA training and inference use it): RoIAlign gathers the pyramid levels in the
// features' dtype, whichever dtype its fp32 sampling ran in; a whole inference with masks and a
// training forward and backward run under it and give finite values.
ZSI_TEST(bf16_autocast_inference_and_training_run) {
  torch::manual_seed(5);
  at::set_num_threads(2);
  auto cfg = smallConfig(2);
  cfg.precision.autocastBf16 = true;
  cfg.input.maxLongSide = cfg.input.maxShortSide = 64;
  const auto dev = zsi::test::testTorchDevice();
  auto model = ZsiModel::create(cfg, zsi::test::randomClasses(2, 1, 300, 3), dev.str());
  ZSI_REQUIRE_OK(model);
  Image im = Image::blank(64, 48, 3);
  for (std::size_t i = 0; i < im.pixels.size(); ++i) im.pixels[i] = static_cast<std::uint8_t>((i * 37) % 251);
  InferenceSession session(model.value());
  ZSI_REQUIRE_OK(session.run(im));
  DetectOptions all;
  all.mode = InferenceMode::Gzsi;
  all.scoreThreshold = -1e30;  // every candidate, each with a mask
  auto r = session.detect(model->classes(), all);
  ZSI_REQUIRE_OK(r);
  ZSI_CHECK(r->size() > 0);
  for (std::size_t d = 0; d < r->size(); ++d) ZSI_CHECK(std::isfinite(r->scores[d]));

  auto& net = model->impl()->net;
  net->train();
  LossMap losses;
  {
    AutocastGuard autocast(dev, true);
    losses = net->forwardTrain(oneBoxBatch(dev, 1)).losses;
  }
  auto total = totalLoss(losses);
  ZSI_CHECK(std::isfinite(total.item<double>()));
  total.backward();
  ZSI_CHECK(net->backbone->parameters().front().grad().defined());

  // RoIAlign itself: bf16 features in, bf16 out, close to the fp32 result.
  auto feats = torch::randn({1, 4, 12, 12}, dev);
  auto rois = torch::tensor({0.0f, 1.0f, 2.0f, 9.0f, 8.0f, 0.0f, 0.0f, 0.0f, 5.0f, 5.0f}).view({2, 5}).to(dev);
  RoiAlignOptions o;
  auto half = roiAlign(feats.to(torch::kBFloat16), rois, o);
  ZSI_CHECK(half.scalar_type() == torch::kBFloat16);
  ZSI_CHECK(maxAbsDiff(half.cpu(), roiAlign(feats, rois, o).cpu()) < 0.05);
}

ZSI_TEST(tiny_box_head_gradients_match_finite_differences) {
  torch::manual_seed(4);
  const auto dev = zsi::test::testTorchDevice();
  const auto dbl = torch::TensorOptions().dtype(torch::kDouble).device(dev);
  for (int vocab : {0, 6}) {
    ModelConfig cfg;
    cfg.fpn.outChannels = 2;
    cfg.roi.boxOutputSize = 2;
    cfg.boxHead.fcChannels = 5;
    cfg.classes.semanticDims = 4;
    cfg.classes.vocabularySize = vocab;
    cfg.classes.numSeen = 2;
    SemanticBoxHead head(cfg);
    head->to(dev, torch::kDouble);
    torch::NoGradGuard ng0;
    for (auto& p : head->parameters()) p.normal_(0.0, 0.5);  // away from the tiny init so signals are large
    if (vocab) head->vocabulary().normal_();
    auto x = torch::randn({3, 2, 2, 2}, dbl);
    auto w = torch::randn({3, 4}, dbl);
    auto wl = torch::randn({3, 3}, dbl), wd = torch::randn({3, 12}, dbl), wr = torch::randn({3, 5}, dbl);
    auto objective = [&]() {
      auto o = head->forward(x, w.slice(0, 0, 3), true);
      return (o.logits * wl).sum() + (o.deltas * wd).sum() + (o.reconstructed * wr).sum() +
             (o.logits.pow(2)).sum() * 0.1;  // non-linear in the outputs
    };
    torch::Tensor loss;
    {
      torch::AutoGradMode on(true);
      loss = objective();
      loss.backward();
    }
    double worst = 0;
    for (auto& p : head->named_parameters()) {
      auto flat = p.value().view({-1});
      auto g = p.value().grad().view({-1});
      for (int64_t i = 0; i < flat.numel(); i += std::max<int64_t>(1, flat.numel() / 7)) {
        const double old = flat[i].item<double>(), eps = 1e-6;
        flat[i] = old + eps;
        const double up = objective().item<double>();
        flat[i] = old - eps;
        const double down = objective().item<double>();
        flat[i] = old;
        worst = std::max(worst, std::abs((up - down) / (2 * eps) - g[i].item<double>()));
      }
    }
    ZSI_CHECK(worst < 1e-5);
    zsi::test::note("vocabulary " + std::to_string(vocab) + ": worst gradient error " + std::to_string(worst));
  }
}

ZSI_TEST(official_48_17_parameter_count) {
  auto cfg = zsi::test::loadConfigOrDie("zsi_48_17_r101.json");
  auto model = ZsiModel::create(cfg, zsi::test::official4817());
  ZSI_REQUIRE_OK(model);
  // What the official checkpoint implies for the architecture of spec §2-§6 (K = 49, D = 300,
  // V = 4717), worked out from the layer shapes:
  const int64_t K = 49, D = 300, V = 4717;
  const int64_t resnet101 = 44549160 - (2048 * 1000 + 1000);  // torchvision resnet101 without fc
  const int64_t fpn = (256 + 512 + 1024 + 2048) * 256 + 4 * 256 + 4 * (256 * 256 * 9 + 256);
  const int64_t rpn = (256 * 256 * 9 + 256) + (256 * D + D) + D * 6 + (256 * 12 + 12);
  const int64_t box = (12544 * 1024 + 1024) + (1024 * 1024 + 1024) + (1024 * D + D) + (V * D + D) +
                      (D * V + V) + (D * 1024 + 1024) + (1024 * 4 * K + 4 * K);
  const int64_t fcRes = D * D + D;  // created but never used by the official head
  const int64_t mask = 4 * (256 * 256 * 9 + 256) + (256 * 256 * 4 + 256) + (256 * D * 9 + D) +
                       2 * (D * D * 9 + D) + (D * 256 * 9 + 256);
  const int64_t convVec = K * D;  // the fixed classifier, a frozen Parameter in the official head
  const int64_t official = resnet101 + fpn + rpn + box + fcRes + mask + convVec;
  ZSI_CHECK_EQ(official, 69795405);
  // Ours holds the fixed class vectors as buffers and has no unused layer.
  ZSI_CHECK_EQ(model->parameterCount(), official - fcRes - convVec);
  ZSI_CHECK_EQ(model->parameterCount(), 69690405);
  // frozen_stages = 1: the stem (9,536) and res2 (215,808) get no gradient.
  ZSI_CHECK_EQ(model->trainableParameterCount(), 69690405 - 225344);
  zsi::test::note("parameters " + std::to_string(model->parameterCount()) + ", trainable " +
                  std::to_string(model->trainableParameterCount()));
  ZSI_CHECK(model->needsVocabulary());
}

ZSI_TEST(mask_head_unseen_projection_equals_closed_form) {
  torch::manual_seed(9);
  const int64_t p = 3, d = 7, k = 5, u = 4;
  auto m = torch::randn({p, d, 6, 6}, torch::kDouble);
  auto wv = torch::randn({k, d}, torch::kDouble);
  auto wt = torch::randn({k, d}, torch::kDouble);
  auto wu = torch::randn({u, d}, torch::kDouble);
  auto got = SemanticMaskHeadImpl::unseenLogits(m, wv, wt, wu);
  // §9: unseen logits = W_uᵀ W_s W_sᵀ m per pixel (columns as class vectors), here with the
  // classifier and back-projection matrices kept apart.
  auto closed = torch::einsum("ud,kd,ke,pehw->pukhw", {wu, wt, wv, m}).sum(2);
  ZSI_CHECK(maxAbsDiff(got, closed) < 1e-10);
  // With one matrix W_s for both, exactly the §9 formula.
  auto ws = torch::randn({k, d}, torch::kDouble);
  auto official = torch::einsum("du,dk,ek,pehw->puhw", {wu.t(), ws.t(), ws.t(), m});
  ZSI_CHECK(maxAbsDiff(SemanticMaskHeadImpl::unseenLogits(m, ws, ws, wu), official) < 1e-10);
  // The per-detection kernel used at inference gives the same map: kernel = W_vᵀ (W_t w_u).
  for (int64_t j = 0; j < u; ++j) {
    auto kernel = torch::mv(wv.t(), torch::mv(wt, wu[j]));
    auto map = SemanticMaskHeadImpl::applyKernels(m, kernel.unsqueeze(0).expand({p, d}));
    ZSI_CHECK(maxAbsDiff(map, got.select(1, j)) < 1e-10);
  }
}

ZSI_TEST(mask_head_official_quirk_uses_only_the_last_conv) {
  torch::manual_seed(5);
  auto cfg = smallConfig(2);
  cfg.quirks.maskConvs = MaskConvs::LastOnly;
  SemanticMaskHead head(cfg);
  auto x = torch::randn({2, 64, 14, 14});
  auto out = head->forward(x, true);
  (out.embedding.sum() + out.reconstructed.sum()).backward();
  auto params = head->named_parameters();
  ZSI_CHECK(!params["convs.0.weight"].grad().defined() || params["convs.0.weight"].grad().abs().sum().item<float>() == 0);
  ZSI_CHECK(params["convs.1.weight"].grad().abs().sum().item<float>() > 0);
  auto chainedCfg = smallConfig(2);
  SemanticMaskHead chained(chainedCfg);
  auto out2 = chained->forward(x, false);
  out2.embedding.sum().backward();
  ZSI_CHECK(chained->named_parameters()["convs.0.weight"].grad().abs().sum().item<float>() > 0);
}

ZSI_TEST(norm_eval_and_frozen_stages) {
  ModelConfig::Backbone b;
  b.stageBlocks = {1, 1};
  b.stemChannels = 8;
  b.baseChannels = 4;
  b.frozenStages = 1;
  ResNet net(b);
  net->train();
  for (const auto& p : net->named_parameters()) {
    const bool frozen = p.key().rfind("conv1", 0) == 0 || p.key().rfind("bn1", 0) == 0 || p.key().rfind("layer1.", 0) == 0;
    ZSI_CHECK_EQ(p.value().requires_grad(), !frozen);
  }
  auto before = net->named_buffers()["layer2.0.bn1.running_mean"].clone();
  net->forward(torch::randn({2, 3, 32, 32}) * 5 + 3);
  ZSI_CHECK(maxAbsDiff(before, net->named_buffers()["layer2.0.bn1.running_mean"]) == 0.0);
}

ZSI_TEST(sound_background_init_leaves_the_seen_span) {
  torch::manual_seed(12);
  auto seen = torch::randn({5, 16});
  auto given = torch::randn({16});
  auto b = initialBackground(BackgroundInit::SeenMeanOrthogonal, seen, given);
  auto mean = seen.mean(0);
  auto u = b - mean;
  // The added component is orthogonal to every seen vector and as long as the mean.
  ZSI_CHECK(torch::mv(seen, u).abs().max().item<float>() < 1e-4);
  ZSI_CHECK_NEAR(u.norm().item<float>(), mean.norm().item<float>(), 1e-4);
  // So b is not a combination of the seen vectors (least-squares residual is u).
  auto coef = std::get<0>(torch::linalg_lstsq(seen.t(), b.unsqueeze(1)));
  auto residual = (torch::mm(seen.t(), coef).squeeze(1) - b).norm().item<float>();
  ZSI_CHECK(residual > 0.5 * mean.norm().item<float>());
  ZSI_CHECK(torch::equal(initialBackground(BackgroundInit::Given, seen, given), given));
  ZSI_CHECK(maxAbsDiff(initialBackground(BackgroundInit::MeanOfSeen, seen, given), mean) < 1e-6);
  // With as many seen vectors as dimensions nothing is orthogonal: the given vector is used.
  auto full = torch::randn({16, 16});
  ZSI_CHECK(torch::equal(initialBackground(BackgroundInit::SeenMeanOrthogonal, full, given), given));
}

ZSI_TEST(mask_logits_fold_the_semantic_kernel_exactly) {
  torch::manual_seed(13);
  for (int k : {1, 3}) {
    auto cfg = smallConfig(2);
    cfg.maskHead.semanticKernelSize = k;
    cfg.classes.semanticDims = 24;
    SemanticMaskHead head(cfg);
    torch::NoGradGuard ng;
    for (auto& p : head->parameters()) p.normal_(0.0, 0.2);
    auto x = torch::randn({3, 64, 14, 14});
    auto kernels = torch::randn({3, 24});
    auto slow = SemanticMaskHeadImpl::applyKernels(head->forward(x, false).embedding, kernels);
    auto fast = head->classLogits(x, kernels);
    ZSI_CHECK((shape(fast) == std::vector<int64_t>{3, 28, 28}));
    const double diff = maxAbsDiff(fast, slow), scale = slow.abs().max().item<double>();
    ZSI_CHECK(diff <= 1e-5 * std::max(1.0, scale));
    zsi::test::note("kernel " + std::to_string(k) + ": max |folded - direct| " + std::to_string(diff) + " (scale " +
                    std::to_string(scale) + ")");
  }
}

ZSI_TEST(rpn_objectness_fold_matches_the_semantic_path) {
  torch::manual_seed(14);
  auto cfg = smallConfig(2);
  BaRpnHead head(cfg, torch::randn({300}) * 0.1);
  torch::NoGradGuard ng;
  std::vector<torch::Tensor> feats{torch::randn({2, 64, 16, 12}), torch::randn({2, 64, 8, 6})};
  auto full = head->forward(feats, true);
  auto folded = head->forward(feats, false);
  ZSI_CHECK(folded.semantic.empty());
  for (std::size_t l = 0; l < feats.size(); ++l) {
    const double scale = full.clsScores[l].abs().max().item<double>();
    ZSI_CHECK(maxAbsDiff(full.clsScores[l], folded.clsScores[l]) <= 1e-5 * std::max(1.0, scale));
    ZSI_CHECK(torch::equal(full.deltas[l], folded.deltas[l]));
  }
  ZSI_CHECK(torch::equal(full.background, folded.background));
}
