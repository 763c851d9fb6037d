// Plain parts of the trainer: the training config (strict keys, model resolution, class-set
// sizes), the learning-rate schedule, the launcher environment, the run directory and the
// append-only logs.

#include <filesystem>

#include "core/train/AppendOnlyFile.h"
#include "core/train/DistributedEnv.h"
#include "core/train/LrSchedule.h"
#include "core/train/RunDirectory.h"
#include "core/train/TrainConfig.h"
#include "core/util/AtomicFile.h"
#include "core/wordvec/BuiltinClassSets.h"
#include "tests/harness/ZsiTest.h"

using namespace zsi;
using namespace zsi::test;

namespace {

std::string smallCpu() { return std::string(ZSI_SOURCE_DIR) + "/models/configs/small_cpu.json"; }

Result<TrainConfig> parse(const std::string& text, int dims = 32, int seen = 3) {
  return parseTrainConfig(text, "cfg.json", std::string(ZSI_SOURCE_DIR) + "/models/configs", dims, seen);
}

}  // namespace

ZSI_TEST(train_config_reads_a_model_file_and_takes_sizes_from_the_class_set) {
  auto c = parse(R"({"format": "zsi-train-config", "version": 1, "model": "small_cpu.json",
                     "schedule": {"lr": 0.02, "lr_steps": [3, 5], "lr_step_unit": "iteration"}})");
  ZSI_REQUIRE_OK(c);
  ZSI_CHECK_EQ(c->model.name, std::string("small_cpu"));
  ZSI_CHECK_EQ(c->model.classes.numSeen, 3);       // the file says 48, the class set 3
  ZSI_CHECK_EQ(c->model.classes.semanticDims, 32);
  ZSI_CHECK_EQ(c->schedule.lr, 0.02);
  ZSI_CHECK(!c->schedule.stepsInEpochs);
  ZSI_CHECK_EQ(c->data.imagesPerStep, 2);  // defaults of spec §8
  ZSI_CHECK_EQ(c->schedule.gradClip, 35.0);
  // The resolved form parses back to the same text.
  const std::string json = trainConfigToJson(c.value());
  auto again = parseTrainConfig(json, "config.json", "");
  ZSI_REQUIRE_OK(again);
  ZSI_CHECK_EQ(trainConfigToJson(again.value()), json);
}

// The committed demo model's training config and the contrastive ablation's (models/demo/): they
// load against the demo class set (64-d, 27 seen) and differ only in the head.
ZSI_TEST(demo_training_configs_load_and_differ_only_in_the_contrastive_head) {
  const std::string demo = std::string(ZSI_SOURCE_DIR) + "/models/demo/";
  auto base = loadTrainConfig(demo + "demo_model_train.json", 64, 27);
  ZSI_REQUIRE_OK(base);
  ZSI_CHECK(base->model.test.directScoring);
  ZSI_CHECK(base->model.quirks.gzsdMerge == GzsdMerge::Separate);
  ZSI_CHECK(!base->model.contrastive.enabled());
  ZSI_CHECK_EQ(base->threads, 2);
  struct Variant {
    const char* file;
    ContrastiveHead head;
    PatchMode mode;
  };
  for (const Variant& v : {Variant{"infomax.json", ContrastiveHead::InfoMax, PatchMode::Views},
                           Variant{"patch_views.json", ContrastiveHead::Patch, PatchMode::Views},
                           Variant{"patch_semantic.json", ContrastiveHead::Patch, PatchMode::Semantic}}) {
    auto c = loadTrainConfig(demo + "ablation/" + v.file, 64, 27);
    ZSI_REQUIRE_OK(c);
    ZSI_CHECK(c->model.contrastive.head == v.head);
    if (v.head == ContrastiveHead::Patch) ZSI_CHECK(c->model.contrastive.patch.mode == v.mode);
    // Same data, seed and schedule as the committed model.
    ZSI_CHECK_EQ(c->seed, base->seed);
    ZSI_CHECK_EQ(c->schedule.epochs, base->schedule.epochs);
    ZSI_CHECK_EQ(c->schedule.lr, base->schedule.lr);
    ZSI_CHECK(c->schedule.lrSteps == base->schedule.lrSteps);
    ZSI_CHECK_EQ(c->data.imagesPerStep, base->data.imagesPerStep);
    // Same threads and decoding workers, so the variants' training times compare too.
    ZSI_CHECK_EQ(c->data.workers, base->data.workers);
    ZSI_CHECK_EQ(c->threads, base->threads);
    ZSI_CHECK_EQ(c->model.classes.semanticDims, 64);
  }
}

ZSI_TEST(train_config_merges_overrides_into_a_base) {
  auto c = parse(std::string(R"({"format": "zsi-train-config", "version": 1,
      "model": {"base": ")") + smallCpu() + R"(", "input": {"max_size": [96, 64]}}})");
  ZSI_REQUIRE_OK(c);
  ZSI_CHECK_EQ(c->model.input.maxLongSide, 96);
  ZSI_CHECK_EQ(c->model.input.maxShortSide, 64);
  ZSI_CHECK_EQ(c->model.fpn.outChannels, 64);  // from the base
}

ZSI_TEST(train_config_rejects_unknown_keys_with_their_path) {
  auto top = parse(R"({"format": "zsi-train-config", "version": 1, "model": "small_cpu.json", "epochs": 3})");
  ZSI_REQUIRE(!top.ok());
  ZSI_CHECK_EQ(top.error().field, std::string("epochs"));
  ZSI_CHECK(top.error().message.find("unknown key") != std::string::npos);
  auto nested = parse(R"({"format": "zsi-train-config", "version": 1, "model": "small_cpu.json",
                          "schedule": {"lr": 0.1, "warmup": 10}})");
  ZSI_REQUIRE(!nested.ok());
  ZSI_CHECK_EQ(nested.error().field, std::string("schedule.warmup"));
  auto model = parse(std::string(R"({"format": "zsi-train-config", "version": 1,
      "model": {"base": ")") + smallCpu() + R"(", "rpn": {"anchor_size": 3}}})");
  ZSI_REQUIRE(!model.ok());
  ZSI_CHECK_EQ(model.error().field, std::string("model.rpn.anchor_size"));
  note(model.error().toString());
}

ZSI_TEST(train_config_errors_name_the_field_and_the_position) {
  auto range = parse(R"({"format": "zsi-train-config", "version": 1, "model": "small_cpu.json",
                         "data": {"images_per_step": 0}})");
  ZSI_REQUIRE(!range.ok());
  ZSI_CHECK_EQ(range.error().field, std::string("data.images_per_step"));
  auto syntax = parse("{\"format\": \"zsi-train-config\",\n  \"version\": 1,\n  \"model\": }");
  ZSI_REQUIRE(!syntax.ok());
  ZSI_CHECK_EQ(syntax.error().line, 3);
  auto version = parse(R"({"format": "zsi-train-config", "version": 9, "model": "small_cpu.json"})");
  ZSI_REQUIRE(!version.ok());
  ZSI_CHECK_EQ(version.error().field, std::string("version"));
  auto missingModel = parse(R"({"format": "zsi-train-config", "version": 1})");
  ZSI_REQUIRE(!missingModel.ok());
  ZSI_CHECK_EQ(missingModel.error().field, std::string("model"));
  // Inline sizes must agree with the class set; the trainer reports it (here: parsed as given).
  auto inlineSizes = parse(std::string(R"({"format": "zsi-train-config", "version": 1,
      "model": {"base": ")") + smallCpu() + R"(", "classes": {"num_seen": 5}}})");
  ZSI_REQUIRE_OK(inlineSizes);
  ZSI_CHECK_EQ(inlineSizes->model.classes.numSeen, 5);
}

ZSI_TEST(train_config_accepts_a_plain_model_config) {
  auto text = readFile(smallCpu());
  ZSI_REQUIRE_OK(text);
  auto c = parse(text.value(), 64, 27);
  ZSI_REQUIRE_OK(c);
  ZSI_CHECK_EQ(c->model.classes.numSeen, 27);
  ZSI_CHECK_EQ(c->model.classes.semanticDims, 64);
  ZSI_CHECK_EQ(c->schedule.epochs, 12);
}

ZSI_TEST(lr_schedule_warms_up_linearly_and_steps_down) {
  TrainConfig::Schedule s;
  s.lr = 0.01;
  s.warmupIters = 500;
  s.warmupRatio = 1.0 / 3.0;
  s.lrSteps = {8, 11};
  LrSchedule lr(s, 1000);
  ZSI_CHECK_NEAR(lr.at(0), 0.01 / 3.0, 1e-15);
  ZSI_CHECK_NEAR(lr.at(250), 0.01 * (1 - 0.5 * (2.0 / 3.0)), 1e-15);
  ZSI_CHECK_NEAR(lr.at(500), 0.01, 1e-15);
  ZSI_CHECK_NEAR(lr.at(7999), 0.01, 1e-15);
  ZSI_CHECK_NEAR(lr.at(8000), 0.001, 1e-15);
  ZSI_CHECK_NEAR(lr.at(11000), 0.0001, 1e-15);
  s.stepsInEpochs = false;
  s.lrSteps = {30};
  s.warmupIters = 0;
  LrSchedule byIter(s, 1000);
  ZSI_CHECK_EQ(byIter.at(29), 0.01);
  ZSI_CHECK_NEAR(byIter.at(30), 0.001, 1e-15);
}

ZSI_TEST(distributed_env_reads_torchrun_and_slurm) {
  auto fromMap = [](std::map<std::string, std::string> m) {
    return readDistributedEnv([m](const char* k) -> const char* {
      auto it = m.find(k);
      return it == m.end() ? nullptr : it->second.c_str();
    });
  };
  auto single = fromMap({});
  ZSI_REQUIRE_OK(single);
  ZSI_CHECK(!single->distributed());
  auto tr = fromMap({{"RANK", "3"}, {"WORLD_SIZE", "8"}, {"LOCAL_RANK", "1"}, {"LOCAL_WORLD_SIZE", "2"},
                     {"MASTER_ADDR", "node7"}, {"MASTER_PORT", "29511"}});
  ZSI_REQUIRE_OK(tr);
  ZSI_CHECK_EQ(tr->rank, 3);
  ZSI_CHECK_EQ(tr->worldSize, 8);
  ZSI_CHECK_EQ(tr->localRank, 1);
  ZSI_CHECK_EQ(tr->masterAddr, std::string("node7"));
  ZSI_CHECK_EQ(tr->masterPort, 29511);
  ZSI_CHECK_EQ(tr->launcher, std::string("torchrun"));
  auto slurm = fromMap({{"SLURM_NTASKS", "8"}, {"SLURM_PROCID", "5"}, {"SLURM_LOCALID", "1"},
                        {"SLURM_TASKS_PER_NODE", "4(x2)"}, {"SLURM_JOB_NODELIST", "gpu[003-004],login1"},
                        {"SLURM_JOB_ID", "123456"}});
  ZSI_REQUIRE_OK(slurm);
  ZSI_CHECK_EQ(slurm->rank, 5);
  ZSI_CHECK_EQ(slurm->worldSize, 8);
  ZSI_CHECK_EQ(slurm->localRank, 1);
  ZSI_CHECK_EQ(slurm->localWorldSize, 4);
  ZSI_CHECK_EQ(slurm->masterAddr, std::string("gpu003"));
  ZSI_CHECK_EQ(slurm->masterPort, 29500 + 456);
  ZSI_CHECK_EQ(firstSlurmHost("a1,a2"), std::string("a1"));
  ZSI_CHECK_EQ(firstSlurmHost("n[7,9-10]x"), std::string("n7x"));
  auto bad = fromMap({{"RANK", "2"}, {"WORLD_SIZE", "2"}});
  ZSI_REQUIRE(!bad.ok());
  auto junk = fromMap({{"RANK", "x"}, {"WORLD_SIZE", "2"}});
  ZSI_REQUIRE(!junk.ok());
  ZSI_CHECK(junk.error().message.find("RANK") != std::string::npos);
}

ZSI_TEST(run_directory_pointer_pruning_and_refusals) {
  const std::string dir = tempDir() + "/run";
  auto run = RunDirectory::createFresh(dir);
  ZSI_REQUIRE_OK(run);
  auto none = run->latest();
  ZSI_REQUIRE_OK(none);
  ZSI_CHECK(!none.value());
  for (int it : {10, 20, 30, 40}) {
    const std::string stem = RunDirectory::checkpointStem(it);
    ZSI_REQUIRE_OK(writeFileAtomic(run->statePath(stem), "s"));
    ZSI_REQUIRE_OK(writeFileAtomic(run->modelPath(stem), "m"));
    ZSI_REQUIRE_OK(run->setLatest(stem));
    run->prune(2);
  }
  // A killed run left the model of iteration 50 and a temporary file, but no pointer to them.
  ZSI_REQUIRE_OK(writeFileAtomic(run->modelPath(RunDirectory::checkpointStem(50)), "m"));
  ZSI_REQUIRE_OK(writeFileAtomic(run->checkpointsDir() + "/iter_00000060.safetensors.tmp-1234abcd", "x"));
  run->prune(2);
  const auto kept = run->checkpoints();
  ZSI_REQUIRE_EQ(kept.size(), std::size_t(2));
  ZSI_CHECK_EQ(kept[0], std::string("iter_00000030"));
  ZSI_CHECK_EQ(kept[1], std::string("iter_00000040"));
  ZSI_CHECK(!std::filesystem::exists(run->modelPath(RunDirectory::checkpointStem(50))));
  ZSI_CHECK(!std::filesystem::exists(run->checkpointsDir() + "/iter_00000060.safetensors.tmp-1234abcd"));
  auto latest = run->latest();
  ZSI_REQUIRE_OK(latest);
  ZSI_CHECK_EQ(*latest.value(), std::string("iter_00000040"));
  auto model = resolveModelCheckpoint(dir);
  ZSI_REQUIRE_OK(model);
  ZSI_CHECK_EQ(model.value(), run->modelPath("iter_00000040"));

  // A folder that holds a run is refused without --resume; one under a file cannot be created.
  ZSI_REQUIRE_OK(writeFileAtomic(run->file("metrics.jsonl"), "{}\n"));
  auto again = RunDirectory::createFresh(dir);
  ZSI_REQUIRE(!again.ok());
  ZSI_CHECK(again.error().message.find("--resume") != std::string::npos);
  const std::string file = tempDir() + "/plain-file";
  ZSI_REQUIRE_OK(writeFileAtomic(file, "x"));
  auto under = RunDirectory::createFresh(file + "/run");
  ZSI_REQUIRE(!under.ok());
  note(under.error().toString());
}

// Issue 27 defect 4: with `latest` empty or missing, --resume started again from iteration 1 and
// its rotation deleted the earlier run's checkpoints as "newer than the latest". Resume now takes
// the newest complete checkpoint (or refuses when there is none), and rotation removes only the
// leftovers of incomplete checkpoints above the pointer.
ZSI_TEST(resume_without_a_pointer_takes_the_newest_complete_checkpoint) {
  const std::string dir = tempDir() + "/run-no-pointer";
  auto run = RunDirectory::createFresh(dir);
  ZSI_REQUIRE_OK(run);
  auto nothing = run->resumeCheckpoint();
  ZSI_REQUIRE(!nothing.ok());
  ZSI_CHECK(nothing.error().message.find("no complete checkpoint") != std::string::npos);
  for (int it : {10, 20, 30}) {
    const std::string stem = RunDirectory::checkpointStem(it);
    ZSI_REQUIRE_OK(writeFileAtomic(run->statePath(stem), "s"));
    ZSI_REQUIRE_OK(writeFileAtomic(run->modelPath(stem), "m"));
  }
  ZSI_REQUIRE_OK(writeFileAtomic(run->modelPath(RunDirectory::checkpointStem(40)), "m"));  // no state
  for (const char* pointer : std::initializer_list<const char*>{"", "\n", nullptr}) {
    const std::string latestFile = run->checkpointsDir() + "/latest";
    if (pointer) ZSI_REQUIRE_OK(writeFileAtomic(latestFile, pointer));
    else std::filesystem::remove(latestFile);
    auto stem = run->resumeCheckpoint();
    ZSI_REQUIRE_OK(stem);
    ZSI_CHECK_EQ(stem.value(), std::string("iter_00000030"));
  }
  // A fresh run may not start in a folder that holds checkpoints, even without a pointer.
  auto fresh = RunDirectory::createFresh(dir);
  ZSI_REQUIRE(!fresh.ok());
  ZSI_CHECK(fresh.error().message.find("--resume") != std::string::npos);
  // Rotation after a checkpoint below the earlier ones keeps those; it drops the incomplete 40.
  const std::string low = RunDirectory::checkpointStem(5);
  ZSI_REQUIRE_OK(writeFileAtomic(run->statePath(low), "s"));
  ZSI_REQUIRE_OK(writeFileAtomic(run->modelPath(low), "m"));
  ZSI_REQUIRE_OK(run->setLatest(low));
  run->prune(2);
  const auto kept = run->checkpoints();
  ZSI_REQUIRE_EQ(kept.size(), std::size_t(4));
  ZSI_CHECK_EQ(kept[3], std::string("iter_00000030"));
  ZSI_CHECK(!std::filesystem::exists(run->modelPath(RunDirectory::checkpointStem(40))));
}

ZSI_TEST(append_only_file_writes_whole_lines) {
  const std::string path = tempDir() + "/m.jsonl";
  auto f = AppendOnlyFile::open(path);
  ZSI_REQUIRE_OK(f);
  ZSI_REQUIRE_OK(f.value()->appendLine("{\"a\": 1}"));
  ZSI_REQUIRE_OK(f.value()->appendLine("{\"b\": 2}"));
  ZSI_CHECK_EQ(f.value()->size(), std::int64_t(18));
  auto text = readFile(path);
  ZSI_REQUIRE_OK(text);
  ZSI_CHECK_EQ(text.value(), std::string("{\"a\": 1}\n{\"b\": 2}\n"));
}

ZSI_TEST(shipped_training_configs_load_with_their_class_sets) {
  int n = 0;
  for (const auto& e : std::filesystem::directory_iterator(std::string(ZSI_SOURCE_DIR) + "/models/train")) {
    if (e.path().extension() != ".json") continue;
    const std::string path = e.path().string();
    auto classes = peekTrainConfigClasses(path);
    ZSI_REQUIRE_OK(classes);
    auto set = loadClassSet(classes.value());
    ZSI_REQUIRE_OK(set);
    auto c = loadTrainConfig(path, static_cast<int>(set->dim()), static_cast<int>(set->seenCount()));
    if (!c.ok()) note(c.error().toString());
    ZSI_CHECK(c.ok());
    ++n;
  }
  ZSI_CHECK(n >= 3);
}
