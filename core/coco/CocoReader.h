#pragma once
// Reading COCO instances files. The file is read in pieces (never whole into memory): a first pass
// finds the top-level members and cuts the images and annotations arrays into chunks of whole
// records; worker threads parse the chunks with simdjson On-Demand; the pieces are joined without
// copying coordinates. Errors name the file, line and column, and for a record the annotation
// (image, category) id and the field.
//
// Accepted beyond strict COCO, as pycocotools' COCO() accepts them: integers written as 1.0,
// iscrowd as true/false, any unknown members (kept). Refused with an error: malformed JSON,
// missing ids, wrong types, bbox without 4 numbers, negative sizes, RLE runs that overrun
// height x width, invalid RLE strings, non-finite numbers (NaN is not JSON).

#include <cstddef>
#include <string>
#include <string_view>

#include "core/coco/CocoDataset.h"
#include "core/util/Progress.h"
#include "core/util/Result.h"

namespace zsi {

struct CocoLoadOptions {
  int threads = 0;                        // 0: one per core, at most 8
  std::size_t chunkBytes = 4u << 20;      // records are parsed in pieces of about this size
};

Result<CocoDataset> loadCocoDataset(const std::string& path, const Progress& progress = {},
                                    const CocoLoadOptions& options = {});

// The same from a string in memory; `name` is what errors call the file.
Result<CocoDataset> parseCocoDataset(std::string_view json, const std::string& name = "<memory>",
                                     const CocoLoadOptions& options = {});

}  // namespace zsi
