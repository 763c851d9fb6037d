// One test per bad-input class of issue 3: truncated and malformed JSON (line and column), wrong
// types (annotation id and field), polygons with fewer than 3 points, RLE runs that overrun the
// size, negative sizes, NaN. Each gives a clear error (or the documented pycocotools-compatible
// treatment), never a crash.

#include <string>

#include "core/coco/CocoReader.h"
#include "core/util/AtomicFile.h"
#include "tests/harness/ZsiTest.h"

using namespace zsi;

namespace {

// A small valid file; tests break it in one place.
std::string file(const std::string& annotation) {
  return "{\"images\": [{\"id\": 1, \"file_name\": \"a.jpg\", \"width\": 10, \"height\": 8}],\n"
         "\"annotations\": [\n" +
         annotation +
         "\n],\n"
         "\"categories\": [{\"id\": 3, \"name\": \"cat\"}]}";
}

const char* kGood =
    R"({"id": 42, "image_id": 1, "category_id": 3, "bbox": [1, 1, 4, 4], "area": 16, "iscrowd": 0, "segmentation": [[1, 1, 5, 1, 5, 5, 1, 5]]})";

Error expectError(const std::string& text) {
  for (std::size_t chunk : {std::size_t{1} << 20, std::size_t{16}}) {  // one chunk, many chunks
    CocoLoadOptions o;
    o.chunkBytes = chunk;
    auto r = parseCocoDataset(text, "bad.json", o);
    if (r.ok()) {
      test::reportFailure(__FILE__, __LINE__, "expected an error for: " + text.substr(0, 200));
      throw test::RequireFailed{};
    }
    if (chunk == 16) return r.error();
  }
  return Error();
}

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

}  // namespace

ZSI_TEST(bad_input_the_good_file_loads) {
  auto r = parseCocoDataset(file(kGood), "good.json");
  ZSI_REQUIRE_OK(r);
  ZSI_CHECK_EQ(rleArea(r->annotationRle(0)), 16u);
}

ZSI_TEST(bad_input_truncated_json_names_line_and_column) {
  const std::string full = file(kGood);
  for (std::size_t cut : {full.size() - 1, full.size() / 2, std::size_t{30}, std::size_t{1}}) {
    const Error e = expectError(full.substr(0, cut));
    ZSI_CHECK_EQ(e.file, std::string("bad.json"));
    ZSI_CHECK(e.line >= 1);
    ZSI_CHECK(e.column >= 1);
    ZSI_CHECK(contains(e.message, "end of file"));
  }
  // The end of this text is line 3, column 17.
  const Error e = expectError(full.substr(0, full.find("\"segmentation\"")));
  ZSI_CHECK_EQ(e.line, 3);
}

ZSI_TEST(bad_input_malformed_json_names_line_and_column) {
  // A missing comma inside an annotation on line 3.
  std::string broken = file(kGood);
  broken.replace(broken.find("\"area\": 16,"), 11, "\"area\": 16 ");
  Error e = expectError(broken);
  ZSI_CHECK_EQ(e.line, 3);
  ZSI_CHECK_EQ(e.column, static_cast<std::int64_t>(std::string(kGood).find("\"iscrowd\"") + 1));
  // An invalid literal.
  broken = file(std::string(kGood).replace(std::string(kGood).find("0, \"seg"), 1, "tru"));
  e = expectError(broken);
  ZSI_CHECK_EQ(e.line, 3);
  ZSI_CHECK(contains(e.toString(), "bad.json:3:"));
  // Mismatched brackets in the top-level structure.
  e = expectError("{\"images\": [}\n");
  ZSI_CHECK_EQ(e.line, 1);
  ZSI_CHECK_EQ(e.column, 13);
  // Not an object at all.
  e = expectError("[1, 2]");
  ZSI_CHECK(contains(e.message, "results file"));
}

ZSI_TEST(bad_input_wrong_type_names_annotation_id_and_field) {
  std::string a = kGood;
  a.replace(a.find("[1, 1, 4, 4]"), 12, "\"1, 1, 4, 4\"");
  Error e = expectError(file(a));
  ZSI_CHECK(contains(e.field, "annotation id 42"));
  ZSI_CHECK(contains(e.field, "bbox"));
  ZSI_CHECK(contains(e.message, "got a string"));
  ZSI_CHECK_EQ(e.line, 3);
  // The id comes after the bad member: still named.
  e = expectError(file(R"({"image_id": "1", "category_id": 3, "id": 77})"));
  ZSI_CHECK(contains(e.field, "annotation id 77: image_id"));
  // A polygon coordinate that is not a number.
  a = kGood;
  a.replace(a.find("5, 5, 1, 5]"), 4, "\"5\"");
  e = expectError(file(a));
  ZSI_CHECK(contains(e.field, "annotation id 42: segmentation[0][4]"));
  // Missing ids.
  e = expectError(file(R"({"image_id": 1, "category_id": 3})"));
  ZSI_CHECK(contains(e.field, "annotations[0]"));
  ZSI_CHECK(contains(e.message, "no \"id\""));
  // A flat list instead of a list of polygons.
  e = expectError(file(R"({"id": 5, "image_id": 1, "category_id": 3, "segmentation": [1, 2, 3, 4, 5, 6]})"));
  ZSI_CHECK(contains(e.field, "annotation id 5: segmentation[0]"));
  // Images and categories name their ids too.
  e = expectError("{\"images\": [{\"id\": 9, \"width\": \"640\"}]}");
  ZSI_CHECK(contains(e.field, "image id 9: width"));
}

ZSI_TEST(bad_input_polygon_with_fewer_than_3_points) {
  // Documented treatment: the file loads (pycocotools' COCO() loads it too); the mask of a part
  // with fewer than 3 points is empty, and the strict annToRLE fails where pycocotools fails.
  auto r = parseCocoDataset(file(
      R"({"id": 5, "image_id": 1, "category_id": 3, "segmentation": [[1, 1, 8, 6]]}, )"
      R"({"id": 6, "image_id": 1, "category_id": 3, "segmentation": [[1, 1, 5, 1, 5, 5], [2, 2]]})"));
  ZSI_REQUIRE_OK(r);
  ZSI_CHECK_EQ(rleArea(r->annotationRle(0)), 0u);
  auto strict = r->annotationRleStrict(0);
  ZSI_REQUIRE(!strict.ok());
  ZSI_CHECK(contains(strict.error().toString(), "annotation id 5"));
  ZSI_CHECK(contains(strict.error().message, "2 points"));
  // A later short part is empty in pycocotools as well: the strict mask is the first part's.
  auto second = r->annotationRleStrict(1);
  ZSI_REQUIRE_OK(second);
  ZSI_CHECK(*second == r->annotationRle(1));
  ZSI_CHECK(rleArea(*second) > 0);
}

ZSI_TEST(bad_input_rle_counts_overrun_the_size) {
  Error e = expectError(file(
      R"({"id": 8, "image_id": 1, "category_id": 3, "iscrowd": 1, "segmentation": {"counts": [50, 40], "size": [8, 10]}})"));
  ZSI_CHECK(contains(e.field, "annotation id 8: segmentation.counts"));
  ZSI_CHECK(contains(e.message, "90 pixels"));
  // Compressed: "55" is 5 + 5 runs on a 3x3 mask.
  e = expectError(file(
      R"({"id": 9, "image_id": 1, "category_id": 3, "segmentation": {"size": [3, 3], "counts": "55"}})"));
  ZSI_CHECK(contains(e.field, "annotation id 9: segmentation.counts"));
  // An invalid compressed string.
  e = expectError(file(
      R"({"id": 10, "image_id": 1, "category_id": 3, "segmentation": {"size": [3, 3], "counts": "5 5"}})"));
  ZSI_CHECK(contains(e.message, "outside '0'..'o'"));
  // A negative run.
  e = expectError(file(
      R"({"id": 11, "image_id": 1, "category_id": 3, "segmentation": {"size": [3, 3], "counts": [4, -1, 6]}})"));
  ZSI_CHECK(contains(e.field, "annotation id 11"));
}

ZSI_TEST(bad_input_negative_sizes) {
  Error e = expectError("{\"images\": [{\"id\": 3, \"file_name\": \"a.jpg\", \"width\": -640, \"height\": 480}]}");
  ZSI_CHECK(contains(e.field, "image id 3: width"));
  ZSI_CHECK(contains(e.message, "negative"));
  e = expectError(file(
      R"({"id": 12, "image_id": 1, "category_id": 3, "segmentation": {"size": [-3, 3], "counts": [9]}})"));
  ZSI_CHECK(contains(e.field, "annotation id 12: segmentation.size"));
}

ZSI_TEST(bad_input_nan_and_infinity) {
  // NaN is not JSON (Python writes it for float('nan')): an error at its position.
  std::string a = kGood;
  a.replace(a.find("5, 1, 5]"), 1, "NaN");
  Error e = expectError(file(a));
  ZSI_CHECK_EQ(e.line, 3);
  ZSI_CHECK_EQ(e.column, static_cast<std::int64_t>(a.find("NaN") + 1));
  ZSI_CHECK(contains(e.message, "NaN"));
  a = kGood;
  a.replace(a.find("\"area\": 16"), 10, "\"area\": Infinity");
  e = expectError(file(a));
  ZSI_CHECK(contains(e.message, "Infinity"));
  // A number too large for a double.
  a = kGood;
  a.replace(a.find("\"area\": 16"), 10, "\"area\": 1e999");
  e = expectError(file(a));
  ZSI_CHECK_EQ(e.line, 3);
}

ZSI_TEST(bad_input_missing_file_and_directory) {
  auto r = loadCocoDataset("/nonexistent/instances.json");
  ZSI_REQUIRE(!r.ok());
  ZSI_CHECK(contains(r.error().toString(), "/nonexistent/instances.json"));
  r = loadCocoDataset(test::tempDir());
  ZSI_REQUIRE(!r.ok());
  ZSI_CHECK(contains(r.error().message, "directory"));
  const std::string empty = test::tempDir() + "/empty.json";
  ZSI_REQUIRE_OK(writeFileAtomic(empty, ""));
  r = loadCocoDataset(empty);
  ZSI_REQUIRE(!r.ok());
  ZSI_CHECK(contains(r.error().message, "empty"));
}

ZSI_TEST(bad_input_escaped_and_control_characters_in_keys) {
  // Found by fuzz_coco_json: an unknown member whose key has an escape ("wid\th") was read after
  // simdjson had consumed the key. Now kept verbatim.
  auto r = parseCocoDataset("{\"images\": [{\"id\": 7, \"wid\\th\": 4, \"\\u0069d2\": 1}]}", "k.json");
  ZSI_REQUIRE_OK(r);
  const auto extras = CocoDataset::extraMembers(r->images()[0].extra);
  ZSI_REQUIRE_EQ(extras.size(), 2u);
  ZSI_CHECK(extras[0].first == "\"wid\\th\"");
  // An escaped known key is recognised ("\u0069d" is "id").
  r = parseCocoDataset("{\"images\": [{\"\\u0069d\": 9}]}", "k.json");
  ZSI_REQUIRE_OK(r);
  ZSI_CHECK_EQ(r->images()[0].id, 9);
  // Raw control characters in keys and strings are malformed JSON (Python refuses them too).
  for (const char* bad : {"{\"images\": [{\"id\": 7, \"a\x01\": 4}]}",
                          "{\"images\": [{\"id\": 7, \"file_name\": \"a\tb.jpg\"}]}"}) {
    auto e = parseCocoDataset(bad, "k.json");
    ZSI_REQUIRE(!e.ok());
    ZSI_CHECK(e.error().message.find("control character") != std::string::npos);
    ZSI_CHECK_EQ(e.error().line, 1);
  }
}
