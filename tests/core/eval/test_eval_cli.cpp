// `zsi eval` end to end through core/cli: printed summary, the JSON it writes, and malformed
// results files (unknown image, wrong RLE size, RLE runs not covering the mask, missing score,
// empty list, no masks for segm).

#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "core/cli/EvalCommand.h"
#include "core/coco/CocoReader.h"
#include "core/coco/CocoResults.h"
#include "core/util/AtomicFile.h"
#include "tests/harness/ZsiTest.h"

using namespace zsi;
using nlohmann::json;

namespace {

struct Run {
  int code = -1;
  std::string out, err;
};

Run runEval(cli::EvalCommandOptions o) {
  std::ostringstream out, err;
  Run r;
  r.code = cli::runEvalCommand(o, out, err);
  r.out = out.str();
  r.err = err.str();
  return r;
}

cli::EvalCommandOptions sample(const std::string& type) {
  cli::EvalCommandOptions o;
  o.groundTruth = test::sharedData("coco-sample/instances_val2017_sample.json");
  o.results = test::sharedData("coco-sample/reference/detections_seed777.json");
  o.iouType = type;
  return o;
}

json readJson(const std::string& path) {
  std::ifstream f(path);
  return json::parse(f);
}

const json& reference() {
  static const json ref = readJson(test::sharedData("coco-sample/reference/eval_seed777.json"));
  return ref;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// A results file with one detection on image 397133 (427x640) of the sample.
std::string writeResults(const std::string& text) {
  const std::string path = test::tempDir() + "/results.json";
  ZSI_REQUIRE_OK(writeFileAtomic(path, text));
  return path;
}

}  // namespace

ZSI_TEST(cli_bbox_prints_pycocotools_summary_and_json) {
  cli::EvalCommandOptions o = sample("bbox");
  o.json = test::tempDir() + "/bbox.json";
  Run r = runEval(o);
  ZSI_REQUIRE_EQ(r.code, 0);
  ZSI_CHECK(contains(
      r.out, " Average Precision  (AP) @[ IoU=0.50:0.95 | area=   all | maxDets=100 ] = 0.183\n"));
  ZSI_CHECK(contains(
      r.out, " Average Recall     (AR) @[ IoU=0.50:0.95 | area= large | maxDets=100 ] = 0.279\n"));
  const json j = readJson(o.json);
  const json& want = reference()["bbox"]["standard"]["stats"];
  ZSI_REQUIRE_EQ(j["stats"].size(), want.size());
  for (std::size_t i = 0; i < want.size(); ++i)
    ZSI_CHECK_NEAR(j["stats"][i].get<double>(), want[i].get<double>(), 1e-12);
  ZSI_CHECK_EQ(j["per_class"].size(), std::size_t{80});
  ZSI_CHECK_EQ(j["pr_curves"]["curves"].size(), std::size_t{80});
  ZSI_CHECK_EQ(j["pr_curves"]["curves"][0]["precision"].size(), std::size_t{101});
}

ZSI_TEST(cli_segm_zsi_protocol_with_gzsi) {
  cli::EvalCommandOptions o = sample("segm");
  o.protocol = "zsi";
  o.gzsi = true;
  o.json = test::tempDir() + "/segm.json";
  Run r = runEval(o);
  ZSI_REQUIRE_EQ(r.code, 0);
  ZSI_CHECK(contains(
      r.out, " Average Precision  (AP) @[ IoU=0.40      | area=   all | maxDets=100 ] = 0.555\n"));
  ZSI_CHECK(contains(r.out, "GZSI"));
  const json j = readJson(o.json);
  const json& want = reference()["segm"]["zsi"];
  for (const auto& [mine, theirs] : {std::pair<std::string, std::string>{"all", "all80"},
                                     {"seen", "seen48"},
                                     {"unseen", "unseen17"}}) {
    for (const char* t : {"0.4", "0.5", "0.6"}) {
      ZSI_CHECK_NEAR(j["zsi"][mine]["AP"][t].get<double>(), want[theirs]["AP"][t].get<double>(),
                     1e-12);
      ZSI_CHECK_NEAR(j["zsi"][mine]["AR"][t].get<double>(), want[theirs]["AR"][t].get<double>(),
                     1e-12);
    }
  }
  for (const char* k :
       {"seen_AP", "unseen_AP", "hm_AP", "seen_recall", "unseen_recall", "hm_recall"})
    ZSI_CHECK_NEAR(j["gzsi"][k].get<double>(), want["gzsi"][k].get<double>(), 1e-12);
  for (std::size_t i = 0; i < 80; ++i) {
    ZSI_CHECK_NEAR(j["per_class"][i]["AP"].get<double>(),
                   want["per_class_iou0.5"][i]["AP"].get<double>(), 1e-12);
    ZSI_CHECK_EQ(j["per_class"][i]["split"].get<std::string>(),
                 want["per_class_iou0.5"][i]["split"].get<std::string>());
  }
}

ZSI_TEST(cli_unseen_classes_only) {
  cli::EvalCommandOptions o = sample("bbox");
  o.protocol = "zsi";
  o.classes = "unseen";
  o.json = test::tempDir() + "/unseen.json";
  Run r = runEval(o);
  ZSI_REQUIRE_EQ(r.code, 0);
  const json j = readJson(o.json);
  ZSI_CHECK_EQ(j["params"]["catIds"].size(), std::size_t{17});
  ZSI_CHECK_NEAR(j["stats_named"]["AP@0.5"].get<double>(),
                 reference()["bbox"]["zsi"]["unseen17"]["AP"]["0.5"].get<double>(), 1e-12);
  ZSI_CHECK_NEAR(j["stats_named"]["AR@0.4"].get<double>(),
                 reference()["bbox"]["zsi"]["unseen17"]["AR"]["0.4"].get<double>(), 1e-12);
}

ZSI_TEST(cli_unknown_image_id_is_an_error) {
  cli::EvalCommandOptions o = sample("bbox");
  o.results = writeResults(
      R"([{"image_id": 397133, "category_id": 1, "bbox": [1, 2, 3, 4], "score": 0.5},)"
      R"( {"image_id": 123456789, "category_id": 1, "bbox": [1, 2, 3, 4], "score": 0.4}])");
  Run r = runEval(o);
  ZSI_CHECK_EQ(r.code, 1);
  ZSI_CHECK(contains(r.err, "123456789"));
  test::note(r.err);
}

ZSI_TEST(cli_rle_of_wrong_size_is_an_error) {
  cli::EvalCommandOptions o = sample("segm");
  // A 4x4 mask "size": [4, 4] on a 427x640 image.
  o.results = writeResults(R"([{"image_id": 397133, "category_id": 1, "score": 0.5,)"
                           R"( "segmentation": {"size": [4, 4], "counts": "538"}}])");
  Run r = runEval(o);
  ZSI_CHECK_EQ(r.code, 1);
  ZSI_CHECK(contains(r.err, "detection 1"));
  ZSI_CHECK(contains(r.err, "4x4"));
  test::note(r.err);
}

ZSI_TEST(cli_rle_runs_not_covering_the_mask_are_an_error) {
  cli::EvalCommandOptions o = sample("segm");
  // Runs 5, 3 on a 427x640 image: far short of 273280 pixels.
  o.results = writeResults(R"([{"image_id": 397133, "category_id": 1, "score": 0.5,)"
                           R"( "segmentation": {"size": [427, 640], "counts": "53"}}])");
  Run r = runEval(o);
  ZSI_CHECK_EQ(r.code, 1);
  ZSI_CHECK(contains(r.err, "detection 1") || contains(r.err, "counts"));
  test::note(r.err);
}

ZSI_TEST(cli_missing_score_is_an_error) {
  cli::EvalCommandOptions o = sample("bbox");
  o.results =
      writeResults(R"([{"image_id": 397133, "category_id": 1, "bbox": [1, 2, 3, 4], "score": 0.5},)"
                   R"( {"image_id": 397133, "category_id": 1, "bbox": [1, 2, 3, 4]}])");
  Run r = runEval(o);
  ZSI_CHECK_EQ(r.code, 1);
  ZSI_CHECK(contains(r.err, "score"));
  test::note(r.err);
}

ZSI_TEST(cli_empty_results_list_scores_zero_with_a_warning) {
  cli::EvalCommandOptions o = sample("segm");
  o.results = writeResults("[]");
  o.json = test::tempDir() + "/empty.json";
  Run r = runEval(o);
  ZSI_REQUIRE_EQ(r.code, 0);
  ZSI_CHECK(contains(r.err, "no detections"));
  const json j = readJson(o.json);
  ZSI_CHECK_EQ(j["stats"][0].get<double>(), 0.0);
  ZSI_CHECK_EQ(j["stats"][8].get<double>(), 0.0);
}

ZSI_TEST(cli_boxes_only_in_segm_use_the_box_as_mask_with_a_warning) {
  cli::EvalCommandOptions o = sample("segm");
  o.results = writeResults(
      R"([{"image_id": 397133, "category_id": 1, "bbox": [10, 20, 30, 40], "score": 0.5}])");
  Run r = runEval(o);
  ZSI_CHECK_EQ(r.code, 0);
  ZSI_CHECK(contains(r.err, "boxes are used as masks"));
}

ZSI_TEST(cli_bad_usage_and_bad_split) {
  cli::EvalCommandOptions o = sample("bbox");
  o.iouType = "keypoints";
  ZSI_CHECK_EQ(runEval(o).code, 2);
  o = sample("bbox");
  o.gzsi = true;
  o.classes = "unseen";
  ZSI_CHECK_EQ(runEval(o).code, 2);
  o = sample("bbox");
  o.split = test::tempDir() + "/no-such-split.txt";
  o.splitGiven = true;
  o.classes = "seen";
  Run r = runEval(o);
  ZSI_CHECK_EQ(r.code, 1);
  ZSI_CHECK(contains(r.err, "no-such-split"));
  o = sample("bbox");
  o.results = test::tempDir() + "/missing.json";
  ZSI_CHECK_EQ(runEval(o).code, 1);
}

ZSI_TEST(cli_ground_truth_given_back_as_detections_scores_one) {
  // The sample's non-crowd annotations written as a results file (box, compressed-RLE mask,
  // score 1) and evaluated against the sample.
  auto gt = loadCocoDataset(test::sharedData("coco-sample/instances_val2017_sample.json"));
  ZSI_REQUIRE_OK(gt);
  std::vector<CocoDetection> dets;
  for (std::size_t i = 0; i < gt->annotations().size(); ++i) {
    const CocoAnnotation& a = gt->annotations()[i];
    if (a.iscrowd) continue;
    CocoDetection d;
    d.imageId = a.imageId;
    d.categoryId = a.categoryId;
    d.score = 1.0;
    d.bbox = a.bbox;
    d.hasBbox = true;
    d.mask = gt->annotationRle(i);
    d.hasSegmentation = true;
    dets.push_back(std::move(d));
  }
  const std::string path = test::tempDir() + "/gt_as_results.json";
  ZSI_REQUIRE_OK(writeCocoResults(path, dets));
  for (const char* type : {"bbox", "segm"}) {
    cli::EvalCommandOptions o = sample(type);
    o.results = path;
    o.json = test::tempDir() + "/gt_as_results_eval.json";
    Run r = runEval(o);
    ZSI_REQUIRE_EQ(r.code, 0);
    const json j = readJson(o.json);
    // Every AP and AR@100 is 1 (AR@1 and AR@10 are capped by the maxDets cut per image and class).
    for (const char* k : {"AP", "AP50", "AP75", "APs", "APm", "APl", "AR100", "ARs", "ARm", "ARl"})
      ZSI_CHECK_NEAR(j["stats_named"][k].get<double>(), 1.0, 1e-12);
    ZSI_CHECK(j["stats_named"]["AR1"].get<double>() < 1.0);
    test::note(std::string(type) + ": " + r.out.substr(0, r.out.find('\n')));
  }
}

ZSI_TEST(cli_user_split_file_groups_classes_by_name) {
  cli::EvalCommandOptions o = sample("bbox");
  o.split = test::tempDir() + "/split.json";
  ZSI_REQUIRE_OK(
      writeFileAtomic(o.split, R"({"seen": ["person", "car"], "unseen": ["cup", "dog"]})"));
  o.splitGiven = true;
  o.gzsi = true;
  o.json = test::tempDir() + "/user_split.json";
  Run r = runEval(o);
  ZSI_REQUIRE_EQ(r.code, 0);
  const json j = readJson(o.json);
  ZSI_CHECK_EQ(j["gzsi"]["seen_classes"].get<int>(), 2);
  ZSI_CHECK_EQ(j["gzsi"]["unseen_classes"].get<int>(), 2);
  // The means are over exactly those classes' per-class values (numpy order: category id).
  double seen = 0, unseen = 0;
  for (const json& c : j["per_class"]) {
    const std::string split = c["split"].get<std::string>();
    if (split == "seen") seen += c["AP"].get<double>();
    if (split == "unseen") unseen += c["AP"].get<double>();
  }
  ZSI_CHECK_NEAR(j["gzsi"]["seen_AP"].get<double>(), seen / 2, 1e-15);
  ZSI_CHECK_NEAR(j["gzsi"]["unseen_AP"].get<double>(), unseen / 2, 1e-15);
}
