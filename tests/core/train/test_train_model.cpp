// Issue 9, acceptance 1 (and the run format of acceptance 4): `zsi train` trains a small config for
// a few hundred steps on synthetic scenes on CPU; metrics.jsonl holds the documented records and
// its loss series fall; the checkpoint loads, and `zsi infer` on the same images writes results
// that our evaluator scores far above chance. Also: overlays, --batch, and the run's own
// evaluation after training.

#include <filesystem>

#include "core/coco/CocoReader.h"
#include "core/coco/CocoResults.h"
#include "core/eval/CocoEvalInput.h"
#include "core/eval/Evaluate.h"
#include "core/eval/ZsiReport.h"
#include "core/image/ImageIO.h"
#include "tests/core/train/TrainTestUtil.h"

using namespace zsi;
using namespace zsi::test;

namespace fs = std::filesystem;

namespace {

double apAt50(const std::string& gt, const std::string& results, IouType type) {
  std::vector<std::string> warnings;
  auto input = loadEvalInput(gt, results, type, &warnings);
  ZSI_REQUIRE_OK(input);
  auto result = evaluate(input.value(), EvalParams::zsi(type));
  ZSI_REQUIRE_OK(result);
  auto rep = zsiReport(result.value(), {});
  return rep.ap[1];  // IoU 0.4, 0.5, 0.6
}

double meanOf(const std::map<std::int64_t, double>& m, std::int64_t from, std::int64_t to) {
  double s = 0;
  int n = 0;
  for (auto it = m.lower_bound(from); it != m.end() && it->first <= to; ++it, ++n) s += it->second;
  return n ? s / n : 0;
}

}  // namespace

ZSI_TEST(train_a_small_model_then_infer_and_evaluate) {
  const std::string dir = tempDir();
  const int iterations = std::getenv("ZSI_TRAIN_TEST_ITERS") ? std::atoi(std::getenv("ZSI_TRAIN_TEST_ITERS")) : 240;
  auto data = writeSyntheticSet(dir + "/data", 6, 96, 3, 1234, 32);
  const std::string config = writeTinyConfig(
      dir + "/train.json", data.classes,
      {{"schedule", {{"max_iters", iterations}, {"lr_steps", {iterations * 3 / 4}}, {"lr_step_unit", "iteration"}}},
       {"checkpoint", {{"interval_iters", 100}}},
       {"log", {{"interval_iters", 1}}}},
      96);
  const std::string run = dir + "/run";
  const auto t0 = std::chrono::steady_clock::now();
  auto r = runZsi(onTestDevice({"train", "--config", config, "--data", data.json, "--images", data.images, "--val",
                                 data.json, "--out", run}),
                  dir + "/train");
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  note("zsi train: exit " + std::to_string(r.exitCode) + ", " + std::to_string(secs) + " s for " +
       std::to_string(iterations) + " iterations");
  if (r.exitCode != 0) note(r.err);
  ZSI_REQUIRE_EQ(r.exitCode, 0);
  ZSI_CHECK(r.out.find("done: " + std::to_string(iterations) + " iterations") != std::string::npos);

  // The run directory.
  for (const char* f : {"config.json", "classes.json", "run.json", "metrics.jsonl", "train.log", "checkpoints/latest"})
    if (!fs::exists(run + "/" + f)) reportFailure(__FILE__, __LINE__, std::string("missing ") + f);
  auto records = readMetrics(run + "/metrics.jsonl");
  ZSI_REQUIRE(!records.empty());
  ZSI_CHECK_EQ(records.front()["schema"].get<std::string>(), std::string("zsi-train-metrics"));
  ZSI_CHECK_EQ(records.front()["version"].get<int>(), 1);
  ZSI_CHECK_EQ(records.front()["event"].get<std::string>(), std::string("start"));
  ZSI_CHECK_EQ(records.back()["event"].get<std::string>(), std::string("end"));
  std::map<std::string, int> events;
  for (const auto& rec : records) ++events[rec["event"].get<std::string>()];
  ZSI_CHECK_EQ(events["step"], iterations);
  ZSI_CHECK(events["checkpoint"] >= 2);
  ZSI_CHECK_EQ(events["eval"], 1);
  const auto& step = *std::find_if(records.begin(), records.end(), [](const auto& x) { return x["event"] == "step"; });
  for (const char* k : {"iteration", "epoch", "lr", "losses", "acc", "grad_norm", "iteration_s", "data_s", "memory_mb",
                        "time"})
    if (!step.contains(k)) reportFailure(__FILE__, __LINE__, std::string("step record lacks ") + k);
  for (const char* k : {"loss", "loss_rpn_cls", "loss_rpn_bbox", "loss_semantic", "loss_bbox", "bbox_loss_ed",
                        "loss_mask", "loss_ed"})
    if (!step["losses"].contains(k)) reportFailure(__FILE__, __LINE__, std::string("no loss series ") + k);

  // Every loss series falls: the mean of the last 20 iterations against the first 20.
  std::map<std::string, std::map<std::int64_t, double>> series;
  for (const auto& rec : records)
    if (rec["event"] == "step")
      for (auto it = rec["losses"].begin(); it != rec["losses"].end(); ++it)
        series[it.key()][rec["iteration"].get<std::int64_t>()] = it.value().get<double>();
  for (const auto& [name, s] : series) {
    const double first = meanOf(s, 1, 20), last = meanOf(s, iterations - 19, iterations);
    note(name + ": " + std::to_string(first) + " -> " + std::to_string(last));
    if (name == "loss") ZSI_CHECK(last < 0.4 * first);
    else if (name != "loss_rpn_bbox") ZSI_CHECK(last < first);  // rpn_bbox starts near 0 with few positives
  }
  const auto eval = *std::find_if(records.begin(), records.end(), [](const auto& x) { return x["event"] == "eval"; });
  note("evaluation record: " + eval.dump().substr(0, 300));
  ZSI_CHECK(eval["bbox"]["all"]["ap"][1].get<double>() > 0.3);

  // The checkpoint, through the run directory, with zsi infer; then our evaluator.
  const std::string results = dir + "/results.json", overlays = dir + "/overlays";
  auto inf = runZsi(onTestDevice({"infer", "--model", run, "--coco", data.json, "--images", data.images, "--mode",
                                  "gzsi", "--out", results, "--overlays", overlays}),
                    dir + "/infer");
  if (inf.exitCode != 0) note(inf.err);
  ZSI_REQUIRE_EQ(inf.exitCode, 0);
  note(inf.out);
  ZSI_CHECK(inf.out.find("img/s") != std::string::npos && inf.out.find("network") != std::string::npos);
  const double boxAp = apAt50(data.json, results, IouType::Bbox);
  const double maskAp = apAt50(data.json, results, IouType::Segm);
  note("zsi infer on the training images: bbox AP@0.5 " + std::to_string(boxAp) + ", mask AP@0.5 " +
       std::to_string(maskAp));
  ZSI_CHECK(boxAp > 0.3);
  ZSI_CHECK(maskAp > 0.3);
  std::size_t pngs = 0;
  for (const auto& e : fs::directory_iterator(overlays)) pngs += e.path().extension() == ".png";
  ZSI_CHECK_EQ(pngs, std::size_t(6));
  auto drawn = readImage(overlays + "/000001.png");
  auto original = readImage(data.images + "/000001.png");
  ZSI_REQUIRE_OK(drawn);
  ZSI_REQUIRE_OK(original);
  ZSI_CHECK(drawn->pixels != original->pixels);

  // --batch 3 on images of one size gives the results of one image at a time.
  const std::string batched = dir + "/batched.json";
  auto inf3 = runZsi(onTestDevice({"infer", "--model", run, "--coco", data.json, "--images", data.images, "--mode",
                                   "gzsi", "--out", batched, "--batch", "3"}),
                     dir + "/infer3");
  ZSI_REQUIRE_EQ(inf3.exitCode, 0);
  auto a = loadCocoResults(results), b = loadCocoResults(batched);
  ZSI_REQUIRE_OK(a);
  ZSI_REQUIRE_OK(b);
  ZSI_REQUIRE_EQ(a->detections.size(), b->detections.size());
  double worst = 0;
  for (std::size_t i = 0; i < a->detections.size(); ++i)
    worst = std::max(worst, std::abs(a->detections[i].score - b->detections[i].score));
  note("batch 3 vs 1: largest score difference " + std::to_string(worst));
  // cuDNN may pick other convolution algorithms (TF32 included) for a batch of 3 than for one image.
  ZSI_CHECK(worst < (testDevice() == "cpu" ? 1e-4 : 2e-3));
}
