// `zsi import` end to end: a torchvision-named backbone into a fresh small model, the vocabulary
// into a checkpoint, and a refused official import naming its problems.

#include <filesystem>
#include <sstream>

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
