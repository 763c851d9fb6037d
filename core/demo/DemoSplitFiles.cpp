#include "core/demo/DemoSplitFiles.h"

#include <nlohmann/json.hpp>

#include "core/coco/CocoZsiSplit.h"
#include "core/demo/DemoCatalog.h"
#include "core/util/AtomicFile.h"

namespace zsi {

ZsiSplit demoZsiSplit() {
  ZsiSplit split;
  split.id = "demo";
  for (const auto& c : DemoCatalog::classes()) split.classes.push_back({c.name, c.categoryId, c.unseen});
  return split;
}

namespace {

// The user split file format of `zsi coco split --split FILE` (docs/COCO.md).
Status writeSplitJson(const ZsiSplit& split, const std::string& path) {
  nlohmann::ordered_json doc;
  doc["seen"] = nlohmann::json::array();
  doc["unseen"] = nlohmann::json::array();
  for (const auto& c : split.classes) doc[c.unseen ? "unseen" : "seen"].push_back(c.name);
  return writeFileAtomic(path, doc.dump(2) + "\n");
}

}  // namespace

Result<DemoSplitFilesResult> writeDemoSplitFiles(const CocoDataset& all, const std::string& dir,
                                                 const CocoWriteOptions& options) {
  const ZsiSplit split = demoZsiSplit();
  auto sets = splitForZsi(all, split);
  if (!sets.ok()) return sets.error();
  if (!sets->missingClasses.empty())
    return Error("the dataset lacks the category '" + sets->missingClasses.front() + "'").inFile(dir + "/all.json");

  DemoSplitFilesResult result;
  ZSI_TRY(writeSplitJson(split, dir + "/split.json"));
  result.files.push_back("split.json");
  const std::pair<const char*, const CocoDataset*> files[] = {
      {"train.json", &sets->train}, {"test_zsi.json", &sets->testZsi}, {"test_gzsi.json", &sets->testGzsi}};
  DemoSplitCounts* counts[] = {&result.train, &result.testZsi, &result.testGzsi};
  for (std::size_t i = 0; i < 3; ++i) {
    ZSI_TRY(writeCocoDataset(*files[i].second, dir + "/" + files[i].first, {}, options));
    result.files.emplace_back(files[i].first);
    counts[i]->images = files[i].second->images().size();
    counts[i]->annotations = files[i].second->annotations().size();
  }
  return result;
}

}  // namespace zsi
