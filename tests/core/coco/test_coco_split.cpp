// Zero-shot splits: the built-in class lists against shared/data/zsi/classes_*.csv, user split
// files, and the three sets made from the sample, checked against an independent computation from
// the raw JSON and the CSV.

#include <nlohmann/json.hpp>

#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "core/coco/CocoFilter.h"
#include "core/coco/CocoReader.h"
#include "core/coco/CocoZsiSplit.h"
#include "core/coco/ZsiSplit.h"
#include "core/util/AtomicFile.h"
#include "tests/harness/ZsiTest.h"

using namespace zsi;
using nlohmann::json;

namespace {

struct CsvClass {
  int column;
  std::string name;
  std::int64_t cocoId;
  bool unseen;
};

std::vector<CsvClass> readCsv(const std::string& file) {
  std::ifstream in(test::sharedData("zsi/" + file));
  ZSI_REQUIRE(in);  // the shared folder is here (sharedData), so a missing file is a failure
  std::vector<CsvClass> out;
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    std::stringstream ss(line);
    std::string col, name, id, split;
    std::getline(ss, col, ',');
    std::getline(ss, name, ',');
    std::getline(ss, id, ',');
    std::getline(ss, split, ',');
    if (split == "background") continue;
    out.push_back({std::stoi(col), name, std::stoll(id), split == "unseen"});
  }
  return out;
}

}  // namespace

ZSI_TEST(builtin_splits_equal_the_csv_files) {
  const std::pair<BuiltinSplit, const char*> splits[] = {{BuiltinSplit::Coco48_17, "classes_48_17.csv"},
                                                         {BuiltinSplit::Coco65_15, "classes_65_15.csv"}};
  for (const auto& [which, file] : splits) {
    const auto csv = readCsv(file);
    const ZsiSplit& s = builtinSplit(which);
    ZSI_REQUIRE_EQ(s.classes.size(), csv.size());
    for (std::size_t i = 0; i < csv.size(); ++i) {
      ZSI_CHECK_EQ(csv[i].column, static_cast<int>(i) + 1);  // class k = matrix column k + 1
      ZSI_CHECK_EQ(s.classes[i].name, csv[i].name);
      ZSI_CHECK_EQ(s.classes[i].cocoId, csv[i].cocoId);
      ZSI_CHECK_EQ(s.classes[i].unseen, csv[i].unseen);
    }
  }
  ZSI_CHECK_EQ(builtinSplit(BuiltinSplit::Coco48_17).seenCount(), 48u);
  ZSI_CHECK_EQ(builtinSplit(BuiltinSplit::Coco48_17).unseenCount(), 17u);
  ZSI_CHECK_EQ(builtinSplit(BuiltinSplit::Coco65_15).unseenCount(), 15u);
  ZSI_CHECK_EQ(builtinSplit(BuiltinSplit::Coco65_15).find("Hair Drier"), 79);
  ZSI_CHECK_EQ(builtinSplit(BuiltinSplit::Coco48_17).find("hair drier"), -1);
  ZSI_CHECK(loadSplit("48_17").ok());
}

ZSI_TEST(user_split_files) {
  const std::string dir = test::tempDir();
  ZSI_REQUIRE_OK(writeFileAtomic(dir + "/s.json", R"({"seen": ["person", "dog"], "unseen": ["cat"]})"));
  auto s = loadSplit(dir + "/s.json");
  ZSI_REQUIRE_OK(s);
  ZSI_CHECK_EQ(s->seenCount(), 2u);
  ZSI_CHECK_EQ(s->classes[2].name, std::string("cat"));
  ZSI_CHECK(s->classes[2].unseen);
  ZSI_REQUIRE_OK(writeFileAtomic(dir + "/s.csv", "name,split\n# comment\nbus,unseen\nperson,seen\ncar,seen\n"));
  s = loadSplit(dir + "/s.csv");
  ZSI_REQUIRE_OK(s);
  ZSI_CHECK_EQ(s->classes[0].name, std::string("person"));  // seen first
  ZSI_CHECK_EQ(s->classes[2].name, std::string("bus"));
  // The classes_*.csv layout itself is a valid split file.
  s = loadSplit(test::sharedData("zsi/classes_65_15.csv"));
  ZSI_REQUIRE_OK(s);
  ZSI_CHECK_EQ(s->classes.size(), 80u);
  ZSI_CHECK_EQ(s->classes[0].cocoId, 1);
  // Errors name the file and line.
  ZSI_REQUIRE_OK(writeFileAtomic(dir + "/bad.csv", "person,seen\ncat,maybe\n"));
  auto bad = loadSplit(dir + "/bad.csv");
  ZSI_REQUIRE(!bad.ok());
  ZSI_CHECK_EQ(bad.error().line, 2);
  ZSI_REQUIRE_OK(writeFileAtomic(dir + "/dup.json", R"({"seen": ["cat"], "unseen": ["Cat"]})"));
  ZSI_CHECK(!loadSplit(dir + "/dup.json").ok());
  ZSI_REQUIRE_OK(writeFileAtomic(dir + "/none.json", R"({"seen": ["cat"], "unseen": []})"));
  ZSI_CHECK(!loadSplit(dir + "/none.json").ok());
  ZSI_CHECK(!loadSplit(dir + "/missing.json").ok());
}

ZSI_TEST(split_48_17_of_the_sample_follows_the_rules) {
  const std::string path = test::sharedData("coco-sample/instances_val2017_sample.json");
  auto ds = loadCocoDataset(path);
  ZSI_REQUIRE_OK(ds);
  auto sets = splitForZsi(*ds, builtinSplit(BuiltinSplit::Coco48_17));
  ZSI_REQUIRE_OK(sets);

  // Independent oracle from the raw JSON and the CSV.
  std::ifstream in(path);
  const json raw = json::parse(in);
  std::map<std::int64_t, int> groupOfCategory;  // 1 seen, 2 unseen (by name through the CSV)
  std::map<std::string, int> groupOfName;
  for (const auto& c : readCsv("classes_48_17.csv")) groupOfName[c.name] = c.unseen ? 2 : 1;
  for (const auto& c : raw.at("categories")) {
    auto it = groupOfName.find(c.at("name").get<std::string>());
    groupOfCategory[c.at("id").get<std::int64_t>()] = it == groupOfName.end() ? 0 : it->second;
  }
  std::set<std::int64_t> unseenImages;
  for (const auto& a : raw.at("annotations"))
    if (groupOfCategory[a.at("category_id").get<std::int64_t>()] == 2) unseenImages.insert(a.at("image_id").get<std::int64_t>());
  std::set<std::int64_t> expectTrainAnns, expectZsiAnns, expectGzsiAnns, expectTrainImages;
  for (const auto& a : raw.at("annotations")) {
    const int g = groupOfCategory[a.at("category_id").get<std::int64_t>()];
    const std::int64_t im = a.at("image_id").get<std::int64_t>(), id = a.at("id").get<std::int64_t>();
    if (unseenImages.count(im)) {
      if (g == 2) expectZsiAnns.insert(id);
      if (g != 0) expectGzsiAnns.insert(id);
    } else if (g == 1) {
      expectTrainAnns.insert(id);
      expectTrainImages.insert(im);
    }
  }
  auto ids = [](const auto& records) {
    std::set<std::int64_t> s;
    for (const auto& r : records) s.insert(r.id);
    return s;
  };
  // The counts the sample's README gives: 199 unseen annotations on 79 images.
  ZSI_CHECK_EQ(unseenImages.size(), 79u);
  ZSI_CHECK_EQ(expectZsiAnns.size(), 199u);
  ZSI_CHECK(ids(sets->testZsi.annotations()) == expectZsiAnns);
  ZSI_CHECK(ids(sets->testGzsi.annotations()) == expectGzsiAnns);
  ZSI_CHECK(ids(sets->train.annotations()) == expectTrainAnns);
  ZSI_CHECK(ids(sets->testZsi.images()) == unseenImages);
  ZSI_CHECK(ids(sets->testGzsi.images()) == unseenImages);
  ZSI_CHECK(ids(sets->train.images()) == expectTrainImages);
  ZSI_CHECK_EQ(sets->droppedOtherAnnotations, 150u);
  // Categories in the split's (word-vector column) order.
  const ZsiSplit& split = builtinSplit(BuiltinSplit::Coco48_17);
  ZSI_REQUIRE_EQ(sets->train.categories().size(), 48u);
  ZSI_REQUIRE_EQ(sets->testZsi.categories().size(), 17u);
  ZSI_REQUIRE_EQ(sets->testGzsi.categories().size(), 65u);
  for (std::size_t k = 0; k < 65; ++k) ZSI_CHECK_EQ(sets->testGzsi.categories()[k].name, split.classes[k].name);
  ZSI_CHECK_EQ(sets->testZsi.categories()[0].name, std::string("bus"));
  // Masks are carried over unchanged.
  for (std::size_t i = 0; i < sets->testGzsi.annotations().size(); ++i) {
    auto orig = ds->annotationIndex(sets->testGzsi.annotations()[i].id);
    ZSI_REQUIRE(orig.has_value());
    ZSI_CHECK(sets->testGzsi.annotationRle(i) == ds->annotationRle(*orig));
  }
}

ZSI_TEST(filters_by_class_group_crowd_and_area) {
  auto ds = loadCocoDataset(test::sharedData("coco-sample/instances_val2017_sample.json"));
  ZSI_REQUIRE_OK(ds);
  CocoFilter f;
  f.crowd = true;
  auto crowd = filterAnnotations(*ds, f);
  ZSI_REQUIRE_OK(crowd);
  ZSI_CHECK_EQ(crowd->size(), 16u);
  f = CocoFilter{};
  f.crowd = false;
  f.maxArea = 1024;  // COCO's "small" (both ends inclusive)
  auto small = filterAnnotations(*ds, f);
  ZSI_REQUIRE_OK(small);
  ZSI_CHECK_EQ(small->size(), 607u);  // README: 607 small non-crowd instances
  f = CocoFilter{};
  f.group = CocoFilter::Group::Unseen;
  f.split = &builtinSplit(BuiltinSplit::Coco48_17);
  auto unseen = filterAnnotations(*ds, f);
  ZSI_REQUIRE_OK(unseen);
  ZSI_CHECK_EQ(unseen->size(), 199u);
  f.group = CocoFilter::Group::Seen;
  auto seen = filterAnnotations(*ds, f);
  ZSI_REQUIRE_OK(seen);
  ZSI_CHECK_EQ(seen->size(), 1075u);
  f = CocoFilter{};
  f.classes = {"cup", "Knife"};
  f.keepEmptyImages = false;
  auto sub = filterDataset(*ds, f);
  ZSI_REQUIRE_OK(sub);
  ZSI_CHECK_EQ(sub->annotations().size(), 92u);  // 72 cups + 20 knives
  for (const auto& a : sub->annotations()) ZSI_CHECK(a.categoryId == 47 || a.categoryId == 49);
  f.classes = {"unicorn"};
  ZSI_CHECK(!filterAnnotations(*ds, f).ok());
}
