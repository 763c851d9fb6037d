// The contrastive config section, heads built from it (and not when disabled), checkpoints with a
// head, and the patch-embedding API with its helpers (issue 8 acceptance 3).

#include <cmath>
#include <random>

#include "core/engine/ZsiModel.h"
#include "core/engine/ZsiModelImpl.h"
#include "core/engine/contrastive/PatchAnalysis.h"
#include "tests/core/engine/EngineTestUtil.h"

using namespace zsi;
using namespace zsi::test;

namespace {

ModelConfig smallConfig(ContrastiveHead head) {
  auto cfg = loadConfigOrDie("small_cpu.json");
  cfg.classes.numSeen = 3;
  cfg.classes.semanticDims = 16;
  cfg.input.maxLongSide = cfg.input.maxShortSide = 128;
  cfg.contrastive.head = head;
  cfg.contrastive.embedDims = 16;
  return cfg;
}

Image noiseImage(int w, int h, unsigned seed) {
  std::mt19937 rng(seed);
  Image im = Image::blank(w, h, 3);
  for (auto& p : im.pixels) p = static_cast<std::uint8_t>(rng() % 256);
  return im;
}

void checkPatchApi(const ZsiModel& model, const Image& image, int expectDim) {
  auto p = model.patchEmbeddings(image);
  ZSI_REQUIRE_OK(p);
  note(p->head + ": grid " + std::to_string(p->rows) + " × " + std::to_string(p->cols) + " × " + std::to_string(p->dim) +
       ", step " + std::to_string(p->stepX) + " × " + std::to_string(p->stepY) + " px, patch " +
       std::to_string(p->sizeX) + " × " + std::to_string(p->sizeY) + " px");
  ZSI_REQUIRE(p->rows > 1 && p->cols > 1);
  ZSI_CHECK_EQ(p->dim, expectDim);
  ZSI_REQUIRE(p->values.size() == static_cast<std::size_t>(p->rows) * p->cols * p->dim);
  ZSI_CHECK_EQ(p->imageWidth, image.width);
  ZSI_CHECK_EQ(p->imageHeight, image.height);
  for (int i = 0; i < p->count(); ++i) {
    double n = 0;
    for (int d = 0; d < p->dim; ++d) n += p->values[static_cast<std::size_t>(i) * p->dim + d] * p->values[static_cast<std::size_t>(i) * p->dim + d];
    ZSI_CHECK_NEAR(std::sqrt(n), 1.0, 1e-4);
  }
  // The grid covers the image: the first patch starts at the origin, the last one reaches the far
  // edges (within one step) and does not start outside the image.
  auto first = p->box(0, 0), last = p->box(p->rows - 1, p->cols - 1);
  ZSI_CHECK_EQ(first[0], 0.0);
  ZSI_CHECK_EQ(first[1], 0.0);
  ZSI_CHECK(last[0] < image.width && last[1] < image.height);
  ZSI_CHECK(last[2] >= image.width - p->stepX - 1e-6 && last[3] >= image.height - p->stepY - 1e-6);

  auto colours = pcaColours(p.value());
  ZSI_CHECK_EQ(colours.width, p->cols);
  ZSI_CHECK_EQ(colours.height, p->rows);
  ZSI_CHECK_EQ(colours.channels, 3);

  const int r = p->rows / 2, c = p->cols / 3;
  auto sim = cosineSimilarityMap(p.value(), r, c);
  ZSI_REQUIRE_OK(sim);
  ZSI_REQUIRE(sim->size() == static_cast<std::size_t>(p->count()));
  ZSI_CHECK_NEAR((*sim)[static_cast<std::size_t>(p->index(r, c))], 1.0, 1e-5);
  for (float s : *sim) ZSI_CHECK(s >= -1.0001f && s <= 1.0001f);
  ZSI_CHECK(!cosineSimilarityMap(p.value(), p->rows, 0).ok());

  auto pca = pcaProjection(p.value());
  ZSI_REQUIRE(pca.points.size() == static_cast<std::size_t>(p->count()));
  ZSI_CHECK_EQ(pca.patches.size(), pca.points.size());
  ZSI_CHECK_EQ(pca.centres.size(), pca.points.size());
  const int k = p->count() - 1;
  auto centre = p->centre(k / p->cols, k % p->cols);
  ZSI_CHECK_EQ(pca.patches.back(), k);
  ZSI_CHECK_NEAR(pca.centres.back()[0], centre[0], 1e-3);
  ZSI_CHECK_NEAR(pca.centres.back()[1], centre[1], 1e-3);

  TsneOptions opts;
  opts.iterations = 150;
  opts.exaggerationIterations = 50;
  opts.maxPoints = 40;  // more patches than this: an even subsample
  auto tsne = tsneProjection(p.value(), opts);
  ZSI_REQUIRE_OK(tsne);
  const auto expect = static_cast<std::size_t>(std::min(40, p->count()));
  ZSI_CHECK_EQ(tsne->points.size(), expect);
  ZSI_CHECK_EQ(tsne->patches.size(), expect);
  for (std::size_t i = 0; i < tsne->patches.size(); ++i) {
    const int idx = tsne->patches[i];
    auto ce = p->centre(idx / p->cols, idx % p->cols);
    ZSI_CHECK_NEAR(tsne->centres[i][0], ce[0], 1e-3);
    ZSI_CHECK(std::isfinite(tsne->points[i][0]) && std::isfinite(tsne->points[i][1]));
  }
}

}  // namespace

ZSI_TEST(contrastive_config_defaults_round_trip_and_errors) {
  ModelConfig defaults;
  ZSI_CHECK(defaults.contrastive.head == ContrastiveHead::None);
  ZSI_CHECK(!defaults.contrastive.enabled());
  // Shipped configs have no contrastive section and read as "no head".
  auto small = loadConfigOrDie("small_cpu.json");
  ZSI_CHECK(small.contrastive.head == ContrastiveHead::None);

  auto cfg = smallConfig(ContrastiveHead::Patch);
  cfg.contrastive.patch.mode = PatchMode::Semantic;
  cfg.contrastive.patch.debiasEta = 0.05;
  cfg.contrastive.infomax.input = InfoMaxInput::Image;
  auto text = modelConfigToJson(cfg);
  auto again = parseModelConfig(text, "round.json");
  ZSI_REQUIRE_OK(again);
  ZSI_CHECK(again->contrastive.head == ContrastiveHead::Patch);
  ZSI_CHECK(again->contrastive.patch.mode == PatchMode::Semantic);
  ZSI_CHECK(again->contrastive.infomax.input == InfoMaxInput::Image);
  ZSI_CHECK_EQ(again->contrastive.patch.debiasEta, 0.05);
  ZSI_CHECK_EQ(modelConfigToJson(again.value()), text);

  // A minimal config (every other key at its default) with the given contrastive section.
  auto withKey = [](const std::string& section) {
    return R"({"format": "zsi-model-config", "version": 1, "contrastive": )" + section + "}";
  };
  auto bad = parseModelConfig(withKey(R"({"head": "patch", "patch": {"mode": "pairs"}})"), "bad.json");
  ZSI_REQUIRE(!bad.ok());
  ZSI_CHECK_EQ(bad.error().field, std::string("contrastive.patch.mode"));
  ZSI_CHECK_EQ(bad.error().file, std::string("bad.json"));
  auto unknown = parseModelConfig(withKey(R"({"head": "infomax", "infomax": {"stpes": 2}})"), "u.json");
  ZSI_REQUIRE(!unknown.ok());
  ZSI_CHECK_EQ(unknown.error().field, std::string("contrastive.infomax.stpes"));
  auto range = parseModelConfig(withKey(R"({"head": "patch", "level": 9})"), "r.json");
  ZSI_REQUIRE(!range.ok());
  ZSI_CHECK_EQ(range.error().field, std::string("contrastive.level"));
  auto temp = parseModelConfig(withKey(R"({"head": "patch", "patch": {"temperature": 0}})"), "t.json");
  ZSI_REQUIRE(!temp.ok());
  ZSI_CHECK_EQ(temp.error().field, std::string("contrastive.patch.temperature"));
}

ZSI_TEST(weight_zero_builds_nothing_and_heads_add_parameters) {
  auto classes = randomClasses(3, 1, 16, 11);
  auto none = ZsiModel::create(smallConfig(ContrastiveHead::None), classes);
  ZSI_REQUIRE_OK(none);
  auto zeroCfg = smallConfig(ContrastiveHead::InfoMax);
  zeroCfg.contrastive.weight = 0.0;
  auto zero = ZsiModel::create(zeroCfg, classes);
  ZSI_REQUIRE_OK(zero);
  ZSI_CHECK_EQ(zero->parameterCount(), none->parameterCount());
  ZSI_CHECK(zero->impl()->net->infomaxHead.is_empty());
  auto infomax = ZsiModel::create(smallConfig(ContrastiveHead::InfoMax), classes);
  ZSI_REQUIRE_OK(infomax);
  ZSI_CHECK(infomax->parameterCount() > none->parameterCount());
  auto patch = ZsiModel::create(smallConfig(ContrastiveHead::Patch), classes);
  ZSI_REQUIRE_OK(patch);
  ZSI_CHECK(patch->parameterCount() > none->parameterCount());
  // No head: the inspector gets a clear error, not a crash.
  auto p = none->patchEmbeddings(noiseImage(64, 48, 1));
  ZSI_REQUIRE(!p.ok());
  ZSI_CHECK(p.error().message.find("no contrastive head") != std::string::npos);
}

ZSI_TEST(patch_embedding_api_shapes_and_positions) {
  torch::manual_seed(2);
  auto classes = randomClasses(3, 1, 16, 12);
  const Image image = noiseImage(150, 100, 9);  // resized to 128 × 85: non-square, not a stride multiple
  auto patch = ZsiModel::create(smallConfig(ContrastiveHead::Patch), classes);
  ZSI_REQUIRE_OK(patch);
  checkPatchApi(patch.value(), image, 16);

  auto infomaxCfg = smallConfig(ContrastiveHead::InfoMax);
  infomaxCfg.contrastive.patchSize = 2;
  infomaxCfg.contrastive.patchStride = 2;
  auto infomax = ZsiModel::create(infomaxCfg, classes);
  ZSI_REQUIRE_OK(infomax);
  checkPatchApi(infomax.value(), image, 16);

  auto imageCfg = smallConfig(ContrastiveHead::InfoMax);
  imageCfg.contrastive.infomax.input = InfoMaxInput::Image;
  imageCfg.contrastive.patchSize = 8;
  imageCfg.contrastive.patchStride = 4;  // the report's 32 × 32 image in 8-pixel patches: 7 × 7
  auto fromImage = ZsiModel::create(imageCfg, classes);
  ZSI_REQUIRE_OK(fromImage);
  checkPatchApi(fromImage.value(), image, 16);
  auto p = fromImage->patchEmbeddings(image);
  ZSI_REQUIRE_OK(p);
  ZSI_CHECK_EQ(p->rows, 7);
  ZSI_CHECK_EQ(p->cols, 7);
  ZSI_CHECK_NEAR(p->box(6, 6)[2], 150.0, 1e-6);
  ZSI_CHECK_NEAR(p->box(6, 6)[3], 100.0, 1e-6);
}

ZSI_TEST(checkpoint_keeps_the_head) {
  torch::manual_seed(4);
  auto classes = randomClasses(3, 1, 16, 13);
  auto cfg = smallConfig(ContrastiveHead::Patch);
  cfg.contrastive.patch.mode = PatchMode::Semantic;
  auto model = ZsiModel::create(cfg, classes);
  ZSI_REQUIRE_OK(model);
  const std::string path = tempDir() + "/head.safetensors";
  ZSI_REQUIRE_OK(model->save(path));
  auto loaded = ZsiModel::load(path);
  ZSI_REQUIRE_OK(loaded);
  ZSI_CHECK(loaded->config().contrastive.patch.mode == PatchMode::Semantic);
  const Image image = noiseImage(96, 96, 3);
  auto a = model->patchEmbeddings(image), b = loaded->patchEmbeddings(image);
  ZSI_REQUIRE_OK(a);
  ZSI_REQUIRE_OK(b);
  ZSI_REQUIRE(a->values.size() == b->values.size());
  double diff = 0;
  for (std::size_t i = 0; i < a->values.size(); ++i) diff = std::max(diff, static_cast<double>(std::abs(a->values[i] - b->values[i])));
  ZSI_CHECK(diff < 1e-6);
  // The head's weights are part of the checkpoint: a model without the head refuses them by name.
  auto plain = ZsiModel::create(smallConfig(ContrastiveHead::None), classes);
  ZSI_REQUIRE_OK(plain);
  auto refused = plain->loadWeights(path);
  ZSI_REQUIRE(!refused.ok());
  ZSI_CHECK(refused.error().message.find("patch_head") != std::string::npos);
}

ZSI_TEST(tsne_keeps_clusters_apart_and_pca_colours_follow_the_main_direction) {
  // Three tight clusters in 10-D: every point's nearest 2-D neighbour is in its own cluster.
  std::mt19937 rng(7);
  std::normal_distribution<float> nd(0.0f, 0.05f);
  const int per = 30, dim = 10;
  std::vector<float> data;
  for (int c = 0; c < 3; ++c)
    for (int i = 0; i < per; ++i)
      for (int d = 0; d < dim; ++d) data.push_back((d == c ? 1.0f : 0.0f) + nd(rng));
  auto y = tsne(data, 3 * per, dim);
  ZSI_REQUIRE_OK(y);
  int agree = 0;
  for (int i = 0; i < 3 * per; ++i) {
    int best = -1;
    double bd = 1e300;
    for (int j = 0; j < 3 * per; ++j) {
      if (j == i) continue;
      const double dx = (*y)[i][0] - (*y)[j][0], dy = (*y)[i][1] - (*y)[j][1];
      if (dx * dx + dy * dy < bd) bd = dx * dx + dy * dy, best = j;
    }
    agree += best / per == i / per;
  }
  note("t-SNE nearest-neighbour agreement " + std::to_string(agree) + "/" + std::to_string(3 * per));
  ZSI_CHECK_EQ(agree, 3 * per);
  ZSI_CHECK(!tsne(data, 3 * per, dim, TsneOptions{30.0, 10, 5, 12.0, 200.0, 50, 1}).ok());  // over the cap

  // Left half of a grid along +e0, right half along −e0: the first component splits them.
  PatchEmbeddings p;
  p.rows = 4;
  p.cols = 6;
  p.dim = 3;
  for (int r = 0; r < 4; ++r)
    for (int c = 0; c < 6; ++c) {
      const float s = c < 3 ? 1.0f : -1.0f;
      p.values.insert(p.values.end(), {s, 0.05f * static_cast<float>(r), 0.02f * static_cast<float>(c % 3)});
    }
  auto img = pcaColours(p);
  for (int r = 0; r < 4; ++r)
    for (int c = 0; c < 3; ++c) ZSI_CHECK(std::abs(img.row(r)[c * 3] - img.row(r)[(c + 3) * 3]) > 200);
}
