#pragma once
// Writing COCO instances files, atomically (AtomicFileWriter). The text is what Python's
// json.dump writes for the same data (", " and ": " separators, floats as repr, non-ASCII as
// \uXXXX), so a file written by Python comes back byte for byte when nothing changed. Unknown
// members are written back as they were read, in their original order.

#include <string>

#include "core/coco/CocoDataset.h"
#include "core/util/Progress.h"
#include "core/util/Result.h"

namespace zsi {

struct CocoWriteOptions {
  int threads = 0;  // records are formatted in parallel; 0: one per core, at most 8
};

Status writeCocoDataset(const CocoDataset& dataset, const std::string& path,
                        const Progress& progress = {}, const CocoWriteOptions& options = {});
// The whole text in memory (tests, small files).
Result<std::string> cocoDatasetToJson(const CocoDataset& dataset,
                                      const CocoWriteOptions& options = {});

}  // namespace zsi
