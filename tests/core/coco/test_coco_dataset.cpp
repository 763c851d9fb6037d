// The instances reader and writer on the real sample: counts, masks equal to pycocotools'
// annToRLE (reference/gt_rle.json), a byte-identical round trip, indexes, chunking, progress and
// cancellation, and datasets built in code.

#include <nlohmann/json.hpp>

#include <atomic>
#include <fstream>
#include <map>

#include "core/coco/CocoDataset.h"
#include "core/coco/CocoReader.h"
#include "core/coco/CocoWriter.h"
#include "core/util/AtomicFile.h"
#include "tests/harness/ZsiTest.h"

using namespace zsi;
using nlohmann::json;

namespace {

std::string samplePath() { return test::sharedData("coco-sample/instances_val2017_sample.json"); }

const CocoDataset& sample() {
  static const CocoDataset ds = [] {
    auto r = loadCocoDataset(samplePath());
    ZSI_REQUIRE_OK(r);  // not a skip: sharedData() already skipped if the data is absent
    return std::move(r).value();
  }();
  return ds;
}

}  // namespace

ZSI_TEST(sample_counts) {
  const CocoDataset& ds = sample();
  ZSI_CHECK_EQ(ds.images().size(), 158u);
  ZSI_CHECK_EQ(ds.annotations().size(), 1424u);
  ZSI_CHECK_EQ(ds.categories().size(), 80u);
  ZSI_CHECK_EQ(ds.crowdCount(), 16u);
  std::size_t polygons = 0, uncompressed = 0;
  for (const auto& a : ds.annotations()) {
    polygons += a.segKind == SegmentationKind::Polygons;
    uncompressed += a.segKind == SegmentationKind::UncompressedRle;
  }
  ZSI_CHECK_EQ(polygons, 1408u);
  ZSI_CHECK_EQ(uncompressed, 16u);
  ZSI_REQUIRE_EQ(ds.topMembers().size(), 2u);
  ZSI_CHECK_EQ(ds.topMembers()[0].key, std::string("info"));
  ZSI_CHECK_EQ(ds.topMembers()[1].key, std::string("licenses"));
}

ZSI_TEST(sample_masks_equal_pycocotools_ann_to_rle) {
  const CocoDataset& ds = sample();
  std::ifstream in(test::sharedData("coco-sample/reference/gt_rle.json"));
  const json ref = json::parse(in);
  const auto& refs = ref.at("annotations");
  ZSI_REQUIRE_EQ(refs.size(), ds.annotations().size());
  int bad = 0;
  for (std::size_t i = 0; i < refs.size(); ++i) {
    const auto& r = refs[i];
    ZSI_REQUIRE_EQ(ds.annotations()[i].id, r.at("id").get<std::int64_t>());
    const Rle rle = ds.annotationRle(i);
    auto strict = ds.annotationRleStrict(i);
    ZSI_REQUIRE_OK(strict);
    const bool same = rle == *strict && rleToString(rle) == r.at("counts").get<std::string>() &&
                      rle.h == r.at("size")[0].get<std::uint32_t>() &&
                      rle.w == r.at("size")[1].get<std::uint32_t>() &&
                      rleArea(rle) == r.at("area").get<std::uint64_t>() &&
                      rleToBbox(rle) == r.at("bbox").get<std::array<double, 4>>() &&
                      ds.annotations()[i].area == r.at("annotated_area").get<double>() &&
                      ds.annotations()[i].bbox == r.at("annotated_bbox").get<std::array<double, 4>>();
    if (!same && ++bad <= 3) {
      test::reportFailure(__FILE__, __LINE__, "annotation " + r.at("id").dump() + " differs");
    }
  }
  ZSI_CHECK_EQ(bad, 0);
}

ZSI_TEST(sample_round_trip_is_byte_identical) {
  // The sample was written by Python's json.dump; reading and writing it gives the same bytes.
  auto original = readFile(samplePath());
  ZSI_REQUIRE_OK(original);
  auto text = cocoDatasetToJson(sample());
  ZSI_REQUIRE_OK(text);
  ZSI_CHECK(*text == *original);
  const std::string out = test::tempDir() + "/copy.json";
  ZSI_REQUIRE_OK(writeCocoDataset(sample(), out));
  ZSI_CHECK(*readFile(out) == *original);
}

ZSI_TEST(small_chunks_and_threads_give_the_same_dataset) {
  // Chunks of a few hundred bytes cut every list into many pieces parsed on several threads.
  for (int threads : {1, 3}) {
    CocoLoadOptions o;
    o.chunkBytes = 300;
    o.threads = threads;
    auto ds = loadCocoDataset(samplePath(), {}, o);
    ZSI_REQUIRE_OK(ds);
    ZSI_CHECK_EQ(ds->annotations().size(), 1424u);
    ZSI_CHECK(*cocoDatasetToJson(*ds) == *readFile(samplePath()));
  }
}

ZSI_TEST(indexes_by_image_and_category) {
  const CocoDataset& ds = sample();
  // Image 435206 has 15 annotations (README).
  auto im = ds.imageIndex(435206);
  ZSI_REQUIRE(im.has_value());
  const auto anns = ds.annotationsOfImage(*im);
  ZSI_CHECK_EQ(anns.size(), 15u);
  for (auto a : anns) ZSI_CHECK_EQ(ds.annotations()[a].imageId, 435206);
  // Per-category image counts of the unseen classes (README): cup 25 images, cow 1.
  std::map<std::string, std::size_t> images;
  for (std::size_t c = 0; c < ds.categories().size(); ++c)
    images[ds.categories()[c].name] = ds.imagesOfCategory(c).size();
  ZSI_CHECK_EQ(images["cup"], 25u);
  ZSI_CHECK_EQ(images["cow"], 1u);
  ZSI_CHECK_EQ(images["sink"], 13u);
  // A 64-bit crowd id.
  auto a = ds.annotationIndex(900100005001);
  ZSI_REQUIRE(a.has_value());
  ZSI_CHECK_EQ(ds.annotations()[*a].iscrowd, 1);
  ZSI_CHECK(!ds.imageIndex(-5).has_value());
  ZSI_CHECK(ds.categoryIndex(90).has_value());
}

ZSI_TEST(progress_is_reported_and_cancel_stops) {
  std::vector<double> fractions;
  Progress p;
  p.onProgress = [&](double f, const std::string&) { fractions.push_back(f); };
  CocoLoadOptions o;
  o.chunkBytes = 10000;
  ZSI_REQUIRE_OK(loadCocoDataset(samplePath(), p, o));
  ZSI_REQUIRE(fractions.size() > 10);
  ZSI_CHECK_EQ(fractions.back(), 1.0);
  for (std::size_t i = 1; i < fractions.size(); ++i) ZSI_CHECK(fractions[i] >= fractions[i - 1]);

  std::atomic<bool> cancel{false};
  Progress c;
  c.cancel = &cancel;
  c.onProgress = [&](double f, const std::string&) {
    if (f > 0.2) cancel = true;
  };
  auto r = loadCocoDataset(samplePath(), c, o);
  ZSI_REQUIRE(!r.ok());
  ZSI_CHECK_EQ(r.error().message, std::string(kCancelledMessage));
}

ZSI_TEST(unknown_members_are_kept_in_order) {
  const std::string text =
      R"({"type": "instances", "images": [{"id": 1, "flickr": {"a": [1, 2.50, "x\u00e9"]}, "file_name": "a.jpg", "width": 4, "height": 3, "note": null}], )"
      R"("annotations": [{"id": 7, "image_id": 1, "category_id": 2, "keypoints": [1, 2, 2], "segmentation": [[0, 0, 3, 0, 3, 2]], "area": 3, "bbox": [0, 0, 3, 2], "iscrowd": false, "ignore": 1}], )"
      R"("categories": [{"id": 2, "name": "caf\u00e9", "supercategory": "x", "keypoints": ["a"]}], "extra": [1, {"b": true}]})";
  auto ds = parseCocoDataset(text, "t.json");
  ZSI_REQUIRE_OK(ds);
  ZSI_CHECK_EQ(ds->categories()[0].name, std::string("caf\xC3\xA9"));
  const auto extras = CocoDataset::extraMembers(ds->images()[0].extra);
  ZSI_REQUIRE_EQ(extras.size(), 2u);
  ZSI_CHECK(extras[0].first == "\"flickr\"");
  ZSI_CHECK(extras[0].second == R"({"a": [1, 2.50, "x\u00e9"]})");
  // Written back with every unknown member where it was, integer forms and booleans kept.
  auto back = cocoDatasetToJson(*ds);
  ZSI_REQUIRE_OK(back);
  ZSI_CHECK_EQ(*back, text);
}

ZSI_TEST(dataset_built_in_code_writes_and_reads_back) {
  CocoDataset ds;
  ds.addCategory(1, "person", "person");
  ds.addCategory(18, "dog", "animal");
  ds.addImage(10, "images/a.png", 64, 48);
  ds.addImage(11, "b.png", 32, 32);
  const std::size_t a = ds.addAnnotation(100, 10, 1, {2.5, 3, 10, 12}, 96.5);
  ds.setPolygons(a, {{2.5, 3, 12.5, 3, 12.5, 15, 2.5, 15}});
  const std::size_t b = ds.addAnnotation(900000000001, 10, 18, {0, 0, 4, 4}, 16, true);
  Rle crowd = rleFromBbox({0, 0, 4, 4}, 48, 64);
  ds.setUncompressedRle(b, crowd);
  const std::size_t c = ds.addAnnotation(102, 11, 18, {1, 1, 2, 2}, 4);
  ds.setCompressedRle(c, rleFromBbox({1, 1, 2, 2}, 32, 32));
  ds.setTopMembers({{"info", R"({"description": "made in a test"})"}});
  const std::string path = test::tempDir() + "/built.json";
  ZSI_REQUIRE_OK(writeCocoDataset(ds, path));
  auto back = loadCocoDataset(path);
  ZSI_REQUIRE_OK(back);
  ZSI_CHECK_EQ(back->images().size(), 2u);
  ZSI_CHECK_EQ(back->annotations().size(), 3u);
  ZSI_CHECK_EQ(back->crowdCount(), 1u);
  ZSI_CHECK_EQ(back->images()[0].file(), std::string("images/a.png"));
  for (std::size_t i = 0; i < 3; ++i) ZSI_CHECK(back->annotationRle(i) == ds.annotationRle(i));
  ZSI_CHECK(back->annotationRle(1) == crowd);
  ZSI_CHECK_EQ(back->annotations()[1].id, 900000000001);
  ZSI_CHECK_EQ(back->annotations()[0].bbox[0], 2.5);
  ZSI_CHECK_EQ(back->topMembers()[0].rawJson, std::string(R"({"description": "made in a test"})"));
  // Text as Python's json.dump writes it.
  const json j = json::parse(*readFile(path));
  ZSI_CHECK_EQ(j.at("annotations")[2].at("segmentation").at("counts").get<std::string>(),
               rleToString(rleFromBbox({1, 1, 2, 2}, 32, 32)));
  // A subset shares the storage and keeps the masks.
  CocoDataset sub = back->subset({1}, {2});
  ZSI_CHECK_EQ(sub.images().size(), 1u);
  ZSI_CHECK(sub.annotationRle(0) == back->annotationRle(2));
}

ZSI_TEST(writer_refuses_non_finite_numbers) {
  CocoDataset ds;
  ds.addImage(1, "a.jpg", 4, 4);
  ds.addCategory(1, "x");
  const std::size_t a = ds.addAnnotation(5, 1, 1, {0, 0, 1, 1}, 1);
  ds.setPolygons(a, {{0, 0, 1, 0, std::nan(""), 1}});
  auto r = cocoDatasetToJson(ds);
  ZSI_REQUIRE(!r.ok());
  ZSI_CHECK(r.error().field.find("annotation id 5") != std::string::npos);
}
