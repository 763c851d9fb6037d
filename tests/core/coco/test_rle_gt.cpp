// reference/gt_rle.json: pycocotools' annToRLE, area and toBbox of every annotation of the sample,
// recomputed from the instances file with our mask functions alone (the dataset reader has its own
// test of the same file).

#include <nlohmann/json.hpp>

#include <fstream>
#include <map>

#include "core/coco/Rle.h"
#include "tests/harness/ZsiTest.h"

using namespace zsi;
using nlohmann::json;

namespace {

json loadJson(const std::string& relative) {
  std::ifstream in(test::sharedData(relative));
  ZSI_REQUIRE(in);  // the shared folder is here (sharedData), so a missing file is a failure
  return json::parse(in);
}

}  // namespace

ZSI_TEST(gt_rle_every_annotation_matches_pycocotools) {
  const json gt = loadJson("coco-sample/instances_val2017_sample.json");
  const json ref = loadJson("coco-sample/reference/gt_rle.json");
  std::map<std::int64_t, std::pair<std::uint32_t, std::uint32_t>> sizes;
  for (const auto& im : gt.at("images"))
    sizes[im.at("id").get<std::int64_t>()] = {im.at("height").get<std::uint32_t>(),
                                              im.at("width").get<std::uint32_t>()};
  const auto& anns = gt.at("annotations");
  const auto& refs = ref.at("annotations");
  ZSI_REQUIRE_EQ(anns.size(), refs.size());
  int mismatches = 0;
  for (std::size_t i = 0; i < anns.size(); ++i) {
    const auto& a = anns[i];
    const auto& r = refs[i];
    ZSI_REQUIRE_EQ(a.at("id").get<std::int64_t>(), r.at("id").get<std::int64_t>());
    const auto [h, w] = sizes.at(a.at("image_id").get<std::int64_t>());
    const auto& segm = a.at("segmentation");
    Rle rle;
    if (segm.is_array()) {
      std::vector<std::vector<double>> parts;
      for (const auto& p : segm) parts.push_back(p.get<std::vector<double>>());
      std::vector<const double*> ptrs;
      std::vector<std::size_t> counts;
      for (const auto& p : parts) {
        ptrs.push_back(p.data());
        counts.push_back(p.size());
      }
      auto rles = rleFromPolygonList(ptrs, counts, h, w);
      ZSI_REQUIRE_OK(rles);
      rle = rleMerge(*rles, false);
      ZSI_CHECK(rle == rleFromPolygonParts(ptrs, counts, h, w));
    } else {
      rle.h = segm.at("size")[0].get<std::uint32_t>();
      rle.w = segm.at("size")[1].get<std::uint32_t>();
      rle.counts = segm.at("counts").get<std::vector<std::uint32_t>>();
    }
    const std::string counts = rleToString(rle);
    const auto bbox = rleToBbox(rle);
    const bool same = counts == r.at("counts").get<std::string>() &&
                      rle.h == r.at("size")[0].get<std::uint32_t>() &&
                      rle.w == r.at("size")[1].get<std::uint32_t>() &&
                      rleArea(rle) == r.at("area").get<std::uint64_t>() &&
                      bbox == r.at("bbox").get<std::array<double, 4>>();
    if (!same) {
      if (++mismatches <= 5)
        test::reportFailure(__FILE__, __LINE__,
                            "annotation " + std::to_string(a.at("id").get<std::int64_t>()) +
                                " differs from pycocotools");
      continue;
    }
    // Decoding and encoding again gives the same string; the decoded pixel count is the area.
    auto mask = rleDecode(rle);
    ZSI_REQUIRE_OK(mask);
    std::uint64_t on = 0;
    for (auto v : *mask) on += v;
    ZSI_CHECK_EQ(on, rleArea(rle));
    ZSI_CHECK_EQ(rleToString(rleEncode(mask->data(), rle.h, rle.w)), counts);
  }
  ZSI_CHECK_EQ(mismatches, 0);
  test::note(std::to_string(anns.size()) + " annotations compared");
}
