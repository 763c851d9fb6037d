// `zsi train` and `zsi infer` refuse bad input with a clear message before any work starts
// (issue 9, acceptance 5), and their --help lists every option (acceptance 4).

#include <filesystem>

#include "core/engine/ClassSetConversion.h"
#include "core/engine/ZsiModel.h"
#include "tests/core/train/TrainTestUtil.h"

using namespace zsi;
using namespace zsi::test;

namespace fs = std::filesystem;

namespace {

struct Fixture {
  std::string dir;
  SyntheticSet data;
  std::string config;
};

Fixture fixture() {
  Fixture f;
  f.dir = tempDir();
  f.data = writeSyntheticSet(f.dir + "/data", 4, 64, 2, 3, 16);
  f.config = writeTinyConfig(f.dir + "/train.json", f.data.classes, {}, 64);
  return f;
}

std::vector<std::string> trainArgs(const Fixture& f, const std::string& out) {
  return {"train", "--config", f.config, "--data", f.data.json, "--images", f.data.images, "--out", out};
}

void expectFailure(const ProcessResult& r, const std::vector<std::string>& phrases) {
  note("stderr: " + r.err.substr(0, r.err.find('\n')));
  ZSI_CHECK_EQ(r.exitCode, 1);
  for (const auto& p : phrases) {
    if (r.err.find(p) == std::string::npos) reportFailure(__FILE__, __LINE__, "stderr lacks \"" + p + "\": " + r.err);
  }
}

}  // namespace

ZSI_TEST(train_refuses_missing_image_files_before_work) {
  Fixture f = fixture();
  fs::remove(f.data.images + "/000003.png");
  const std::string out = f.dir + "/run";
  auto r = runZsi(trainArgs(f, out), f.dir + "/log");
  expectFailure(r, {"000003.png (missing)", "1 of 4 image file(s)", f.data.json});
  ZSI_CHECK(!fs::exists(out + "/metrics.jsonl"));
}

ZSI_TEST(train_refuses_an_unknown_config_key) {
  Fixture f = fixture();
  auto text = readFile(f.config);
  ZSI_REQUIRE_OK(text);
  auto j = nlohmann::ordered_json::parse(text.value());
  j["schedule"]["learning_rate"] = 0.1;
  ZSI_REQUIRE_OK(writeFileAtomic(f.config, j.dump(2)));
  auto r = runZsi(trainArgs(f, f.dir + "/run"), f.dir + "/log");
  expectFailure(r, {"schedule.learning_rate", "unknown key", f.config});
  ZSI_CHECK(!fs::exists(f.dir + "/run"));
}

ZSI_TEST(train_refuses_an_unwritable_run_directory) {
  Fixture f = fixture();
  ZSI_REQUIRE_OK(writeFileAtomic(f.dir + "/a-file", "x"));
  auto r = runZsi(trainArgs(f, f.dir + "/a-file/run"), f.dir + "/log");
  expectFailure(r, {"run directory", f.dir + "/a-file/run"});
  // A folder holding another run is refused too (unless --resume).
  fs::create_directories(f.dir + "/used");
  ZSI_REQUIRE_OK(writeFileAtomic(f.dir + "/used/metrics.jsonl", "{}\n"));
  auto used = runZsi(trainArgs(f, f.dir + "/used"), f.dir + "/log2");
  expectFailure(used, {"--resume"});
}

ZSI_TEST(train_refuses_a_class_set_that_does_not_fit_the_config) {
  Fixture f = fixture();
  writeTinyConfig(f.config, f.data.classes, {{"model", {{"classes", {{"num_seen", 5}}}}}}, 64);
  auto r = runZsi(trainArgs(f, f.dir + "/run"), f.dir + "/log");
  expectFailure(r, {"3 seen classes", "model.classes.num_seen"});
  // A --classes file that does not exist.
  auto args = trainArgs(f, f.dir + "/run2");
  args.insert(args.end(), {"--classes", f.dir + "/nope.json"});
  auto missing = runZsi(args, f.dir + "/log2");
  expectFailure(missing, {"nope.json"});
}

ZSI_TEST(infer_refuses_a_class_set_that_does_not_match_the_checkpoint) {
  Fixture f = fixture();
  ModelConfig cfg = loadModelConfig(std::string(ZSI_SOURCE_DIR) + "/models/configs/small_cpu.json").value();
  cfg.classes.numSeen = 3;
  cfg.classes.semanticDims = 16;
  cfg.input.maxLongSide = cfg.input.maxShortSide = 64;
  auto classes = toClassVectors(syntheticClassSet(16));
  ZSI_REQUIRE_OK(classes);
  auto model = ZsiModel::create(cfg, classes.value());
  ZSI_REQUIRE_OK(model);
  const std::string ckpt = f.dir + "/model.safetensors";
  ZSI_REQUIRE_OK(model->save(ckpt));
  const std::string out = f.dir + "/results.json";
  // Another dimension.
  const std::string wide = f.dir + "/wide.json";
  ZSI_REQUIRE_OK(syntheticClassSet(32).save(wide));
  auto r = runZsi({"infer", "--model", ckpt, "--classes", wide, "--images", f.data.images, "--mode", "zsi", "--out", out},
                  f.dir + "/log");
  expectFailure(r, {"does not match the checkpoint", "dimension 32", "16", wide});
  // The built-in 48/17 set (300-d) against a 16-d model.
  auto split = runZsi({"infer", "--model", ckpt, "--split", "48_17", "--images", f.data.images, "--mode", "zsi",
                       "--out", out},
                      f.dir + "/log2");
  expectFailure(split, {"does not match the checkpoint"});
  // Seen classes the model was not trained on (GZSI needs its classifiers).
  ClassSet renamed = syntheticClassSet(16);
  renamed.classes[0].name = "hexagon";
  renamed.classes[3].unseen = false;  // 4 seen classes, one unknown
  const std::string other = f.dir + "/other.json";
  ZSI_REQUIRE_OK(renamed.save(other));
  auto seen = runZsi({"infer", "--model", ckpt, "--classes", other, "--images", f.data.images, "--mode", "gzsi",
                      "--out", out},
                     f.dir + "/log3");
  expectFailure(seen, {"does not match the checkpoint", "hexagon"});
  ZSI_CHECK(!fs::exists(out));
  // Missing images of a --coco file, and an unwritable output, before any image runs.
  fs::remove(f.data.images + "/000002.png");
  auto gt = runZsi({"infer", "--model", ckpt, "--coco", f.data.json, "--images", f.data.images, "--mode", "zsi",
                    "--out", out},
                   f.dir + "/log4");
  expectFailure(gt, {"000002.png", "missing"});
  auto unwritable = runZsi({"infer", "--model", ckpt, "--images", f.data.images, "--mode", "gzsd", "--out",
                            f.dir + "/no/such/dir/r.json"},
                           f.dir + "/log5");
  expectFailure(unwritable, {"no/such/dir"});
  auto noModel = runZsi({"infer", "--model", f.dir + "/none.safetensors", "--images", f.data.images, "--mode", "zsi",
                         "--out", out},
                        f.dir + "/log6");
  expectFailure(noModel, {"none.safetensors"});
}

ZSI_TEST(help_lists_every_option) {
  const std::string dir = tempDir();
  auto train = runZsi({"train", "--help"}, dir + "/train");
  ZSI_CHECK_EQ(train.exitCode, 0);
  for (const char* o : {"--config", "--classes", "--data", "--images", "--val", "--val-images", "--out", "--resume",
                        "--device", "--workers", "--max-iters", "--progress", "metrics.jsonl", "torchrun"})
    if (train.out.find(o) == std::string::npos) reportFailure(__FILE__, __LINE__, std::string("train --help lacks ") + o);
  auto infer = runZsi({"infer", "--help"}, dir + "/infer");
  ZSI_CHECK_EQ(infer.exitCode, 0);
  for (const char* o : {"--model", "--classes", "--split", "--images", "--coco", "--mode", "--out", "--device",
                        "--batch", "--score-thr", "--scoring", "--seen-bias", "--overlays", "--overlay-score-thr", "--workers", "--max-images"})
    if (infer.out.find(o) == std::string::npos) reportFailure(__FILE__, __LINE__, std::string("infer --help lacks ") + o);
}
