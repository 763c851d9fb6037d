// Issue 9, acceptance 3: two processes on loopback (c10d Gloo, torchrun's environment) reach the
// same parameters after K steps as one process with the same global batch, within 1e-5.

#include <filesystem>

#include "core/engine/Checkpoint.h"
#include "core/engine/Safetensors.h"
#include "core/train/Collective.h"
#include "core/train/RunDirectory.h"
#include "tests/core/train/TrainTestUtil.h"

using namespace zsi;
using namespace zsi::test;

namespace fs = std::filesystem;

ZSI_TEST(two_gloo_processes_match_one_process_with_the_same_global_batch) {
  if (!Collective::available()) ZSI_SKIP("this build has no c10d (Gloo)");
  // Two NCCL ranks cannot share one GPU; this test is of Gloo on the CPU.
  if (testDevice() != "cpu") ZSI_SKIP("the distributed test runs Gloo on the CPU; ZSI_TEST_DEVICE=" + testDevice());
  constexpr int kSteps = 4;
  const std::string dir = tempDir();
  auto data = writeSyntheticSet(dir + "/data", 8, 64, 2, 9, 16);
  nlohmann::ordered_json common = {{"schedule", {{"max_iters", kSteps}, {"warmup_iters", 2}}}};
  nlohmann::ordered_json single = common, split = common;
  single["data"] = {{"images_per_step", 4}};
  split["data"] = {{"images_per_step", 2}};
  split["threads"] = 1;  // two processes share the two cores
  const std::string cfg1 = writeTinyConfig(dir + "/single.json", data.classes, single, 64);
  const std::string cfg2 = writeTinyConfig(dir + "/split.json", data.classes, split, 64);

  auto one = runZsi({"train", "--config", cfg1, "--data", data.json, "--images", data.images, "--out", dir + "/one"},
                    dir + "/one");
  if (one.exitCode != 0) note(one.err);
  ZSI_REQUIRE_EQ(one.exitCode, 0);

  const std::string port = std::to_string(freeTcpPort());
  std::vector<pid_t> pids;
  for (int rank = 0; rank < 2; ++rank) {
    std::map<std::string, std::string> env{{"RANK", std::to_string(rank)}, {"WORLD_SIZE", "2"},
                                           {"LOCAL_RANK", std::to_string(rank)}, {"LOCAL_WORLD_SIZE", "2"},
                                           {"MASTER_ADDR", "127.0.0.1"}, {"MASTER_PORT", port}};
    pids.push_back(spawnZsi({"train", "--config", cfg2, "--data", data.json, "--images", data.images, "--out",
                             dir + "/two"},
                            env, dir + "/rank" + std::to_string(rank)));
  }
  for (int rank = 0; rank < 2; ++rank) {
    const int code = waitExit(pids[static_cast<std::size_t>(rank)]);
    if (code != 0) note("rank " + std::to_string(rank) + ": " + slurp(dir + "/rank" + std::to_string(rank) + ".err"));
    ZSI_CHECK_EQ(code, 0);
  }
  // Rank 0 alone wrote the run; its log says two processes.
  auto start = readMetrics(dir + "/two/metrics.jsonl").front();
  ZSI_CHECK_EQ(start["world_size"].get<int>(), 2);
  ZSI_CHECK_EQ(start["global_batch"].get<int>(), 4);

  const std::string stem = RunDirectory::checkpointStem(kSteps);
  auto a = readSafetensors(dir + "/one/checkpoints/" + stem + ".safetensors");
  auto b = readSafetensors(dir + "/two/checkpoints/" + stem + ".safetensors");
  ZSI_REQUIRE_OK(a);
  ZSI_REQUIRE_OK(b);
  ZSI_REQUIRE_EQ(a->entries.size(), b->entries.size());
  double worst = 0;
  std::string worstName;
  for (const auto& e : a->entries) {
    const auto* f = b->find(e.name);
    ZSI_REQUIRE(f != nullptr);
    auto ta = entryTensor(a.value(), e).to(torch::kDouble), tb = entryTensor(b.value(), *f).to(torch::kDouble);
    const double d = (ta - tb).abs().max().item<double>();
    if (d > worst) worst = d, worstName = e.name;
  }
  // The losses agree step by step, and they change (the weights moved).
  auto l1 = lossByIteration(readMetrics(dir + "/one/metrics.jsonl"));
  auto l2 = lossByIteration(readMetrics(dir + "/two/metrics.jsonl"));
  ZSI_REQUIRE_EQ(l1.size(), std::size_t(kSteps));
  ZSI_REQUIRE_EQ(l2.size(), std::size_t(kSteps));
  for (const auto& [it, v] : l1) {
    note("iteration " + std::to_string(it) + ": loss " + show(v) + " (1 process) vs " + show(l2.at(it)) + " (2)");
    ZSI_CHECK_NEAR(v, l2.at(it), 1e-4 * std::max(1.0, std::abs(v)));
  }
  ZSI_CHECK(std::abs(l1.at(1) - l1.at(kSteps)) > 1e-3);
  note("largest parameter difference after " + std::to_string(kSteps) + " steps: " + show(worst) + " (" + worstName + ")");
  ZSI_CHECK(worst <= 1e-5);
}
