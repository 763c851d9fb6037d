// Issue 10, acceptance 2, smaller: the committed demo model (models/demo/demo_model.safetensors),
// run through `zsi infer` + `zsi eval` on a demo test set freshly generated with a seed never used
// in training, meets the accuracy goals. The full measurement (1000 scenes) is in
// docs/RESULTS.md; this one renders 240 scenes (about 75 of them with unseen objects).

#include <filesystem>
#include <fstream>
#include <set>

#include "tests/core/train/TrainTestUtil.h"

using namespace zsi;
using namespace zsi::test;

namespace fs = std::filesystem;

namespace {

const std::string kModel = std::string(ZSI_SOURCE_DIR) + "/models/demo/demo_model.safetensors";
const std::string kClasses = std::string(ZSI_SOURCE_DIR) + "/models/demo/demo_classes.json";

// Issue 10's goals themselves: unseen ZSI mask mAP@0.5 at least 0.5 and GZSI harmonic mean at
// least 0.4 (the committed model measured 0.723 and 0.688 on this set, 0.695 and 0.725 on the
// 1000 scenes of docs/RESULTS.md), with the model's own test-time defaults.
constexpr double kMinUnseenMaskAp = 0.5;
constexpr double kMinUnseenMaskRecall = 0.9;
constexpr double kMinGzsiHarmonicMean = 0.4;

nlohmann::json evalJson(const std::string& dir, const std::vector<std::string>& args, const std::string& name) {
  std::vector<std::string> all{"eval"};
  all.insert(all.end(), args.begin(), args.end());
  all.push_back("--json");
  all.push_back(dir + "/" + name + ".json");
  auto r = runZsi(all, dir + "/" + name);
  if (r.exitCode != 0) note(r.err);
  ZSI_REQUIRE_EQ(r.exitCode, 0);
  note(name + ":\n" + r.out);
  std::ifstream in(dir + "/" + name + ".json");
  return nlohmann::json::parse(in);
}

// AP or AR of a ZSI report group at IoU 0.5 (keys are the thresholds as written by zsi eval).
double at50(const nlohmann::json& perIou) {
  for (auto it = perIou.begin(); it != perIou.end(); ++it)
    if (std::abs(std::stod(it.key()) - 0.5) < 1e-9) return it.value().get<double>();
  reportFailure(__FILE__, __LINE__, "no IoU 0.5 entry in " + perIou.dump());
  return -1;
}

}  // namespace

ZSI_TEST(committed_demo_model_segments_unseen_compositions_on_a_fresh_seed) {
  ZSI_REQUIRE(fs::exists(kModel));
  const std::string dir = tempDir();
  const std::string data = dir + "/demo";
  auto made = runZsi({"demo", "make-data", "--out", data, "--seed", "31337", "--images", "240", "--quiet"},
                     dir + "/make");
  if (made.exitCode != 0) note(made.err);
  ZSI_REQUIRE_EQ(made.exitCode, 0);

  // ZSI: unseen classes on the scenes with unseen objects.
  auto zsi = runZsi(onTestDevice({"infer", "--model", kModel, "--classes", kClasses, "--coco", data + "/test_zsi.json",
                                  "--images", data + "/images", "--mode", "zsi", "--out", dir + "/zsi.json",
                                  "--progress", "0"}),
                    dir + "/infer_zsi");
  if (zsi.exitCode != 0) note(zsi.err);
  ZSI_REQUIRE_EQ(zsi.exitCode, 0);
  auto zsiEval = evalJson(dir,
                          {"--gt", data + "/test_zsi.json", "--dt", dir + "/zsi.json", "--iou-type", "segm",
                           "--protocol", "zsi", "--split", data + "/split.json", "--classes", "unseen"},
                          "eval_zsi");
  const double unseenMaskAp = at50(zsiEval["zsi"]["unseen"]["AP"]);
  const double unseenMaskRecall = at50(zsiEval["zsi"]["unseen"]["AR"]);

  // GZSI: every class on the same scenes, seen and unseen objects.
  auto gzsi = runZsi(onTestDevice({"infer", "--model", kModel, "--classes", kClasses, "--coco",
                                   data + "/test_gzsi.json", "--images", data + "/images", "--mode", "gzsi", "--out",
                                   dir + "/gzsi.json", "--progress", "0"}),
                     dir + "/infer_gzsi");
  if (gzsi.exitCode != 0) note(gzsi.err);
  ZSI_REQUIRE_EQ(gzsi.exitCode, 0);
  auto gzsiEval = evalJson(dir,
                           {"--gt", data + "/test_gzsi.json", "--dt", dir + "/gzsi.json", "--iou-type", "segm",
                            "--protocol", "zsi", "--split", data + "/split.json", "--gzsi"},
                           "eval_gzsi");
  const double hm = gzsiEval["gzsi"]["hm_AP"].get<double>();
  note("unseen ZSI mask AP@0.5 " + std::to_string(unseenMaskAp) + ", recall@100 " + std::to_string(unseenMaskRecall) +
       "; GZSI mask seen AP " + std::to_string(gzsiEval["gzsi"]["seen_AP"].get<double>()) + ", unseen AP " +
       std::to_string(gzsiEval["gzsi"]["unseen_AP"].get<double>()) + ", harmonic mean " + std::to_string(hm));

  ZSI_CHECK(unseenMaskAp >= kMinUnseenMaskAp);
  ZSI_CHECK(unseenMaskRecall >= kMinUnseenMaskRecall);
  ZSI_CHECK(hm >= kMinGzsiHarmonicMean);
}

namespace {

// How many detections of a GZSI results file are of seen classes (names from the split file).
int seenDetections(const std::string& results, const std::string& gt, const std::string& split) {
  auto load = [](const std::string& path) {
    std::ifstream in(path);
    return nlohmann::json::parse(in);
  };
  const auto gtJson = load(gt), splitJson = load(split), dets = load(results);
  std::set<std::string> seenNames;
  for (const auto& n : splitJson["seen"]) seenNames.insert(n.get<std::string>());
  std::set<int64_t> seenIds;
  for (const auto& c : gtJson["categories"])
    if (seenNames.count(c["name"].get<std::string>()) > 0) seenIds.insert(c["id"].get<int64_t>());
  int n = 0;
  for (const auto& d : dets) n += seenIds.count(d["category_id"].get<int64_t>()) > 0 ? 1 : 0;
  return n;
}

}  // namespace

// `zsi infer --seen-bias` (calibrated stacking) takes seen classes out of GZSI as the bias grows:
// with a bias of 1 no seen score stays above the threshold, without one the seen classes appear.
ZSI_TEST(seen_bias_shifts_gzsi_detections_from_seen_to_unseen_classes) {
  const std::string dir = tempDir();
  const std::string data = dir + "/demo";
  auto made = runZsi({"demo", "make-data", "--out", data, "--seed", "4242", "--images", "24", "--quiet"}, dir + "/make");
  ZSI_REQUIRE_EQ(made.exitCode, 0);
  auto infer = [&](const std::string& bias) {
    const std::string out = dir + "/gzsi_" + bias + ".json";
    auto r = runZsi(onTestDevice({"infer", "--model", kModel, "--classes", kClasses, "--coco", data + "/test_gzsi.json",
                                  "--images", data + "/images", "--mode", "gzsi", "--seen-bias", bias, "--max-images",
                                  "4", "--out", out, "--progress", "0"}),
                    dir + "/infer_" + bias);
    if (r.exitCode != 0) note(r.err);
    ZSI_REQUIRE_EQ(r.exitCode, 0);
    return seenDetections(out, data + "/test_gzsi.json", data + "/split.json");
  };
  ZSI_CHECK(infer("0") > 0);
  ZSI_CHECK_EQ(infer("1"), 0);
}
