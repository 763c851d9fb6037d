// The data pipeline (which images train and with which boxes; decoding, flips and masks; the
// stream's order independent of threads and processes) and the optimiser and its checkpoint.

#include <filesystem>

#include "core/coco/CocoReader.h"
#include "core/engine/ClassSetConversion.h"
#include "core/engine/ZsiModelImpl.h"
#include "core/train/RunDirectory.h"
#include "core/train/SgdMomentum.h"
#include "core/train/TrainCheckpoint.h"
#include "core/train/TrainDataLoader.h"
#include "core/train/TrainIndex.h"
#include "tests/core/train/TrainTestUtil.h"

using namespace zsi;
using namespace zsi::test;

namespace {

ModelConfig tinyModel(int size = 96) {
  auto c = loadModelConfig(std::string(ZSI_SOURCE_DIR) + "/models/configs/small_cpu.json");
  ZSI_REQUIRE_OK(c);
  ModelConfig m = c.value();
  m.classes.numSeen = 3;
  m.classes.semanticDims = 16;
  m.input.maxLongSide = m.input.maxShortSide = size;
  return m;
}

}  // namespace

ZSI_TEST(train_index_maps_names_keeps_crowds_as_ignore_and_drops_as_the_spec_says) {
  const std::string dir = tempDir();
  std::filesystem::create_directories(dir + "/img");
  for (int i = 1; i <= 5; ++i) ZSI_REQUIRE_OK(writePng(dir + "/img/" + std::to_string(i) + ".png", Image::blank(64, 48, 3)));
  ZSI_REQUIRE_OK(writePng(dir + "/img/small.png", Image::blank(64, 20, 3)));
  CocoDataset ds;
  ds.addCategory(10, "Disc");       // the class set's "disc" (case-insensitive), seen index 1 → label 2
  ds.addCategory(11, "rectangle");  // seen index 0 → label 1
  ds.addCategory(12, "star");       // unseen
  ds.addCategory(13, "giraffe");    // not in the set
  for (int i = 1; i <= 5; ++i) ds.addImage(i, std::to_string(i) + ".png", 64, 48);
  ds.addImage(6, "small.png", 64, 20);
  ds.addAnnotation(1, 1, 10, {4, 5, 10, 8}, 80);
  ds.addAnnotation(2, 1, 11, {20, 5, 10, 8}, 80, /*iscrowd=*/true);
  ds.addAnnotation(3, 1, 13, {30, 5, 10, 8}, 80);
  ds.addAnnotation(4, 1, 11, {1, 1, 0.5, 8}, 4);  // w < 1: dropped
  ds.addAnnotation(5, 2, 12, {4, 5, 10, 8}, 80);  // unseen: image dropped
  ds.addAnnotation(6, 2, 11, {4, 5, 10, 8}, 80);
  ds.addAnnotation(7, 3, 13, {4, 5, 10, 8}, 80);  // only an unknown class: no box left
  ds.addAnnotation(8, 5, 11, {2, 3, 10, 8}, 80);
  ds.addAnnotation(9, 6, 11, {2, 3, 10, 8}, 80);  // image too small
  ClassSet classes = syntheticClassSet(16);
  TrainIndexOptions o;
  auto index = buildTrainIndex(ds, "t.json", dir + "/img", classes, o);
  ZSI_REQUIRE_OK(index);
  const auto& s = index->samples;
  ZSI_REQUIRE_EQ(s.size(), std::size_t(2));
  ZSI_CHECK_EQ(s[0].imageId, 1);
  ZSI_REQUIRE_EQ(s[0].boxes.size(), std::size_t(1));
  ZSI_CHECK_EQ(s[0].labels[0], 2);
  ZSI_CHECK_EQ(s[0].boxes[0][2], 13.0);  // x2 = x1 + w - 1
  ZSI_REQUIRE_EQ(s[0].ignore.size(), std::size_t(1));
  ZSI_CHECK_EQ(s[1].imageId, 5);
  ZSI_CHECK_EQ(s[1].labels[0], 1);
  const auto& st = index->stats;
  ZSI_CHECK_EQ(st.droppedUnseen, std::size_t(1));
  ZSI_CHECK_EQ(st.droppedNoBoxes, std::size_t(2));  // images 3 and 4
  ZSI_CHECK_EQ(st.droppedSmall, std::size_t(1));
  ZSI_CHECK_EQ(st.invalidBoxes, std::size_t(1));
  ZSI_REQUIRE_EQ(st.unknownCategories.size(), std::size_t(1));
  ZSI_CHECK_EQ(st.unknownCategories[0], std::string("giraffe"));
  // Keeping images with unseen objects keeps their seen boxes only.
  o.dropImagesWithUnseen = false;
  auto keep = buildTrainIndex(ds, "t.json", dir + "/img", classes, o);
  ZSI_REQUIRE_OK(keep);
  ZSI_CHECK_EQ(keep->samples.size(), std::size_t(3));

  // Missing or mis-sized files are found before any work, all of them counted.
  std::filesystem::remove(dir + "/img/5.png");
  ZSI_REQUIRE_OK(writePng(dir + "/img/1.png", Image::blank(40, 48, 3)));
  auto missing = buildTrainIndex(ds, "t.json", dir + "/img", classes, TrainIndexOptions{});
  ZSI_REQUIRE(!missing.ok());
  note(missing.error().toString());
  ZSI_CHECK(missing.error().message.find("2 of 2 image file(s)") != std::string::npos);
  ZSI_CHECK(missing.error().message.find("5.png (missing)") != std::string::npos);
  ZSI_CHECK(missing.error().message.find("40x48") != std::string::npos);
  ZSI_CHECK_EQ(missing.error().file, std::string("t.json"));
}

ZSI_TEST(decoded_samples_flip_boxes_masks_and_pixels_together) {
  const std::string dir = tempDir();
  auto set = writeSyntheticSet(dir, 2, 96, 3, 11, 16);
  auto ds = loadCocoDataset(set.json);
  ZSI_REQUIRE_OK(ds);
  auto index = buildTrainIndex(ds.value(), set.json, set.images, syntheticClassSet(16), TrainIndexOptions{});
  ZSI_REQUIRE_OK(index);
  const ModelConfig cfg = tinyModel(64);  // 96 → 64: resized too
  const auto& rec = index->samples[0];
  auto plain = decodeTrainSample(rec, ds.value(), cfg, false);
  auto flipped = decodeTrainSample(rec, ds.value(), cfg, true);
  ZSI_REQUIRE_OK(plain);
  ZSI_REQUIRE_OK(flipped);
  ZSI_CHECK_EQ(plain->meta.width, 64);
  ZSI_CHECK_EQ(plain->image.size(1), 64);
  const auto w = plain->meta.width;
  // Masks and pixels are mirror images; each box hugs its (resized) mask in both.
  ZSI_CHECK(torch::equal(plain->masks.flip({2}), flipped->masks));
  auto img = plain->image.slice(2, 0, w), fimg = flipped->image.slice(2, 0, w);
  ZSI_CHECK((img.flip({2}) - fimg).abs().max().item<double>() < 1e-3);
  for (int64_t g = 0; g < plain->boxes.size(0); ++g) {
    auto cols = flipped->masks[g].sum(0).nonzero();
    const double x1 = cols.min().item<double>(), x2 = cols.max().item<double>();
    ZSI_CHECK(std::abs(flipped->boxes[g][0].item<double>() - x1) <= 1.0);
    ZSI_CHECK(std::abs(flipped->boxes[g][2].item<double>() - x2) <= 1.0);
    // The flip itself is exact arithmetic (x -> w - 1 - x, mmdet v1's pixel convention), so it is
    // checked to float rounding: a 1 px tolerance would let through the off-by-one it is for.
    ZSI_CHECK_NEAR(flipped->boxes[g][0].item<double>(), w - 1 - plain->boxes[g][2].item<double>(),
                   1e-4);
    ZSI_CHECK_NEAR(flipped->boxes[g][2].item<double>(), w - 1 - plain->boxes[g][0].item<double>(),
                   1e-4);
    ZSI_CHECK_EQ(flipped->boxes[g][1].item<float>(), plain->boxes[g][1].item<float>());
    ZSI_CHECK_EQ(flipped->boxes[g][3].item<float>(), plain->boxes[g][3].item<float>());
  }
}

ZSI_TEST(data_stream_order_ignores_threads_and_splits_exactly_over_processes) {
  const std::string dir = tempDir();
  auto set = writeSyntheticSet(dir, 7, 64, 2, 5, 16);
  auto ds = loadCocoDataset(set.json);
  ZSI_REQUIRE_OK(ds);
  auto index = buildTrainIndex(ds.value(), set.json, set.images, syntheticClassSet(16), TrainIndexOptions{});
  ZSI_REQUIRE_OK(index);
  const ModelConfig cfg = tinyModel(64);
  DataStreamLayout one;
  one.numSamples = 7;
  one.localBatch = 4;
  one.seed = 3;
  ZSI_CHECK_EQ(one.stepsPerEpoch(), 2);
  auto order = epochOrder(one, 0);
  ZSI_REQUIRE_EQ(order.size(), std::size_t(8));
  ZSI_CHECK(order != epochOrder(one, 1));
  auto collect = [&](DataStreamLayout l, int workers, std::int64_t epoch, std::int64_t step, int steps) {
    TrainDataLoader loader(index.value(), ds.value(), cfg, l, workers, 3);
    loader.start(epoch, step);
    std::vector<PreparedSample> all;
    for (int i = 0; i < steps; ++i) {
      auto b = loader.next();
      ZSI_REQUIRE_OK(b);
      for (auto& s : b.value()) all.push_back(std::move(s));
    }
    return all;
  };
  auto same = [](const PreparedSample& a, const PreparedSample& b) {
    return a.position == b.position && a.epoch == b.epoch && a.forwardSeed == b.forwardSeed &&
           a.flipped == b.flipped && torch::equal(a.image, b.image) && torch::equal(a.boxes, b.boxes);
  };
  auto serial = collect(one, 0, 0, 0, 5);  // crosses into epochs 1 and 2
  auto threaded = collect(one, 3, 0, 0, 5);
  ZSI_REQUIRE_EQ(serial.size(), threaded.size());
  bool equal = true;
  for (std::size_t i = 0; i < serial.size(); ++i) equal = equal && same(serial[i], threaded[i]);
  ZSI_CHECK(equal);
  ZSI_CHECK_EQ(serial[8].epoch, 1);
  ZSI_CHECK_EQ(serial[16].epoch, 2);
  // Restarting at a step gives the same stream from there.
  auto resumed = collect(one, 2, 1, 1, 2);
  ZSI_CHECK(same(resumed[0], serial[12]));
  // Two processes with 2 images each see the global batch of one process with 4.
  DataStreamLayout r0 = one, r1 = one;
  r0.localBatch = r1.localBatch = 2;
  r0.worldSize = r1.worldSize = 2;
  r1.rank = 1;
  auto a = collect(r0, 2, 0, 0, 3), b = collect(r1, 1, 0, 0, 3);
  bool split = true;
  for (int step = 0; step < 3; ++step)
    for (int j = 0; j < 2; ++j) {
      split = split && same(a[static_cast<std::size_t>(step * 2 + j)], serial[static_cast<std::size_t>(step * 4 + j)]);
      split = split && same(b[static_cast<std::size_t>(step * 2 + j)], serial[static_cast<std::size_t>(step * 4 + 2 + j)]);
    }
  ZSI_CHECK(split);
}

ZSI_TEST(sgd_momentum_matches_torch_optim_sgd_bit_for_bit) {
  torch::manual_seed(1);
  auto a = torch::randn({5, 3}, torch::requires_grad());
  auto b = a.detach().clone().requires_grad_(true);
  SgdMomentum ours({{"w", a}}, 0.9, 1e-4);
  torch::optim::SGD ref({b}, torch::optim::SGDOptions(0.1).momentum(0.9).weight_decay(1e-4));
  for (int i = 0; i < 5; ++i) {
    const double lr = 0.1 * (i + 1);
    for (auto& g : ref.param_groups()) static_cast<torch::optim::SGDOptions&>(g.options()).lr(lr);
    ours.zeroGrad();
    ref.zero_grad();
    (a * a * (i + 1)).sum().backward();
    (b * b * (i + 1)).sum().backward();
    ours.step(lr);
    ref.step();
  }
  ZSI_CHECK(torch::equal(a, b));
}

ZSI_TEST(train_checkpoint_restores_model_momentum_position_and_generator) {
  ModelConfig cfg = tinyModel(64);
  auto classes = toClassVectors(syntheticClassSet(16));
  ZSI_REQUIRE_OK(classes);
  torch::manual_seed(3);
  auto model = ZsiModel::create(cfg, classes.value());
  ZSI_REQUIRE_OK(model);
  NamedTensors params;
  for (const auto& p : model->impl()->net->named_parameters())
    if (p.value().requires_grad()) params.emplace_back(p.key(), p.value());
  SgdMomentum opt(params, 0.9, 1e-4);
  for (auto& [n, p] : params) p.mutable_grad() = torch::ones_like(p);
  opt.step(0.01);
  auto run = RunDirectory::createFresh(tempDir() + "/run");
  ZSI_REQUIRE_OK(run);
  TrainPosition pos;
  pos.iteration = 17;
  pos.epoch = 2;
  pos.stepInEpoch = 3;
  pos.imagesSeen = 34;
  pos.globalBatch = 2;
  torch::manual_seed(99);
  auto saved = saveTrainCheckpoint(run.value(), model.value(), opt, pos, 3);
  ZSI_REQUIRE_OK(saved);
  const auto expectedDraw = torch::rand({4});

  torch::manual_seed(4);
  auto other = ZsiModel::create(cfg, classes.value());
  ZSI_REQUIRE_OK(other);
  NamedTensors params2;
  for (const auto& p : other->impl()->net->named_parameters())
    if (p.value().requires_grad()) params2.emplace_back(p.key(), p.value());
  SgdMomentum opt2(params2, 0.9, 1e-4);
  auto back = loadTrainCheckpoint(run.value(), "iter_00000017", other.value(), opt2);
  ZSI_REQUIRE_OK(back);
  ZSI_CHECK_EQ(back->iteration, 17);
  ZSI_CHECK_EQ(back->stepInEpoch, 3);
  ZSI_CHECK(torch::equal(torch::rand({4}), expectedDraw));
  bool same = true;
  for (std::size_t i = 0; i < params.size(); ++i) same = same && torch::equal(params[i].second, params2[i].second);
  ZSI_CHECK(same);
  auto s1 = opt.state("m."), s2 = opt2.state("m.");
  ZSI_REQUIRE_EQ(s1.size(), s2.size());
  bool momenta = true;
  for (std::size_t i = 0; i < s1.size(); ++i) momenta = momenta && torch::equal(s1[i].second, s2[i].second);
  ZSI_CHECK(momenta);
  // The model file alone is an ordinary checkpoint.
  auto loaded = ZsiModel::load(saved.value());
  ZSI_REQUIRE_OK(loaded);
}
