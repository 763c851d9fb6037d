// `validate` finds every problem of a file made to have one of each, and none in the official
// sample (with its images).

#include <cstdlib>
#include <filesystem>
#include <set>

#include "core/coco/CocoReader.h"
#include "core/coco/CocoValidator.h"
#include "core/image/ImageIO.h"
#include "core/image/PngEncoder.h"
#include "core/util/AtomicFile.h"
#include "tests/harness/ZsiTest.h"

using namespace zsi;

namespace {

bool has(const std::vector<CocoProblem>& ps, const std::string& where, const std::string& text,
         CocoProblem::Severity sev) {
  for (const auto& p : ps)
    if (p.where.find(where) != std::string::npos && p.message.find(text) != std::string::npos && p.severity == sev)
      return true;
  return false;
}

}  // namespace

ZSI_TEST(validate_the_official_sample_is_clean) {
  auto ds = loadCocoDataset(test::sharedData("coco-sample/instances_val2017_sample.json"));
  ZSI_REQUIRE_OK(ds);
  CocoValidateOptions o;
  o.imageRoot = test::sharedData("coco-sample/images");
  const auto problems = validateCocoDataset(*ds, o);
  for (const auto& p : problems) test::note(p.where + ": " + p.message);
  ZSI_CHECK(problems.empty());
}

ZSI_TEST(validate_reports_every_problem) {
  const std::string dir = test::tempDir();
  Image im = Image::blank(20, 10, 3, 128);
  ZSI_REQUIRE_OK(writePng(dir + "/ok.png", im));
  ZSI_REQUIRE_OK(writePng(dir + "/wrongsize.png", Image::blank(8, 8, 3)));
  const std::string text = R"({"images": [
    {"id": 1, "file_name": "ok.png", "width": 20, "height": 10},
    {"id": 2, "file_name": "wrongsize.png", "width": 20, "height": 10},
    {"id": 3, "file_name": "missing.png", "width": 20, "height": 10},
    {"id": 4, "file_name": "../escape.png", "width": 20, "height": 10},
    {"id": 4, "file_name": "ok.png", "width": 0, "height": 10}],
  "annotations": [
    {"id": 10, "image_id": 1, "category_id": 1, "bbox": [1, 1, 4, 4], "area": 16, "segmentation": [[1, 1, 5, 1, 5, 5, 1, 5]]},
    {"id": 10, "image_id": 1, "category_id": 1, "bbox": [1, 1, 4, 4], "area": 16, "segmentation": [[1, 1, 5, 1, 5, 5, 1, 5]]},
    {"id": 11, "image_id": 99, "category_id": 1, "bbox": [1, 1, 4, 4], "area": 16},
    {"id": 12, "image_id": 1, "category_id": 77, "bbox": [1, 1, 4, 4], "area": 16},
    {"id": 13, "image_id": 1, "category_id": 1, "bbox": [1, 1, 4, 4], "area": 16, "segmentation": [[1, 1, 5, 5]]},
    {"id": 14, "image_id": 1, "category_id": 1, "bbox": [0, 0, 15, 8], "area": 16, "segmentation": [[1, 1, 5, 1, 5, 5, 1, 5]]},
    {"id": 15, "image_id": 1, "category_id": 1, "bbox": [1, 1, 4, 4], "area": 16, "segmentation": {"size": [5, 5], "counts": [3, 4, 18]}},
    {"id": 16, "image_id": 1, "category_id": 1, "bbox": [1, 1, -4, 4], "area": 16, "segmentation": [[30, 30, 35, 30, 35, 35]]},
    {"id": 17, "image_id": 1, "category_id": 1, "bbox": [1, 1, 4, 4], "area": 16, "segmentation": []}],
  "categories": [{"id": 1, "name": "a"}]})";
  auto ds = parseCocoDataset(text, "v.json");
  ZSI_REQUIRE_OK(ds);
  CocoValidateOptions o;
  o.imageRoot = dir;
  const auto p = validateCocoDataset(*ds, o);
  using S = CocoProblem::Severity;
  ZSI_CHECK(has(p, "image id 4", "more than one image", S::Error));
  ZSI_CHECK(has(p, "annotation id 10", "more than one annotation", S::Error));
  ZSI_CHECK(has(p, "annotation id 11", "image_id 99 is not an image", S::Error));
  ZSI_CHECK(has(p, "annotation id 12", "category_id 77 is not a category", S::Error));
  ZSI_CHECK(has(p, "annotation id 13", "fewer than 3 points", S::Error));
  ZSI_CHECK(has(p, "annotation id 14", "bbox [0, 0, 15, 8] differs from the polygons' [1, 1, 4, 4]", S::Warning));
  ZSI_CHECK(has(p, "annotation id 15", "RLE size 5x5", S::Error));
  ZSI_CHECK(has(p, "annotation id 16", "negative width", S::Error));
  ZSI_CHECK(has(p, "annotation id 16", "mask is empty", S::Warning));
  ZSI_CHECK(has(p, "annotation id 17", "empty list", S::Error));
  ZSI_CHECK(has(p, "image id 2 (wrongsize.png)", "the file is 8x8, the record says 20x10", S::Error));
  ZSI_CHECK(has(p, "image id 3 (missing.png)", "missing image file", S::Error));
  ZSI_CHECK(has(p, "image id 4 (../escape.png)", "refused", S::Error));
  ZSI_CHECK(has(p, "image id 4 (ok.png)", "must be positive", S::Error));
  // The good annotation and the good image produce nothing.
  std::set<std::string> where;
  for (const auto& x : p) where.insert(x.where);
  ZSI_CHECK(!where.count("image id 1 (ok.png)"));
}

// Issue 27 defect 2: `validate --decode` decoded without any pixel limit, so a small PNG declaring
// 20000x20000 allocated 1.2 GB (an abort under a memory limit). It now has the limit every decode
// path has, and ZSI_MAX_IMAGE_PIXELS overrides it for all of them.
ZSI_TEST(validate_decode_applies_the_pixel_limit) {
  const std::string dir = test::tempDir();
  std::string png = *encodePngStored(Image::blank(2, 2, 3));
  const std::string side("\x00\x00\x4E\x20", 4);  // 20000
  png.replace(16, 4, side);
  png.replace(20, 4, side);
  ZSI_REQUIRE_OK(writeFileAtomic(dir + "/bomb.png", png.substr(0, 33)));  // signature and IHDR only
  ZSI_REQUIRE_OK(writePng(dir + "/small.png", Image::blank(20, 10, 3)));
  auto ds = parseCocoDataset(R"({"images": [{"id": 1, "file_name": "bomb.png", "width": 20000, "height": 20000},
    {"id": 2, "file_name": "small.png", "width": 20, "height": 10}], "annotations": [], "categories": []})",
                             "bomb.json");
  ZSI_REQUIRE_OK(ds);
  CocoValidateOptions o;
  o.imageRoot = dir;
  o.decodeImages = true;
  using S = CocoProblem::Severity;
  auto p = validateCocoDataset(*ds, o);
  ZSI_CHECK(has(p, "image id 1 (bomb.png)", "400000000 pixels, over the limit", S::Error));
  ZSI_CHECK_EQ(p.size(), std::size_t{1});
  setenv("ZSI_MAX_IMAGE_PIXELS", "199", 1);
  p = validateCocoDataset(*ds, o);
  ZSI_CHECK(has(p, "image id 2 (small.png)", "over the limit of 199", S::Error));
  setenv("ZSI_MAX_IMAGE_PIXELS", "many", 1);
  p = validateCocoDataset(*ds, o);
  ZSI_CHECK(has(p, "image id 2 (small.png)", "ZSI_MAX_IMAGE_PIXELS", S::Error));
  unsetenv("ZSI_MAX_IMAGE_PIXELS");
}
