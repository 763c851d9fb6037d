// Issue 9, acceptance 2: a run killed (SIGKILL) after a checkpoint, or stopped by SIGINT, and then
// resumed, reproduces the uninterrupted run's losses exactly on CPU; SIGKILL never leaves a corrupt
// checkpoint behind.

#include <filesystem>

#include "core/engine/ZsiModel.h"
#include "core/train/RunDirectory.h"
#include "tests/core/train/TrainTestUtil.h"

using namespace zsi;
using namespace zsi::test;

namespace fs = std::filesystem;

namespace {

constexpr int kSteps = 16;

struct Setup {
  std::string dir, config;
  SyntheticSet data;
};

Setup setup() {
  Setup s;
  s.dir = tempDir();
  s.data = writeSyntheticSet(s.dir + "/data", 5, 64, 2, 42, 16);
  // Warm-up and a step decay inside the run, so the schedule's position matters too.
  s.config = writeTinyConfig(s.dir + "/train.json", s.data.classes,
                             {{"schedule", {{"max_iters", kSteps}, {"warmup_iters", 6}, {"lr_steps", {11}},
                                            {"lr_step_unit", "iteration"}}},
                              {"checkpoint", {{"interval_iters", kSteps / 2}}}},
                             64);
  return s;
}

std::vector<std::string> args(const Setup& s, const std::string& run) {
  return {"train", "--config", s.config, "--data", s.data.json, "--images", s.data.images, "--out", run};
}

std::map<std::int64_t, double> losses(const std::string& run) { return lossByIteration(readMetrics(run + "/metrics.jsonl")); }

void expectSameLosses(const std::map<std::int64_t, double>& a, const std::map<std::int64_t, double>& b) {
  ZSI_REQUIRE_EQ(a.size(), std::size_t(kSteps));
  ZSI_REQUIRE_EQ(b.size(), std::size_t(kSteps));
  int equal = 0;
  for (const auto& [it, v] : a) {
    if (b.at(it) == v) ++equal;
    else note("iteration " + std::to_string(it) + ": " + show(v) + " vs " + show(b.at(it)));
  }
  ZSI_CHECK_EQ(equal, kSteps);
}

// What the resumed launch itself logged: its "resume" records, the iteration the (last) one names,
// and the steps recorded after it. A --resume that ignored the checkpoint and trained again from
// iteration 1 reproduces the losses on the CPU just as well; only these tell the two apart.
struct ResumeLog {
  int resumes = 0;
  std::int64_t iteration = -1;
  std::int64_t firstStep = -1;
  std::int64_t steps = 0;
};

ResumeLog resumeLog(const std::string& run) {
  ResumeLog log;
  for (const auto& r : readMetrics(run + "/metrics.jsonl")) {
    const std::string event = r.value("event", "");
    if (event == "resume") {
      ++log.resumes;
      log.iteration = r["iteration"].get<std::int64_t>();
      log.firstStep = -1;
      log.steps = 0;
    } else if (event == "step" && log.resumes > 0) {
      if (log.steps++ == 0) log.firstStep = r["iteration"].get<std::int64_t>();
    }
  }
  return log;
}

// The resumed launch started from the checkpoint of iteration `from`: one resume record naming it,
// then only the steps after it.
void expectResumedFrom(const std::string& run, std::int64_t from) {
  const ResumeLog log = resumeLog(run);
  note("resumed at iteration " + std::to_string(log.iteration) + ", then " +
       std::to_string(log.steps) + " step(s)");
  ZSI_CHECK_EQ(log.resumes, 1);
  ZSI_CHECK_EQ(log.iteration, from);
  ZSI_CHECK_EQ(log.firstStep, from + 1);
  ZSI_CHECK_EQ(log.steps, kSteps - from);
  ZSI_CHECK(log.steps < kSteps);
}

// Waits until the run's metrics show iteration `n` done (or the child exits).
bool waitForIteration(pid_t pid, const std::string& run, std::int64_t n, bool checkpointed) {
  for (int i = 0; i < 60000; ++i) {
    if (checkpointed) {
      auto ptr = readFile(run + "/checkpoints/latest");
      if (ptr.ok() && ptr->rfind(RunDirectory::checkpointStem(n), 0) == 0) return true;
    } else if (fs::exists(run + "/metrics.jsonl")) {
      auto m = losses(run);
      if (!m.empty() && m.rbegin()->first >= n) return true;
    }
    int status = 0;
    if (waitpid(pid, &status, WNOHANG) == pid) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

}  // namespace

ZSI_TEST(resume_after_sigkill_and_sigint_reproduces_the_losses_exactly) {
  // Exact reproduction is promised for deterministic CPU runs only (CUDA kernels that add with
  // atomics are not bit-reproducible).
  if (testDevice() != "cpu") ZSI_SKIP("exact resume reproduction is a CPU property; ZSI_TEST_DEVICE=" + testDevice());
  Setup s = setup();
  const std::string straight = s.dir + "/straight";
  auto a = runZsi(args(s, straight), s.dir + "/straight");
  if (a.exitCode != 0) note(a.err);
  ZSI_REQUIRE_EQ(a.exitCode, 0);
  const auto reference = losses(straight);

  // SIGKILL right after the checkpoint of step kSteps/2, then --resume.
  const std::string killed = s.dir + "/killed";
  const pid_t pid = spawnZsi(args(s, killed), {}, s.dir + "/killed1");
  const bool reached = waitForIteration(pid, killed, kSteps / 2, /*checkpointed=*/true);
  kill(pid, SIGKILL);
  ZSI_CHECK_EQ(waitExit(pid), -SIGKILL);
  ZSI_REQUIRE(reached);
  const auto beforeResume = losses(killed);
  note("killed after iteration " + std::to_string(beforeResume.rbegin()->first));
  ZSI_CHECK(beforeResume.rbegin()->first < kSteps);
  // What SIGKILL left is a loadable checkpoint.
  auto model = ZsiModel::load(killed + "/checkpoints/" + RunDirectory::checkpointStem(kSteps / 2) + ".safetensors");
  ZSI_REQUIRE_OK(model);
  auto b = runZsi({"train", "--out", killed, "--resume"}, s.dir + "/killed2");
  if (b.exitCode != 0) note(b.err);
  ZSI_REQUIRE_EQ(b.exitCode, 0);
  expectSameLosses(reference, losses(killed));
  expectResumedFrom(killed, kSteps / 2);

  // SIGINT at an arbitrary step: the step finishes, a checkpoint is saved, exit 0; then --resume.
  const std::string stopped = s.dir + "/stopped";
  const pid_t pid2 = spawnZsi(args(s, stopped), {}, s.dir + "/stopped1");
  const bool started = waitForIteration(pid2, stopped, 3, /*checkpointed=*/false);
  kill(pid2, SIGINT);
  const int code = waitExit(pid2);
  ZSI_REQUIRE(started);
  ZSI_CHECK_EQ(code, 0);
  const std::string out = slurp(s.dir + "/stopped1.out");
  note(out.substr(0, out.find('\n')));
  ZSI_CHECK(out.find("stopped by signal") != std::string::npos && out.find("--resume") != std::string::npos);
  auto latest = readFile(stopped + "/checkpoints/latest");
  ZSI_REQUIRE_OK(latest);
  note("SIGINT checkpoint: " + latest.value());
  // The pointer names iter_NNNNNNNN: the iteration the resumed launch must start from.
  ZSI_REQUIRE(latest->rfind("iter_", 0) == 0 && latest->size() >= 13);
  const std::int64_t interruptedAt = std::stoll(latest->substr(5, 8));
  ZSI_REQUIRE(latest->rfind(RunDirectory::checkpointStem(interruptedAt), 0) == 0);
  ZSI_CHECK(interruptedAt >= 3 && interruptedAt < kSteps);
  auto c = runZsi({"train", "--out", stopped, "--resume", "--config", s.config}, s.dir + "/stopped2");
  if (c.exitCode != 0) note(c.err);
  ZSI_REQUIRE_EQ(c.exitCode, 0);
  expectSameLosses(reference, losses(stopped));
  expectResumedFrom(stopped, interruptedAt);
  // The final models are identical too.
  auto m1 = readFile(straight + "/checkpoints/" + RunDirectory::checkpointStem(kSteps) + ".safetensors");
  auto m2 = readFile(stopped + "/checkpoints/" + RunDirectory::checkpointStem(kSteps) + ".safetensors");
  ZSI_REQUIRE_OK(m1);
  ZSI_REQUIRE_OK(m2);
  ZSI_CHECK(m1.value() == m2.value());

  // A resume with a different config is refused, naming the first difference.
  writeTinyConfig(s.dir + "/changed.json", s.data.classes, {{"schedule", {{"lr", 0.5}, {"max_iters", kSteps}}}}, 64);
  auto d = runZsi({"train", "--out", stopped, "--resume", "--config", s.dir + "/changed.json"}, s.dir + "/changed");
  ZSI_CHECK_EQ(d.exitCode, 1);
  ZSI_CHECK(d.err.find("schedule.lr") != std::string::npos);
}
