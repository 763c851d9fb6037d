#pragma once
// The demo's zero-shot split as a ZsiSplit, and the split files of a generated dataset, made by
// the same code as `zsi coco split` so the demo follows the COCO rules exactly: train = seen
// annotations of the images without unseen objects; test_zsi = the images with unseen objects,
// unseen annotations only; test_gzsi = the same images with all their annotations.

#include <string>
#include <vector>

#include "core/coco/CocoDataset.h"
#include "core/coco/CocoWriter.h"
#include "core/coco/ZsiSplit.h"
#include "core/util/Result.h"

namespace zsi {

struct DemoSplitCounts {
  std::size_t images = 0;
  std::size_t annotations = 0;
};

struct DemoSplitFilesResult {
  DemoSplitCounts train, testZsi, testGzsi;
  std::vector<std::string> files;  // relative to the folder
};

// DemoCatalog's classes, seen then unseen; id "demo".
ZsiSplit demoZsiSplit();

// Writes split.json (the split as a user split file), train.json, test_zsi.json and
// test_gzsi.json into `dir`.
Result<DemoSplitFilesResult> writeDemoSplitFiles(const CocoDataset& all, const std::string& dir,
                                                 const CocoWriteOptions& options = {});

}  // namespace zsi
