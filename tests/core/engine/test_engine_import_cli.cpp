// `zsi import` end to end: a torchvision-named backbone into a fresh small model, the torchvision
// ResNet-50 layout (written here from the architecture, not from our modules) into the shipped
// ResNet-50 config, the vocabulary into a checkpoint, and a refused official import naming its
// problems.

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <tuple>

#include <torch/serialize.h>

#include "core/cli/ImportCommand.h"
#include "core/engine/Checkpoint.h"
#include "core/engine/ZsiModel.h"
#include "core/engine/ZsiModelImpl.h"
#include "core/util/AtomicFile.h"
#include "tests/core/engine/EngineTestUtil.h"

using namespace zsi;
using namespace zsi::test;

ZSI_TEST(import_backbone_then_vocabulary) {
  const std::string dir = tempDir();
  // A torchvision-named state dict with the shapes of the small config's backbone.
  auto cfg = loadConfigOrDie("small_cpu.json");
  auto probe = ZsiModel::create(cfg, randomClasses(48, 0, 300, 1));
  ZSI_REQUIRE_OK(probe);
  NamedTensors tv;
  for (auto& [name, t] : moduleState(*probe->impl()->net->backbone))
    tv.emplace_back(name, t.is_floating_point() ? torch::full_like(t, 0.25) : t.clone());
  tv.emplace_back("fc.weight", torch::zeros({1000, 512}));
  tv.emplace_back("fc.bias", torch::zeros({1000}));
  ZSI_REQUIRE_OK(writeTensors(dir + "/resnet.safetensors", tv, {}));

  cli::ImportCommandOptions o;
  o.what = "backbone";
  o.config = "small_cpu";
  o.weights = dir + "/resnet.safetensors";
  o.classes = "48_17";
  o.out = dir + "/init.safetensors";
  std::ostringstream out, err;
  ZSI_CHECK_EQ(cli::runImportCommand(o, out, err), 0);
  note(out.str() + err.str());
  auto model = ZsiModel::load(o.out);
  ZSI_REQUIRE_OK(model);
  ZSI_CHECK_EQ(model->classes().names.front(), std::string("person"));
  auto w = model->impl()->net->backbone->named_parameters()["layer3.0.conv2.weight"];
  ZSI_CHECK((w == 0.25).all().item<bool>());

  // The vocabulary into a checkpoint whose config asks for one.
  cfg.classes.vocabularySize = 5;
  ZSI_REQUIRE_OK(saveModelConfig(cfg, dir + "/voc_config.json"));
  auto withVoc = ZsiModel::create(cfg, randomClasses(48, 0, 300, 2));
  ZSI_REQUIRE_OK(withVoc);
  ZSI_REQUIRE_OK(withVoc->save(dir + "/novoc.safetensors"));
  std::string text;
  for (int r = 0; r < 300; ++r) text += "0.1,0.2,0.3,0.4,0.5\n";
  ZSI_REQUIRE_OK(writeFileAtomic(dir + "/vocabulary_w2v.txt", text));
  cli::ImportCommandOptions v;
  v.what = "vocabulary";
  v.model = dir + "/novoc.safetensors";
  v.vocabulary = dir + "/vocabulary_w2v.txt";
  v.out = dir + "/voc.safetensors";
  ZSI_CHECK_EQ(cli::runImportCommand(v, out, err), 0);
  auto loaded = ZsiModel::load(v.out);
  ZSI_REQUIRE_OK(loaded);
  ZSI_CHECK(!loaded->needsVocabulary());
  ZSI_CHECK_NEAR(loaded->impl()->net->boxHead->vocabulary()[7][4].item<float>(), 0.5, 1e-7);
  // A matrix of the wrong size is refused with the file named.
  ZSI_REQUIRE_OK(writeFileAtomic(dir + "/short.txt", "1,2,3\n"));
  v.vocabulary = dir + "/short.txt";
  std::ostringstream err2;
  ZSI_CHECK_EQ(cli::runImportCommand(v, out, err2), 1);
  ZSI_CHECK(err2.str().find("short.txt") != std::string::npos);
}

ZSI_TEST(import_official_refuses_foreign_weights_listing_them) {
  const std::string dir = tempDir();
  NamedTensors bad{{"backbone.conv1.weight", torch::zeros({64, 3, 7, 7})}, {"roi_head.mystery.weight", torch::zeros({2})}};
  ZSI_REQUIRE_OK(writeTensors(dir + "/bad.safetensors", bad, {}));
  cli::ImportCommandOptions o;
  o.what = "official";
  o.config = "small_cpu";
  o.weights = dir + "/bad.safetensors";
  o.classes = "48_17";
  o.out = dir + "/never.safetensors";
  std::ostringstream out, err;
  ZSI_CHECK_EQ(cli::runImportCommand(o, out, err), 1);
  ZSI_CHECK(err.str().find("no rule for 'roi_head.mystery.weight'") != std::string::npos);
  ZSI_CHECK(err.str().find("'backbone.conv1.weight' → 'backbone.conv1.weight': shape [64, 3, 7, 7]") != std::string::npos);
  ZSI_CHECK(err.str().find("no source tensor for 'neck.fpn_convs.0.weight'") != std::string::npos);
  ZSI_CHECK(!std::filesystem::exists(o.out));
  o.classes.clear();
  std::ostringstream err2;
  ZSI_CHECK_EQ(cli::runImportCommand(o, out, err2), 1);
  ZSI_CHECK(err2.str().find("--classes") != std::string::npos);
}

ZSI_TEST(import_torchvision_resnet50_lands_every_tensor) {
  at::set_num_threads(2);
  // torchvision's resnet50 state dict: names and shapes from the architecture (bottlenecks
  // 3-4-6-3, expansion 4, downsample = 1×1 conv + BN in each stage's first block), without the
  // BatchNorm step counters, as in the ImageNet files torchvision publishes.
  std::vector<std::tuple<std::string, std::vector<int64_t>>> keys;
  auto bn = [&](const std::string& p, int64_t c) {
    for (const char* f : {"weight", "bias", "running_mean", "running_var"}) keys.emplace_back(p + "." + f, std::vector<int64_t>{c});
  };
  keys.emplace_back("conv1.weight", std::vector<int64_t>{64, 3, 7, 7});
  bn("bn1", 64);
  const int blocks[4] = {3, 4, 6, 3};
  int64_t in = 64;
  for (int s = 0; s < 4; ++s) {
    const int64_t planes = 64 << s;
    for (int b = 0; b < blocks[s]; ++b) {
      const std::string p = "layer" + std::to_string(s + 1) + "." + std::to_string(b);
      keys.emplace_back(p + ".conv1.weight", std::vector<int64_t>{planes, in, 1, 1});
      bn(p + ".bn1", planes);
      keys.emplace_back(p + ".conv2.weight", std::vector<int64_t>{planes, planes, 3, 3});
      bn(p + ".bn2", planes);
      keys.emplace_back(p + ".conv3.weight", std::vector<int64_t>{planes * 4, planes, 1, 1});
      bn(p + ".bn3", planes * 4);
      if (b == 0) {
        keys.emplace_back(p + ".downsample.0.weight", std::vector<int64_t>{planes * 4, in, 1, 1});
        bn(p + ".downsample.1", planes * 4);
      }
      in = planes * 4;
    }
  }
  ZSI_CHECK_EQ(keys.size(), 265u);  // 320 tensors in torchvision's resnet50, minus 53 counters, minus fc
  auto value = [](const std::string& name, const std::vector<int64_t>& shape) {
    const double tag = static_cast<double>(std::hash<std::string>{}(name) % 9973) / 1000.0;
    int64_t n = 1;
    for (auto d : shape) n *= d;
    return (torch::arange(n, torch::kFloat).remainder(89.0) * 0.001 + tag).view(shape);
  };
  c10::impl::GenericDict state(c10::StringType::get(), c10::TensorType::get());
  for (const auto& [name, shape] : keys) state.insert(name, value(name, shape));
  state.insert("fc.weight", torch::zeros({1000, 2048}));
  state.insert("fc.bias", torch::zeros({1000}));
  const std::string dir = tempDir();
  {
    auto bytes = torch::pickle_save(state);
    std::ofstream(dir + "/resnet50-0676ba61.pth", std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  }

  cli::ImportCommandOptions o;
  o.what = "backbone";
  o.config = "zsi_48_17_r50";
  o.weights = dir + "/resnet50-0676ba61.pth";
  o.classes = "48_17";
  o.out = dir + "/r50_init.safetensors";
  std::ostringstream out, err;
  ZSI_REQUIRE(cli::runImportCommand(o, out, err) == 0);
  note(out.str());
  ZSI_CHECK(out.str().find("265 tensors imported") != std::string::npos);
  auto model = ZsiModel::load(o.out);
  ZSI_REQUIRE_OK(model);
  auto loaded = moduleState(*model->impl()->net->backbone);
  std::map<std::string, torch::Tensor> ours(loaded.begin(), loaded.end());
  std::size_t landed = 0;
  for (const auto& [name, shape] : keys) {
    auto it = ours.find(name);
    if (it == ours.end()) reportFailure(__FILE__, __LINE__, "the backbone has no '" + name + "'");
    else if (!torch::equal(it->second, value(name, shape))) reportFailure(__FILE__, __LINE__, "'" + name + "' did not land");
    else ++landed;
  }
  ZSI_CHECK_EQ(landed, keys.size());
  // Every float tensor of our backbone came from the file (the counters are ours to keep).
  std::size_t floats = 0;
  for (const auto& [name, t] : ours) floats += t.is_floating_point();
  ZSI_CHECK_EQ(floats, keys.size());

  // The ImageNet weights of a ResNet-101 do not fit the ResNet-50 config: refused, listing each.
  state.insert("layer3.6.conv1.weight", torch::zeros({256, 1024, 1, 1}));
  state.insert_or_assign("conv1.weight", torch::zeros({64, 3, 3, 3}));
  {
    auto bytes = torch::pickle_save(state);
    std::ofstream(dir + "/wrong.pth", std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  }
  o.weights = dir + "/wrong.pth";
  o.out = dir + "/never.safetensors";
  std::ostringstream err2;
  ZSI_CHECK_EQ(cli::runImportCommand(o, out, err2), 1);
  ZSI_CHECK(err2.str().find("layer3.6.conv1.weight") != std::string::npos);
  ZSI_CHECK(err2.str().find("conv1.weight") != std::string::npos);
  ZSI_CHECK(err2.str().find("[64, 3, 3, 3]") != std::string::npos);
  ZSI_CHECK(!std::filesystem::exists(o.out));
}
