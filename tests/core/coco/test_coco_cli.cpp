// `zsi coco ...` end to end: the zsi executable run on the sample, its outputs checked (acceptance
// items 1-3 of issue 3).

#include <nlohmann/json.hpp>

#include <cstdio>
#include <fstream>
#include <set>
#include <string>

#include "core/coco/CocoReader.h"
#include "core/util/AtomicFile.h"
#include "tests/harness/ZsiTest.h"

using namespace zsi;
using nlohmann::json;

namespace {

struct Run {
  int code;
  std::string out;
};

Run zsiRun(const std::string& args) {
  const std::string cmd = std::string(ZSI_BINARY_DIR) + "/bin/zsi " + args + " 2>&1";
  Run r{-1, {}};
  if (FILE* p = popen(cmd.c_str(), "r")) {
    char buf[4096];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
    const int status = pclose(p);
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }
  return r;
}

std::string sample() { return test::sharedData("coco-sample/instances_val2017_sample.json"); }

json load(const std::string& path) {
  std::ifstream in(path);
  return json::parse(in);
}

}  // namespace

ZSI_TEST(cli_coco_info_prints_the_counts) {
  const Run r = zsiRun("coco info '" + sample() + "'");
  ZSI_CHECK_EQ(r.code, 0);
  ZSI_CHECK(r.out.find("158 images, 1,424 annotations, 80 categories, 16 crowd regions") != std::string::npos);
  const Run v = zsiRun("coco info --verbose '" + sample() + "'");
  ZSI_CHECK(v.out.find("cup") != std::string::npos);
  const Run bad = zsiRun("coco info /nonexistent.json");
  ZSI_CHECK(bad.code != 0);
}

ZSI_TEST(cli_coco_to_rle_matches_pycocotools) {
  const std::string out = test::tempDir() + "/rle.json";
  const Run r = zsiRun("coco to-rle '" + sample() + "' '" + out + "'");
  ZSI_REQUIRE_EQ(r.code, 0);
  const json got = load(out);
  const json ref = load(test::sharedData("coco-sample/reference/gt_rle.json"));
  ZSI_REQUIRE_EQ(got.at("annotations").size(), ref.at("annotations").size());
  int bad = 0;
  for (std::size_t i = 0; i < got.at("annotations").size(); ++i) {
    const auto& a = got["annotations"][i];
    const auto& g = ref["annotations"][i];
    const bool same = a.at("id") == g.at("id") && a.at("segmentation").at("counts") == g.at("counts") &&
                      a.at("segmentation").at("size") == g.at("size") && a.at("area") == g.at("area") &&
                      a.at("area").is_number_integer() && a.at("bbox") == g.at("bbox");
    bad += !same;
  }
  ZSI_CHECK_EQ(bad, 0);
  // The rest of the file is unchanged.
  const json in = load(sample());
  ZSI_CHECK(got.at("images") == in.at("images"));
  ZSI_CHECK(got.at("info") == in.at("info"));
}

ZSI_TEST(cli_coco_split_48_17) {
  const std::string dir = test::tempDir();
  const Run r = zsiRun("coco split --split 48_17 '" + sample() + "' --train " + dir + "/train.json --test-zsi " +
                       dir + "/zsi.json --test-gzsi " + dir + "/gzsi.json");
  ZSI_REQUIRE_EQ(r.code, 0);
  const json train = load(dir + "/train.json"), zsi = load(dir + "/zsi.json"), gzsi = load(dir + "/gzsi.json");
  std::set<std::int64_t> seenIds, unseenIds;
  for (const auto& c : train.at("categories")) seenIds.insert(c.at("id").get<std::int64_t>());
  for (const auto& c : zsi.at("categories")) unseenIds.insert(c.at("id").get<std::int64_t>());
  ZSI_CHECK_EQ(seenIds.size(), 48u);
  ZSI_CHECK_EQ(unseenIds.size(), 17u);
  std::set<std::int64_t> testImages;
  for (const auto& im : zsi.at("images")) testImages.insert(im.at("id").get<std::int64_t>());
  ZSI_CHECK_EQ(testImages.size(), 79u);
  for (const auto& a : train.at("annotations")) {
    ZSI_CHECK(seenIds.count(a.at("category_id").get<std::int64_t>()));
    ZSI_CHECK(!testImages.count(a.at("image_id").get<std::int64_t>()));
  }
  for (const auto& a : zsi.at("annotations")) ZSI_CHECK(unseenIds.count(a.at("category_id").get<std::int64_t>()));
  ZSI_CHECK_EQ(zsi.at("annotations").size(), 199u);
  std::size_t unseenInGzsi = 0;
  for (const auto& a : gzsi.at("annotations")) {
    const auto c = a.at("category_id").get<std::int64_t>();
    ZSI_CHECK(seenIds.count(c) || unseenIds.count(c));
    ZSI_CHECK(testImages.count(a.at("image_id").get<std::int64_t>()));
    unseenInGzsi += unseenIds.count(c);
  }
  ZSI_CHECK_EQ(unseenInGzsi, 199u);
  ZSI_CHECK(gzsi.at("images") == zsi.at("images"));
  // The outputs are valid COCO files for our reader too.
  ZSI_CHECK(loadCocoDataset(dir + "/gzsi.json").ok());
}

ZSI_TEST(cli_coco_validate_and_bad_input) {
  const Run ok = zsiRun("coco validate '" + sample() + "' --images '" + test::sharedData("coco-sample/images") + "'");
  ZSI_CHECK_EQ(ok.code, 0);
  ZSI_CHECK(ok.out.find("0 errors, 0 warnings") != std::string::npos);
  const std::string dir = test::tempDir();
  ZSI_REQUIRE_OK(writeFileAtomic(dir + "/t.json", "{\"images\": [{\"id\": 1,\n \"width\": 3"));
  const Run bad = zsiRun("coco validate " + dir + "/t.json");
  ZSI_CHECK_EQ(bad.code, 1);
  ZSI_CHECK(bad.out.find("t.json:2:") != std::string::npos);
  const Run rle = zsiRun("coco to-rle " + dir + "/t.json " + dir + "/o.json");
  ZSI_CHECK_EQ(rle.code, 1);
  const Run usage = zsiRun("coco split " + dir + "/t.json");
  ZSI_CHECK_EQ(usage.code, 2);
}

// Issue 27 defect 1: a polygon in an image of more than 2^32 - 1 pixels was written as an empty RLE
// (exit 0, --strict too) and validate called it empty. 32-bit runs cannot describe such a mask
// (pycocotools wraps around): to-rle refuses it naming the annotation, or keeps the polygon.
ZSI_TEST(cli_coco_refuses_masks_over_32bit_pixels) {
  const std::string in = test::tempDir() + "/huge_image.json";
  {
    std::ofstream f(in);
    f << R"({"images":[{"id":1,"file_name":"a.png","width":65536,"height":65536}],)"
         R"("categories":[{"id":1,"name":"cat"}],"annotations":[{"id":7,"image_id":1,"category_id":1,)"
         R"("iscrowd":0,"area":100,"bbox":[10,10,10,10],"segmentation":[[10,10,20,10,20,20,10,20]]}]})";
  }
  const std::string out = test::tempDir() + "/huge_image_rle.json";
  const Run strict = zsiRun("coco to-rle --strict '" + in + "' '" + out + "'");
  ZSI_CHECK_EQ(strict.code, 1);
  ZSI_CHECK(strict.out.find("huge_image.json") != std::string::npos);
  ZSI_CHECK(strict.out.find("annotation id 7") != std::string::npos);
  ZSI_CHECK(strict.out.find("4294967295") != std::string::npos);
  const Run lenient = zsiRun("coco to-rle '" + in + "' '" + out + "'");
  ZSI_REQUIRE_EQ(lenient.code, 0);
  const json got = load(out);
  ZSI_CHECK(got.at("annotations").at(0).at("segmentation").is_array());  // the polygon, kept
  const Run v = zsiRun("coco validate '" + in + "'");
  ZSI_CHECK_EQ(v.code, 1);
  ZSI_CHECK(v.out.find("annotation id 7") != std::string::npos);
  ZSI_CHECK(v.out.find("4294967295") != std::string::npos);
  ZSI_CHECK(v.out.find("empty") == std::string::npos);
}
