// Results files: the reference detections read and written back byte for byte, loadRes' branch
// rules, and the checks against the ground truth.

#include <string>

#include "core/coco/CocoReader.h"
#include "core/coco/CocoResults.h"
#include "core/util/AtomicFile.h"
#include "tests/harness/ZsiTest.h"

using namespace zsi;

namespace {

std::string detectionsPath() { return test::sharedData("coco-sample/reference/detections_seed777.json"); }

}  // namespace

ZSI_TEST(results_reference_detections_round_trip) {
  auto r = loadCocoResults(detectionsPath());
  ZSI_REQUIRE_OK(r);
  ZSI_CHECK_EQ(r->detections.size(), 1722u);
  ZSI_CHECK(r->branch == LoadResBranch::Bbox);
  const CocoDetection& d = r->detections[0];
  ZSI_CHECK_EQ(d.id, 1);
  ZSI_CHECK_EQ(d.imageId, 139);
  ZSI_CHECK_EQ(d.categoryId, 64);
  ZSI_CHECK_EQ(d.score, 0.736048);
  ZSI_CHECK_EQ(d.area, 17.99 * 78.87);  // bbox branch: w * h of the box
  ZSI_CHECK(d.hasSegmentation);
  ZSI_CHECK_EQ(d.mask.h, 426u);
  ZSI_CHECK_EQ(r->detections.back().id, 1722);
  auto text = cocoResultsToJson(r->detections);
  ZSI_REQUIRE_OK(text);
  ZSI_CHECK(*text == *readFile(detectionsPath()));
  const std::string out = test::tempDir() + "/dets.json";
  ZSI_REQUIRE_OK(writeCocoResults(out, r->detections));
  ZSI_CHECK(*readFile(out) == *text);
}

ZSI_TEST(results_segm_branch_without_boxes) {
  auto r = loadCocoResults(detectionsPath());
  ZSI_REQUIRE_OK(r);
  CocoResultsWriteOptions noBoxes;
  noBoxes.bbox = false;
  auto text = cocoResultsToJson(r->detections, noBoxes);
  ZSI_REQUIRE_OK(text);
  auto segm = parseCocoResults(*text, "segm.json");
  ZSI_REQUIRE_OK(segm);
  ZSI_CHECK(segm->branch == LoadResBranch::Segmentation);
  for (std::size_t i = 0; i < segm->detections.size(); ++i) {
    const CocoDetection& d = segm->detections[i];
    ZSI_CHECK_EQ(d.area, static_cast<double>(rleArea(d.mask)));
    ZSI_CHECK(d.bbox == rleToBbox(d.mask));
    ZSI_CHECK(d.mask == r->detections[i].mask);
  }
}

ZSI_TEST(results_checked_against_the_ground_truth) {
  auto gt = loadCocoDataset(test::sharedData("coco-sample/instances_val2017_sample.json"));
  ZSI_REQUIRE_OK(gt);
  auto r = loadCocoResults(detectionsPath());
  ZSI_REQUIRE_OK(r);
  ZSI_CHECK(checkResultsImages(*r, *gt).ok());
  r->detections[5].imageId = 123456789;
  auto s = checkResultsImages(*r, *gt);
  ZSI_REQUIRE(!s.ok());
  ZSI_CHECK(s.error().field == "detection 6");
}

ZSI_TEST(results_box_mask_is_the_box_polygon) {
  CocoDetection d;
  d.bbox = {1, 1, 7, 5};
  const Rle m = loadResBoxMask(d, 10, 10);
  ZSI_CHECK_EQ(rleToString(m), std::string(";5500000000000c0"));  // poly_rect_integer
}

ZSI_TEST(results_bad_input) {
  auto r = parseCocoResults(R"({"images": []})", "r.json");
  ZSI_REQUIRE(!r.ok());
  ZSI_CHECK(r.error().message.find("list of detections") != std::string::npos);
  r = parseCocoResults(R"([{"image_id": 1, "category_id": 2, "bbox": [1, 2, 3, 4]}])", "r.json");
  ZSI_REQUIRE(!r.ok());
  ZSI_CHECK(r.error().toString() == "r.json:1:2: detection 1: missing \"score\"");
  r = parseCocoResults(R"([{"image_id": 1, "category_id": 2, "score": 0.5, "segmentation": [[1, 2, 3, 4, 5, 6]]}])", "r.json");
  ZSI_REQUIRE(!r.ok());
  ZSI_CHECK(r.error().field == "detection 1: segmentation");
  r = parseCocoResults("[{\"image_id\": 1, \"category_id\": 2, \"score\": 0.5, \"bbox\": [1, 2, 3, 4]},\n"
                       " {\"image_id\": 1, \"category_id\": 2, \"score\": \"high\", \"bbox\": [1, 2, 3, 4]}]", "r.json");
  ZSI_REQUIRE(!r.ok());
  ZSI_CHECK(r.error().toString() == "r.json:2:45: detection 2: score: expected a number, got a string");
  // loadRes needs a box in every record once the first has one.
  r = parseCocoResults(R"([{"image_id": 1, "category_id": 2, "score": 0.5, "bbox": [1, 2, 3, 4]},
    {"image_id": 1, "category_id": 2, "score": 0.5, "segmentation": {"size": [2, 2], "counts": "04"}}])", "r.json");
  ZSI_REQUIRE(!r.ok());
  ZSI_CHECK(r.error().field == "detection 2");
  // An empty list is valid: nothing detected.
  r = parseCocoResults("[]", "r.json");
  ZSI_REQUIRE_OK(r);
  ZSI_CHECK(r->detections.empty());
}
