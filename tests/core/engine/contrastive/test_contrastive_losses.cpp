// The contrastive losses against hand computations, gradient isolation in the InfoMax head, and
// the positives of the patch head's semantic mode (issue 8, unit tests).

#include <cmath>
#include <vector>

#include "core/engine/TrainBatch.h"
#include "core/engine/contrastive/ContrastiveLosses.h"
#include "core/engine/contrastive/ContrastivePatchHead.h"
#include "core/engine/contrastive/ContrastiveTraining.h"
#include "core/engine/contrastive/InfoMaxHead.h"
#include "core/engine/contrastive/PatchAssignment.h"
#include "tests/harness/ZsiTest.h"

using namespace zsi;
using namespace zsi::test;

namespace {

torch::Tensor rows(const std::vector<std::vector<double>>& r) {
  std::vector<float> flat;
  for (const auto& x : r) flat.insert(flat.end(), x.begin(), x.end());
  return torch::tensor(flat).view({static_cast<int64_t>(r.size()), static_cast<int64_t>(r[0].size())});
}

double dot(const std::vector<double>& a, const std::vector<double>& b) {
  double s = 0;
  for (std::size_t i = 0; i < a.size(); ++i) s += a[i] * b[i];
  return s;
}

// −log(e^{s0} / Σ e^{s})
double nll(const std::vector<double>& logits, std::size_t target) {
  double sum = 0;
  for (double l : logits) sum += std::exp(l);
  return -(logits[target] - std::log(sum));
}

double gradAbsSum(torch::nn::Module& m) {
  double s = 0;
  for (auto& p : m.parameters())
    if (p.grad().defined()) s += p.grad().abs().sum().item<double>();
  return s;
}

void zeroGrads(torch::nn::Module& m) {
  for (auto& p : m.parameters())
    if (p.grad().defined()) p.grad().zero_();
}

}  // namespace

ZSI_TEST(cpc_infonce_matches_hand_computation) {
  const std::vector<std::vector<double>> c{{1.0, 0.5}, {-0.3, 2.0}}, pos{{0.2, 0.4}, {1.0, -1.0}};
  const std::vector<std::vector<std::vector<double>>> neg{{{0.1, 0.0}, {-1.0, 0.3}}, {{0.5, 0.5}, {2.0, 0.0}}};
  double expected = 0;
  for (int i = 0; i < 2; ++i)
    expected += nll({dot(c[i], pos[i]), dot(c[i], neg[i][0]), dot(c[i], neg[i][1])}, 0) / 2;
  auto negT = torch::stack({rows(neg[0]), rows(neg[1])});
  auto got = cpcInfoNce(rows(c), rows(pos), negT).item<double>();
  ZSI_CHECK_NEAR(got, expected, 1e-6);
}

ZSI_TEST(paired_infonce_plain_debiased_and_hard_match_hand_computation) {
  const std::vector<std::vector<double>> a{{1, 0}, {0.6, 0.8}, {0, 1}}, b{{0.8, 0.6}, {0, 1}, {-0.6, 0.8}};
  const double tau = 0.5, eta = 0.1, beta = 1.0;
  double plain = 0, debiased = 0, hard = 0;
  for (std::size_t i = 0; i < 3; ++i) {
    std::vector<double> logits;
    for (std::size_t j = 0; j < 3; ++j) logits.push_back(dot(a[i], b[j]) / tau);
    plain += nll(logits, i) / 3;
    // eq. 24: g = max((mean_neg − η⁺ pos) / (1 − η⁺), e^{−1/τ}); loss −log(pos / (pos + N g)).
    const double pos = std::exp(logits[i]);
    double meanNeg = 0, wSum = 0, wNeg = 0;
    for (std::size_t j = 0; j < 3; ++j)
      if (j != i) {
        meanNeg += std::exp(logits[j]) / 2;
        wSum += std::exp(beta * logits[j]);
        wNeg += std::exp(beta * logits[j]) * std::exp(logits[j]);
      }
    const double floor = std::exp(-1 / tau);
    const double g = std::max((meanNeg - eta * pos) / (1 - eta), floor);
    debiased += -std::log(pos / (pos + 2 * g)) / 3;
    const double gh = std::max((wNeg / wSum - eta * pos) / (1 - eta), floor);  // importance-weighted mean
    hard += -std::log(pos / (pos + 2 * gh)) / 3;
  }
  ZSI_CHECK_NEAR(pairedInfoNce(rows(a), rows(b), {tau, 0.0, 0.0}).item<double>(), plain, 1e-5);
  ZSI_CHECK_NEAR(pairedInfoNce(rows(a), rows(b), {tau, eta, 0.0}).item<double>(), debiased, 1e-5);
  ZSI_CHECK_NEAR(pairedInfoNce(rows(a), rows(b), {tau, eta, beta}).item<double>(), hard, 1e-5);
  // Debiasing removes probability mass from negatives: the loss cannot rise.
  ZSI_CHECK(debiased <= plain + 1e-9);
}

ZSI_TEST(supervised_contrastive_and_class_vector_nce_match_hand_computation) {
  const std::vector<std::vector<double>> z{{1, 0}, {0.8, 0.6}, {0, 1}, {-1, 0}};
  const std::vector<long> groups{0, 0, 1, -1};  // only 0 and 1 are anchors (group 1 has one member)
  const double tau = 0.2;
  double expected = 0;
  for (std::size_t i : {0u, 1u}) {
    std::vector<double> logits;
    std::vector<std::size_t> others;
    for (std::size_t j = 0; j < 4; ++j)
      if (j != i) {
        logits.push_back(dot(z[i], z[j]) / tau);
        others.push_back(j);
      }
    for (std::size_t k = 0; k < others.size(); ++k)
      if (groups[others[k]] == groups[i]) expected += nll(logits, k) / 2;
  }
  auto got = supervisedContrastive(rows(z), torch::tensor(std::vector<int64_t>{0, 0, 1, -1}), tau).item<double>();
  ZSI_CHECK_NEAR(got, expected, 1e-5);
  // No anchors: zero.
  auto none = supervisedContrastive(rows(z), torch::tensor(std::vector<int64_t>{0, 1, 2, -1}), tau).item<double>();
  ZSI_CHECK_EQ(none, 0.0);

  const std::vector<std::vector<double>> targets{{0, 1}, {1, 0}, {0.6, -0.8}};
  double cls = nll({dot(z[0], targets[0]) / tau, dot(z[0], targets[1]) / tau, dot(z[0], targets[2]) / tau}, 2) / 2 +
               nll({dot(z[2], targets[0]) / tau, dot(z[2], targets[1]) / tau, dot(z[2], targets[2]) / tau}, 0) / 2;
  auto zz = rows({z[0], z[2]});
  ZSI_CHECK_NEAR(classVectorNce(zz, rows(targets), torch::tensor(std::vector<int64_t>{2, 0}), tau).item<double>(), cls,
                 1e-5);
}

ZSI_TEST(infomax_modules_are_gradient_isolated) {
  torch::manual_seed(3);
  ContrastiveConfig cfg;
  cfg.head = ContrastiveHead::InfoMax;
  cfg.embedDims = 8;
  cfg.patchSize = 2;
  cfg.patchStride = 1;
  cfg.infomax.modules = 3;
  cfg.infomax.steps = 2;
  cfg.infomax.negatives = 4;
  InfoMaxHead head(cfg, 5);
  auto input = torch::randn({2, 5, 10, 10}, torch::requires_grad());
  for (int m = 0; m < 3; ++m) {
    auto losses = head->losses(input);
    ZSI_REQUIRE(losses.size() == 3u);
    zeroGrads(*head);
    if (input.grad().defined()) input.grad().zero_();
    losses[static_cast<std::size_t>(m)].backward();
    for (int other = 0; other < 3; ++other) {
      const double g = gradAbsSum(*head->stage(other));
      note("loss of module " + std::to_string(m + 1) + " → |grad| of module " + std::to_string(other + 1) + " = " +
           std::to_string(g));
      if (other == m) ZSI_CHECK(g > 0.0);
      else ZSI_CHECK_EQ(g, 0.0);
    }
    // Only module 1 reaches the input (the backbone, in the detector).
    const double inGrad = input.grad().defined() ? input.grad().abs().sum().item<double>() : 0.0;
    if (m == 0) ZSI_CHECK(inGrad > 0.0);
    else ZSI_CHECK_EQ(inGrad, 0.0);
  }
}

ZSI_TEST(patch_assignment_uses_masks_then_smallest_instance) {
  // An 8 × 8 grid of single cells, 8 input pixels each (centres at 4, 12, ..., 60).
  auto g = patchGridGeometry(8, 8, 1, 1, 8.0, 8.0);
  auto boxes = torch::tensor(std::vector<float>{0, 0, 31, 31, 8, 8, 23, 23}).view({2, 4});
  auto inst = assignPatchesToInstances(g, boxes, torch::Tensor());
  ZSI_CHECK_EQ(inst[0].item<int64_t>(), 0);               // centre (4, 4): only the big box
  ZSI_CHECK_EQ(inst[1 * 8 + 1].item<int64_t>(), 1);       // centre (12, 12): both, the smaller wins
  ZSI_CHECK_EQ(inst[5 * 8 + 5].item<int64_t>(), -1);      // centre (44, 44): none
  // With masks the mask decides: instance 0's mask is only its top-left quarter.
  auto masks = torch::zeros({2, 64, 64}, torch::kByte);
  masks[0].slice(0, 0, 8).slice(1, 0, 8).fill_(1);
  masks[1].slice(0, 8, 24).slice(1, 8, 24).fill_(1);
  auto byMask = assignPatchesToInstances(g, boxes, masks);
  ZSI_CHECK_EQ(byMask[0].item<int64_t>(), 0);
  ZSI_CHECK_EQ(byMask[3].item<int64_t>(), -1);  // inside box 0, outside its mask
  ZSI_CHECK_EQ(byMask[2 * 8 + 2].item<int64_t>(), 1);
}

ZSI_TEST(semantic_mode_positives_are_the_class_vectors) {
  torch::manual_seed(5);
  ContrastiveConfig cfg;
  cfg.head = ContrastiveHead::Patch;
  cfg.patch.mode = PatchMode::Semantic;
  cfg.embedDims = 4;
  cfg.patchSize = 1;
  cfg.patchStride = 1;
  cfg.level = 1;  // 8-pixel cells
  ContrastivePatchHead head(cfg, 3, 6);
  // One 64 × 64 image, two instances: class 2 over x, y ∈ [0, 15]; class 1 over x ∈ [32, 47], y ∈ [40, 63].
  TrainBatch batch;
  batch.images = torch::zeros({1, 3, 64, 64});
  ImageMeta meta;
  meta.height = meta.width = meta.padHeight = meta.padWidth = 64;
  batch.metas.push_back(meta);
  batch.gtBoxes.push_back(torch::tensor(std::vector<float>{0, 0, 15, 15, 32, 40, 47, 63}).view({2, 4}));
  batch.gtLabels.push_back(torch::tensor(std::vector<int64_t>{2, 1}));
  auto classifier = torch::randn({3, 6});  // [background; seen class 1; seen class 2]
  auto grid = head->embed(torch::randn({1, 3, 8, 8}));
  auto g = patchGridGeometry(8, 8, 1, 1, 8.0, 8.0);
  auto sem = semanticPatchBatch(*head, grid, g, batch, classifier, 1000);
  ZSI_REQUIRE(sem.labels.numel() == 4 + 6);  // 2 × 2 patch centres in the first box, 2 × 3 in the second
  ZSI_CHECK_EQ((sem.labels == 2).sum().item<int64_t>(), 4);
  ZSI_CHECK_EQ((sem.labels == 1).sum().item<int64_t>(), 6);
  // Each anchor is its patch's embedding, and its positive is the projection of its class vector.
  auto w = head->wordProjection->weight.detach();
  for (int64_t i = 0; i < sem.labels.numel(); ++i) {
    const int64_t label = sem.labels[i].item<int64_t>();
    auto expectTarget = torch::mv(w, classifier[label]);
    expectTarget = expectTarget / expectTarget.norm();
    ZSI_CHECK(torch::allclose(sem.targets[label].detach(), expectTarget, 1e-5, 1e-6));
  }
  auto flat = grid[0].permute({1, 2, 0}).reshape({64, 4});
  std::vector<int64_t> expectRows;
  for (int r = 0; r < 8; ++r)
    for (int c = 0; c < 8; ++c)
      if ((r < 2 && c < 2) || (r >= 5 && c >= 4 && c < 6)) expectRows.push_back(r * 8 + c);
  auto anchors = flat.index_select(0, torch::tensor(expectRows));
  // The same set of rows (order may differ): every anchor matches one expected row.
  for (int64_t i = 0; i < sem.embeddings.size(0); ++i)
    ZSI_CHECK((anchors - sem.embeddings[i]).abs().sum(1).min().item<double>() < 1e-6);
  // The loss is the cross-entropy against the right rows: pulling the embeddings onto their class
  // targets lowers it.
  auto loss = classVectorNce(sem.embeddings, sem.targets, sem.labels, 0.1).item<double>();
  auto ideal = classVectorNce(sem.targets.index_select(0, sem.labels), sem.targets, sem.labels, 0.1).item<double>();
  note("semantic loss at random embeddings " + std::to_string(loss) + ", at the class targets " + std::to_string(ideal));
  ZSI_CHECK(ideal < loss);
}
