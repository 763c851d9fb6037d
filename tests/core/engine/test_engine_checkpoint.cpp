// Checkpoints (safetensors written by our code) and weight import (issue 7 acceptance 3 and 4).

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>

#include <torch/serialize.h>

#include "core/engine/Checkpoint.h"
#include "core/engine/KeyMap.h"
#include "core/engine/Safetensors.h"
#include "core/engine/WeightImport.h"
#include "core/engine/ZsiModel.h"
#include "core/engine/ZsiModelImpl.h"
#include "core/util/AtomicFile.h"
#include "tests/core/engine/EngineTestUtil.h"
#include "tests/core/engine/SyntheticScenes.h"

using namespace zsi;
using namespace zsi::test;

namespace {

ZsiModel smallModel(unsigned seed) {
  torch::manual_seed(seed);
  auto cfg = loadConfigOrDie("small_cpu.json");
  cfg.classes.numSeen = 3;
  auto m = ZsiModel::create(cfg, randomClasses(3, 2, 300, seed));
  ZSI_REQUIRE_OK(m);
  return m.value();
}

std::string slurp(const std::string& path) {
  auto r = readFile(path);
  ZSI_REQUIRE_OK(r);
  return r.value();
}

void spit(const std::string& path, const std::string& bytes) { ZSI_REQUIRE_OK(writeFileAtomic(path, bytes)); }

// Rewrites a checkpoint through `edit` (a list of tensors, editable), keeping the metadata.
void rewrite(const std::string& in, const std::string& out, const std::function<void(NamedTensors&)>& edit) {
  auto f = readSafetensors(in);
  ZSI_REQUIRE_OK(f);
  NamedTensors t;
  for (const auto& e : f->entries) t.emplace_back(e.name, entryTensor(f.value(), e));
  edit(t);
  ZSI_REQUIRE_OK(writeTensors(out, t, f->metadata));
}

// A value for every synthetic tensor that says where it came from.
torch::Tensor tagged(const std::vector<int64_t>& shape, const std::string& key) {
  const double tag = static_cast<double>(std::hash<std::string>{}(key) % 100000) / 1000.0;
  int64_t n = 1;
  for (auto s : shape) n *= s;
  return (torch::arange(n, torch::kFloat).remainder(97.0) * 0.01 + tag).view(shape);
}

}  // namespace

ZSI_TEST(safetensors_round_trip_and_layout) {
  const std::string path = tempDir() + "/t.safetensors";
  std::vector<float> a{1.5f, -2.0f, 3.25f, 0.0f, 7.0f, 8.0f};
  std::vector<int64_t> b{42, -7};
  ZSI_REQUIRE_OK(writeSafetensors(path, {{"format", "test"}},
                                  {{"a", "F32", {2, 3}, a.data(), a.size() * 4}, {"b", "I64", {2}, b.data(), 16}}));
  auto bytes = slurp(path);
  std::uint64_t n = 0;
  for (int i = 7; i >= 0; --i) n = (n << 8) | static_cast<unsigned char>(bytes[i]);
  ZSI_CHECK_EQ(n % 8, 0u);                 // header padded to 8 bytes
  ZSI_CHECK_EQ(bytes.size(), 8 + n + 24 + 16);
  ZSI_CHECK_EQ(bytes[8], '{');
  auto f = readSafetensors(path);
  ZSI_REQUIRE_OK(f);
  ZSI_CHECK_EQ(f->metadata.at("format"), std::string("test"));
  const auto* ea = f->find("a");
  ZSI_REQUIRE(ea != nullptr);
  ZSI_CHECK((ea->shape == std::vector<int64_t>{2, 3}));
  ZSI_CHECK(std::memcmp(f->bytes(*ea), a.data(), 24) == 0);
  const auto* eb = f->find("b");
  ZSI_REQUIRE(eb != nullptr);
  ZSI_CHECK_EQ(eb->begin, 24u);
  int64_t first = 0;
  std::memcpy(&first, f->bytes(*eb), 8);
  ZSI_CHECK_EQ(first, 42);
}

ZSI_TEST(safetensors_refuses_corrupt_files) {
  const std::string dir = tempDir();
  std::vector<float> a(16, 1.0f);
  ZSI_REQUIRE_OK(writeSafetensors(dir + "/ok.safetensors", {}, {{"a", "F32", {16}, a.data(), 64}}));
  auto good = slurp(dir + "/ok.safetensors");
  auto truncated = parseSafetensors(good.substr(0, good.size() - 5), "cut.safetensors");
  ZSI_REQUIRE(!truncated.ok());
  ZSI_CHECK(truncated.error().message.find("truncated") != std::string::npos);
  ZSI_CHECK(truncated.error().field.find("'a'") != std::string::npos);
  ZSI_CHECK(!parseSafetensors(good.substr(0, 20), "x").ok());     // header cut
  ZSI_CHECK(!parseSafetensors("abc", "x").ok());                   // shorter than the length field
  std::string huge = good;
  huge[7] = '\x7f';                                                // absurd header length
  ZSI_CHECK(!parseSafetensors(huge, "x").ok());
  auto make = [](const std::string& header, std::size_t dataBytes) {
    std::string h = header;
    std::string out(8, '\0');
    for (int i = 0; i < 8; ++i) out[i] = static_cast<char>((h.size() >> (8 * i)) & 0xff);
    return out + h + std::string(dataBytes, '\0');
  };
  ZSI_CHECK(!parseSafetensors(make(R"({"a":{"dtype":"Q8","shape":[2],"data_offsets":[0,2]}})", 2), "x").ok());
  ZSI_CHECK(!parseSafetensors(make(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,4]}})", 4), "x").ok());
  ZSI_CHECK(!parseSafetensors(make(R"({"a":{"dtype":"U8","shape":[2],"data_offsets":[0,2]},"b":{"dtype":"U8","shape":[2],"data_offsets":[1,3]}})", 3), "x").ok());
  ZSI_CHECK(!parseSafetensors(make(R"({"a":{"dtype":"U8","shape":[2],"data_offsets":[2,4]}})", 4), "x").ok());
  ZSI_CHECK(!parseSafetensors(make(R"([1, 2])", 0), "x").ok());
  ZSI_CHECK(parseSafetensors(make(R"({"a":{"dtype":"U8","shape":[2],"data_offsets":[0,2]}})", 2), "x").ok());
}

ZSI_TEST(save_load_round_trip_gives_identical_outputs) {
  at::set_num_threads(2);
  auto model = smallModel(17);
  const std::string path = tempDir() + "/model.safetensors";
  ZSI_REQUIRE_OK(model.save(path));
  auto loaded = ZsiModel::load(path);
  ZSI_REQUIRE_OK(loaded);
  ZSI_CHECK_EQ(loaded->classes().names, model.classes().names);
  ZSI_CHECK(loaded->classes().vectors == model.classes().vectors);
  ZSI_CHECK_EQ(modelConfigToJson(loaded->config()), modelConfigToJson(model.config()));
  std::mt19937 rng(3);
  auto scene = drawScene(160, 120, rng, 3);
  DetectOptions o;
  o.mode = InferenceMode::Gzsi;
  o.scoreThreshold = -1e9;  // keep every candidate so the comparison covers many detections
  auto a = model.infer(scene.image, model.classes(), o);
  auto b = loaded->infer(scene.image, loaded->classes(), o);
  ZSI_REQUIRE_OK(a);
  ZSI_REQUIRE_OK(b);
  ZSI_CHECK(a->size() > 10);
  ZSI_CHECK(a->boxes == b->boxes);
  ZSI_CHECK(a->scores == b->scores);
  ZSI_CHECK(a->labels == b->labels);
  ZSI_CHECK(a->semantic == b->semantic);
  bool masksEqual = a->masks.size() == b->masks.size();
  for (std::size_t i = 0; masksEqual && i < a->masks.size(); ++i) masksEqual = a->masks[i].pixels == b->masks[i].pixels;
  ZSI_CHECK(masksEqual);
}

ZSI_TEST(checkpoint_mismatches_are_listed_by_name) {
  auto model = smallModel(5);
  const std::string dir = tempDir();
  ZSI_REQUIRE_OK(model.save(dir + "/good.safetensors"));
  rewrite(dir + "/good.safetensors", dir + "/bad.safetensors", [](NamedTensors& t) {
    NamedTensors out;
    for (auto& [name, value] : t) {
      if (name == "bbox_head.fc_reg.bias") continue;                                        // missing
      if (name == "rpn_head.rpn_reg.weight") value = torch::zeros({12, 64, 3, 3});          // mis-shaped
      if (name == "neck.fpn_convs.0.bias") value = value.to(torch::kDouble);               // mis-typed
      out.emplace_back(name, value);
    }
    out.emplace_back("mask_head.extra_layer.weight", torch::zeros({3}));                  // extra
    t = out;
  });
  auto other = smallModel(6);
  auto st = other.loadWeights(dir + "/bad.safetensors");
  ZSI_REQUIRE(!st.ok());
  const auto& msg = st.error().message;
  zsi::test::note(msg);
  ZSI_CHECK(msg.find("4 problems") != std::string::npos);
  ZSI_CHECK(msg.find("missing tensor 'bbox_head.fc_reg.bias'") != std::string::npos);
  ZSI_CHECK(msg.find("'rpn_head.rpn_reg.weight': shape [12, 64, 3, 3], expected [12, 64, 1, 1]") != std::string::npos);
  ZSI_CHECK(msg.find("'neck.fpn_convs.0.bias': dtype F64, expected F32") != std::string::npos);
  ZSI_CHECK(msg.find("unexpected tensor 'mask_head.extra_layer.weight'") != std::string::npos);
  ZSI_CHECK(!ZsiModel::load(dir + "/bad.safetensors").ok());
  // The refused load left the model as it was: it still equals a fresh seed-6 model.
  auto fresh = smallModel(6);
  auto w1 = other.impl()->net->named_parameters()["bbox_head.fc_semantic.weight"];
  auto w2 = fresh.impl()->net->named_parameters()["bbox_head.fc_semantic.weight"];
  ZSI_CHECK(torch::equal(w1, w2));
  // A good checkpoint loads into a model of the same config.
  ZSI_REQUIRE_OK(other.loadWeights(dir + "/good.safetensors"));
}

ZSI_TEST(truncated_or_foreign_checkpoints_are_refused) {
  auto model = smallModel(8);
  const std::string dir = tempDir();
  ZSI_REQUIRE_OK(model.save(dir + "/m.safetensors"));
  auto bytes = slurp(dir + "/m.safetensors");
  spit(dir + "/cut.safetensors", bytes.substr(0, bytes.size() - 1000));
  auto r = ZsiModel::load(dir + "/cut.safetensors");
  ZSI_REQUIRE(!r.ok());
  ZSI_CHECK(r.error().message.find("truncated") != std::string::npos);
  ZSI_CHECK_EQ(r.error().file, dir + "/cut.safetensors");
  std::vector<float> x(4, 0.f);
  ZSI_REQUIRE_OK(writeSafetensors(dir + "/plain.safetensors", {}, {{"x", "F32", {4}, x.data(), 16}}));
  auto foreign = ZsiModel::load(dir + "/plain.safetensors");
  ZSI_REQUIRE(!foreign.ok());
  ZSI_CHECK(foreign.error().message.find("not a ZSI checkpoint") != std::string::npos);
  ZSI_CHECK(!ZsiModel::load(dir + "/missing.safetensors").ok());
}

ZSI_TEST(key_map_patterns) {
  std::vector<std::string> caps;
  ZSI_CHECK(matchKeyPattern("neck.lateral_convs.{i}.conv.{*}", "neck.lateral_convs.12.conv.weight", &caps));
  ZSI_CHECK((caps == std::vector<std::string>{"12", "weight"}));
  ZSI_CHECK(!matchKeyPattern("neck.lateral_convs.{i}.conv.{*}", "neck.lateral_convs.x.conv.weight", nullptr));
  ZSI_CHECK(matchKeyPattern("{*}num_batches_tracked", "backbone.bn1.num_batches_tracked", nullptr));
  auto m = KeyMap::load(std::string(ZSI_SOURCE_DIR) + "/models/import/mmdet_v1_zsi.json");
  ZSI_REQUIRE_OK(m);
  ZSI_CHECK_EQ(m->map("mask_head.dconvT.conv.bias").value_or(""), std::string("mask_head.decoder_conv.bias"));
  ZSI_CHECK_EQ(m->map("rpn_head.vec_fb.weight").value_or(""), std::string("rpn_head.fb_kernels.weight"));
  ZSI_CHECK(m->ignoreReason("bbox_head.fc_res.weight").has_value());
  ZSI_CHECK(!m->map("bbox_head.something_else").has_value());
  auto bad = KeyMap::parse(R"({"format": "zsi-key-map", "version": 1, "rulez": []})", "k.json");
  ZSI_REQUIRE(!bad.ok());
  ZSI_CHECK_EQ(bad.error().field, std::string("rulez"));
}

ZSI_TEST(official_checkpoint_import_lands_every_parameter) {
  at::set_num_threads(2);
  auto cfg = loadConfigOrDie("zsi_48_17_r101.json");
  auto classes = official4817();
  auto created = ZsiModel::create(cfg, classes);
  ZSI_REQUIRE_OK(created);
  ZsiModel model = created.value();
  // The official key names and shapes of spec §2-§6 (mmdetection v1 modules), written here
  // independently of the key map, with where each should land in our model.
  std::vector<std::tuple<std::string, std::vector<int64_t>, std::string>> keys;  // official, shape, ours
  auto add = [&](const std::string& k, std::vector<int64_t> s, const std::string& ours) { keys.emplace_back(k, s, ours); };
  auto bn = [&](const std::string& p, int64_t c) {
    for (const char* f : {"weight", "bias", "running_mean", "running_var"}) add(p + "." + f, {c}, p + "." + f);
    add(p + ".num_batches_tracked", {}, p + ".num_batches_tracked");
  };
  add("backbone.conv1.weight", {64, 3, 7, 7}, "backbone.conv1.weight");
  bn("backbone.bn1", 64);
  const int blocks[4] = {3, 4, 23, 3};
  int64_t in = 64;
  for (int s = 0; s < 4; ++s) {
    const int64_t planes = 64 << s;
    for (int b = 0; b < blocks[s]; ++b) {
      const std::string p = "backbone.layer" + std::to_string(s + 1) + "." + std::to_string(b);
      add(p + ".conv1.weight", {planes, in, 1, 1}, p + ".conv1.weight");
      bn(p + ".bn1", planes);
      add(p + ".conv2.weight", {planes, planes, 3, 3}, p + ".conv2.weight");
      bn(p + ".bn2", planes);
      add(p + ".conv3.weight", {planes * 4, planes, 1, 1}, p + ".conv3.weight");
      bn(p + ".bn3", planes * 4);
      if (b == 0) {
        add(p + ".downsample.0.weight", {planes * 4, in, 1, 1}, p + ".downsample.0.weight");
        bn(p + ".downsample.1", planes * 4);
      }
      in = planes * 4;
    }
  }
  const int64_t cin[4] = {256, 512, 1024, 2048};
  for (int i = 0; i < 4; ++i) {
    const std::string l = "neck.lateral_convs." + std::to_string(i), f = "neck.fpn_convs." + std::to_string(i);
    add(l + ".conv.weight", {256, cin[i], 1, 1}, l + ".weight");
    add(l + ".conv.bias", {256}, l + ".bias");
    add(f + ".conv.weight", {256, 256, 3, 3}, f + ".weight");
    add(f + ".conv.bias", {256}, f + ".bias");
  }
  add("rpn_head.rpn_conv.weight", {256, 256, 3, 3}, "rpn_head.rpn_conv.weight");
  add("rpn_head.rpn_conv.bias", {256}, "rpn_head.rpn_conv.bias");
  add("rpn_head.rpn_cls_conv_T.weight", {300, 256, 1, 1}, "rpn_head.semantic_conv.weight");
  add("rpn_head.rpn_cls_conv_T.bias", {300}, "rpn_head.semantic_conv.bias");
  add("rpn_head.vec_fb.weight", {6, 300, 1, 1}, "rpn_head.fb_kernels.weight");
  add("rpn_head.rpn_reg.weight", {12, 256, 1, 1}, "rpn_head.rpn_reg.weight");
  add("rpn_head.rpn_reg.bias", {12}, "rpn_head.rpn_reg.bias");
  auto linear = [&](const std::string& name, int64_t out, int64_t inF) {
    add("bbox_head." + name + ".weight", {out, inF}, "bbox_head." + name + ".weight");
    add("bbox_head." + name + ".bias", {out}, "bbox_head." + name + ".bias");
  };
  linear("shared_fcs.0", 1024, 12544);
  linear("shared_fcs.1", 1024, 1024);
  linear("fc_semantic", 300, 1024);
  linear("kernel_semantic", 300, 4717);
  linear("d_kernel_semantic", 4717, 300);
  linear("d_fc_semantic", 1024, 300);
  linear("fc_reg", 196, 1024);
  add("bbox_head.fc_res.weight", {300, 300}, "");  // unused by the official head: dropped
  add("bbox_head.fc_res.bias", {300}, "");
  for (int i = 0; i < 4; ++i) {
    const std::string c = "mask_head.convs." + std::to_string(i);
    add(c + ".conv.weight", {256, 256, 3, 3}, c + ".weight");
    add(c + ".conv.bias", {256}, c + ".bias");
  }
  add("mask_head.upsample.weight", {256, 256, 2, 2}, "mask_head.upsample.weight");
  add("mask_head.upsample.bias", {256}, "mask_head.upsample.bias");
  add("mask_head.convT.conv.weight", {300, 256, 3, 3}, "mask_head.semantic_conv.weight");
  add("mask_head.convT.conv.bias", {300}, "mask_head.semantic_conv.bias");
  add("mask_head.kernel_semantic.weight", {300, 300, 3, 3}, "mask_head.kernel_semantic.weight");
  add("mask_head.kernel_semantic.bias", {300}, "mask_head.kernel_semantic.bias");
  add("mask_head.d_kernel_semantic.weight", {300, 300, 3, 3}, "mask_head.d_kernel_semantic.weight");
  add("mask_head.d_kernel_semantic.bias", {300}, "mask_head.d_kernel_semantic.bias");
  add("mask_head.dconvT.conv.weight", {256, 300, 3, 3}, "mask_head.decoder_conv.weight");
  add("mask_head.dconvT.conv.bias", {256}, "mask_head.decoder_conv.bias");

  c10::impl::GenericDict stateDict(c10::StringType::get(), c10::TensorType::get());
  for (const auto& [k, s, ours] : keys) {
    auto t = k.find("num_batches_tracked") != std::string::npos ? torch::tensor(1234, torch::kLong) : tagged(s, k);
    stateDict.insert(k, t);
  }
  // The frozen classifier holds [background; seen vectors] as trained (spec §6).
  auto convVec = torch::zeros({49, 300, 1, 1});
  for (int c = 0; c < 48; ++c)
    convVec[c + 1] = torch::from_blob(const_cast<float*>(classes.row(c)), {300}, torch::kFloat).clone().view({300, 1, 1});
  stateDict.insert("mask_head.conv_vec.weight", convVec);
  c10::impl::GenericDict checkpoint(c10::StringType::get(), c10::AnyType::get());
  checkpoint.insert("state_dict", stateDict);
  c10::impl::GenericDict meta(c10::StringType::get(), c10::AnyType::get());
  meta.insert("mmdet_version", std::string("1.0rc0+synthetic"));
  checkpoint.insert("meta", meta);
  const std::string dir = tempDir();
  const std::string pth = dir + "/ZSI_48_17_synthetic.pth";
  {
    auto bytes = torch::pickle_save(checkpoint);
    std::ofstream(pth, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  }
  const std::string keyMap = std::string(ZSI_SOURCE_DIR) + "/models/import/mmdet_v1_zsi.json";
  auto report = importWeights(model, pth, keyMap);
  ZSI_REQUIRE_OK(report);
  note(report->toString());
  auto state = moduleState(*model.impl()->net);
  std::map<std::string, torch::Tensor> ours(state.begin(), state.end());
  std::size_t landed = 0, expectedLanded = 0;
  for (const auto& [k, s, target] : keys) {
    if (target.empty()) continue;
    ++expectedLanded;
    auto it = ours.find(target);
    if (it == ours.end()) {
      reportFailure(__FILE__, __LINE__, "no tensor '" + target + "' in the model");
      continue;
    }
    auto want = k.find("num_batches_tracked") != std::string::npos ? torch::tensor(1234, torch::kLong) : tagged(s, k);
    if (torch::equal(it->second, want)) ++landed;
    else reportFailure(__FILE__, __LINE__, "'" + k + "' did not land in '" + target + "'");
  }
  ZSI_CHECK_EQ(landed, expectedLanded);
  ZSI_CHECK_EQ(report->imported, expectedLanded);
  // Every model tensor was imported except the three filled from the word-vector and vocabulary files.
  ZSI_CHECK_EQ(ours.size(), expectedLanded + 3);
  ZSI_CHECK_EQ(report->ignored.size(), 3u);  // fc_res.weight, fc_res.bias, conv_vec.weight
  note("official synthetic import: " + std::to_string(landed) + " tensors landed");

  // The same checkpoint with one tensor missing, one mis-shaped, one unknown: all three named.
  ZSI_CHECK_EQ(stateDict.erase("bbox_head.fc_reg.bias"), 1u);
  stateDict.insert_or_assign("rpn_head.vec_fb.weight", torch::zeros({6, 300}));
  stateDict.insert("rpn_head.new_branch.weight", torch::zeros({3}));
  {
    auto bytes = torch::pickle_save(checkpoint);
    std::ofstream(pth, std::ios::binary | std::ios::trunc).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  }
  auto bad = importWeights(model, pth, keyMap);
  ZSI_REQUIRE(!bad.ok());
  ZSI_CHECK(bad.error().message.find("no source tensor for 'bbox_head.fc_reg.bias'") != std::string::npos);
  ZSI_CHECK(bad.error().message.find("'rpn_head.vec_fb.weight' → 'rpn_head.fb_kernels.weight': shape [6, 300]") !=
            std::string::npos);
  ZSI_CHECK(bad.error().message.find("no rule for 'rpn_head.new_branch.weight'") != std::string::npos);

  // Trained on other class vectors (e.g. the 65/15 file with a 48/17 config): refused.
  stateDict.insert_or_assign("bbox_head.fc_reg.bias", tagged({196}, "bbox_head.fc_reg.bias"));
  stateDict.insert_or_assign("rpn_head.vec_fb.weight", tagged({6, 300, 1, 1}, "rpn_head.vec_fb.weight"));
  ZSI_CHECK_EQ(stateDict.erase("rpn_head.new_branch.weight"), 1u);
  stateDict.insert_or_assign("mask_head.conv_vec.weight", torch::randn({49, 300, 1, 1}));
  {
    auto bytes = torch::pickle_save(checkpoint);
    std::ofstream(pth, std::ios::binary | std::ios::trunc).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  }
  auto wrongSplit = importWeights(model, pth, keyMap);
  ZSI_REQUIRE(!wrongSplit.ok());
  ZSI_CHECK(wrongSplit.error().message.find("other seen class vectors") != std::string::npos);
}

ZSI_TEST(torchvision_backbone_import) {
  auto model = smallModel(9);
  // A torchvision-named state dict for the small backbone, with the ImageNet classifier.
  auto fresh = smallModel(10);
  NamedTensors tv;
  for (auto& [name, t] : moduleState(*fresh.impl()->net->backbone)) tv.emplace_back(name, tagged(t.sizes().vec(), name).to(t.dtype()));
  tv.emplace_back("fc.weight", torch::zeros({1000, 512}));
  tv.emplace_back("fc.bias", torch::zeros({1000}));
  const std::string dir = tempDir();
  ZSI_REQUIRE_OK(writeTensors(dir + "/resnet.safetensors", tv, {}));
  auto before = moduleState(*model.impl()->net->rpnHead);
  std::vector<torch::Tensor> rpnBefore;
  for (auto& [n, t] : before) rpnBefore.push_back(t.clone());
  auto report = importWeights(model, dir + "/resnet.safetensors",
                              std::string(ZSI_SOURCE_DIR) + "/models/import/torchvision_resnet.json");
  ZSI_REQUIRE_OK(report);
  ZSI_CHECK_EQ(report->imported, tv.size() - 2);
  ZSI_CHECK_EQ(report->ignored.size(), 2u);
  auto state = moduleState(*model.impl()->net);
  std::map<std::string, torch::Tensor> ours(state.begin(), state.end());
  for (auto& [name, t] : tv) {
    if (name.rfind("fc.", 0) == 0) continue;
    ZSI_CHECK(torch::equal(ours["backbone." + name], t));
  }
  // Nothing outside the backbone changed.
  std::size_t i = 0;
  for (auto& [n, t] : moduleState(*model.impl()->net->rpnHead)) ZSI_CHECK(torch::equal(t, rpnBefore[i++]));
}

// torchvision's detection backbone (resnet_fpn_backbone / maskrcnn_resnet50_fpn().backbone): the
// built-in key map "torchvision_resnet_fpn" covers our backbone and neck (two target prefixes);
// tests/reference/torchvision compares the imported network's outputs with torchvision's.
ZSI_TEST(torchvision_fpn_backbone_import_covers_backbone_and_neck) {
  auto model = smallModel(12);
  auto fresh = smallModel(13);
  NamedTensors tv;
  auto addAs = [&](const std::string& theirs, const torch::Tensor& t) {
    tv.emplace_back(theirs, tagged(t.sizes().vec(), theirs).to(t.dtype()));
  };
  // FrozenBatchNorm2d has no step counter: the whole-model layout (backbone.body.*) without them.
  for (auto& [name, t] : moduleState(*fresh.impl()->net->backbone))
    if (name.find("num_batches_tracked") == std::string::npos) addAs("backbone.body." + name, t);
  for (auto& [name, t] : moduleState(*fresh.impl()->net->neck)) {
    const bool lateral = name.rfind("lateral_convs.", 0) == 0;
    const std::string rest = name.substr(std::string(lateral ? "lateral_convs." : "fpn_convs.").size());
    const std::string index = rest.substr(0, rest.find('.')), param = rest.substr(rest.find('.') + 1);
    // torchvision >= 0.13 (Conv2dNormActivation: ".0.") for the lateral convs, the older names for
    // the output convs: both layouts map.
    addAs(lateral ? "backbone.fpn.inner_blocks." + index + ".0." + param : "backbone.fpn.layer_blocks." + index + "." + param, t);
  }
  tv.emplace_back("rpn.head.conv.0.0.weight", torch::zeros({4, 4, 3, 3}));
  tv.emplace_back("roi_heads.box_predictor.cls_score.bias", torch::zeros({91}));
  const std::string dir = tempDir();
  ZSI_REQUIRE_OK(writeTensors(dir + "/maskrcnn.safetensors", tv, {}));
  std::vector<torch::Tensor> rpnBefore;
  for (auto& [n, t] : moduleState(*model.impl()->net->rpnHead)) rpnBefore.push_back(t.clone());
  auto report = importWeights(model, dir + "/maskrcnn.safetensors", std::string("torchvision_resnet_fpn"));
  ZSI_REQUIRE_OK(report);
  ZSI_CHECK_EQ(report->imported, tv.size() - 2);
  ZSI_CHECK_EQ(report->ignored.size(), 2u);
  auto state = moduleState(*model.impl()->net);
  std::map<std::string, torch::Tensor> ours(state.begin(), state.end());
  std::size_t landed = 0;
  for (auto& [name, t] : moduleState(*fresh.impl()->net->backbone))
    if (name.find("num_batches_tracked") == std::string::npos)
      landed += torch::equal(ours["backbone." + name], tagged(t.sizes().vec(), "backbone.body." + name).to(t.dtype()));
  ZSI_CHECK_EQ(landed, report->imported - moduleState(*fresh.impl()->net->neck).size());
  ZSI_CHECK(torch::equal(ours["neck.lateral_convs.0.weight"],
                         tagged(ours["neck.lateral_convs.0.weight"].sizes().vec(), "backbone.fpn.inner_blocks.0.0.weight")));
  ZSI_CHECK(torch::equal(ours["neck.fpn_convs.1.bias"],
                         tagged(ours["neck.fpn_convs.1.bias"].sizes().vec(), "backbone.fpn.layer_blocks.1.bias")));
  std::size_t i = 0;
  for (auto& [n, t] : moduleState(*model.impl()->net->rpnHead)) ZSI_CHECK(torch::equal(t, rpnBefore[i++]));
  // A neck tensor missing from the source is refused by name: the neck is a target too.
  tv.erase(std::remove_if(tv.begin(), tv.end(), [](const auto& e) { return e.first == "backbone.fpn.layer_blocks.2.weight"; }),
           tv.end());
  ZSI_REQUIRE_OK(writeTensors(dir + "/partial.safetensors", tv, {}));
  auto refused = importWeights(model, dir + "/partial.safetensors", std::string("torchvision_resnet_fpn"));
  ZSI_REQUIRE(!refused.ok());
  ZSI_CHECK(refused.error().message.find("no source tensor for 'neck.fpn_convs.2.weight'") != std::string::npos);
}

ZSI_TEST(legacy_pth_is_refused_with_the_conversion_command) {
  auto model = smallModel(11);
  const std::string path = tempDir() + "/old.pth";
  spit(path, std::string("\x80\x02\x8a\x0alegacy pickle", 16));
  auto r = importWeights(model, path, std::string(ZSI_SOURCE_DIR) + "/models/import/torchvision_resnet.json");
  ZSI_REQUIRE(!r.ok());
  ZSI_CHECK(r.error().message.find("pth_to_safetensors.py") != std::string::npos);
}

ZSI_TEST(vocabulary_matrix_is_required_and_checked) {
  auto cfg = loadConfigOrDie("small_cpu.json");
  cfg.classes.numSeen = 3;
  cfg.classes.vocabularySize = 10;
  auto created = ZsiModel::create(cfg, randomClasses(3, 1, 300, 2));
  ZSI_REQUIRE_OK(created);
  ZsiModel model = created.value();
  ZSI_CHECK(model.needsVocabulary());
  std::mt19937 rng(1);
  auto scene = drawScene(64, 64, rng, 1);
  auto r = model.infer(scene.image, model.classes());
  ZSI_REQUIRE(!r.ok());
  ZSI_CHECK(r.error().message.find("vocabulary") != std::string::npos);
  ClassMatrix wrong{300, std::vector<std::vector<float>>(9, std::vector<float>(300, 0.1f))};
  ZSI_CHECK(!model.setVocabulary(wrong).ok());
  ClassMatrix right{300, std::vector<std::vector<float>>(10, std::vector<float>(300, 0.1f))};
  right.columns[7][4] = 0.5f;  // word 7, dimension 4: lands at row 4, column 7 of the D × V buffer
  ZSI_REQUIRE_OK(model.setVocabulary(right));
  ZSI_CHECK_EQ(model.impl()->net->boxHead->vocabulary()[4][7].item<float>(), 0.5f);
  ZSI_CHECK(!model.needsVocabulary());
  ZSI_REQUIRE_OK(model.infer(scene.image, model.classes()));
  const std::string path = tempDir() + "/v.safetensors";
  ZSI_REQUIRE_OK(model.save(path));
  auto loaded = ZsiModel::load(path);
  ZSI_REQUIRE_OK(loaded);
  ZSI_CHECK(!loaded->needsVocabulary());
}
