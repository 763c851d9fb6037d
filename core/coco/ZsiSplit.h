#pragma once
// Zero-shot class splits: which classes are seen (trained on) and which unseen. The two official
// COCO splits (48/17 and 65/15) are built in, in the column order of the official word-vector
// matrices (`vec_col` of classes_*.csv: seen classes first, then unseen); users may load their own.
//
// This header is the contract the word-vector, evaluation and training code use.

#include <cstdint>
#include <string>
#include <vector>

#include "core/util/Result.h"

namespace zsi {

struct ZsiSplitClass {
  std::string name;        // canonical COCO name with spaces ("hair drier")
  std::int64_t cocoId = 0; // COCO category id; 0 when unknown (user splits by name only)
  bool unseen = false;
};

struct ZsiSplit {
  std::string id;                       // "48_17", "65_15", or the user file's path
  std::vector<ZsiSplitClass> classes;   // seen classes first, then unseen; = matrix column order - 1

  std::size_t seenCount() const;
  std::size_t unseenCount() const;
  // Index in `classes` of a class name (exact, then case-insensitive); -1 when absent.
  int find(const std::string& name) const;
};

enum class BuiltinSplit { Coco48_17, Coco65_15 };

const ZsiSplit& builtinSplit(BuiltinSplit which);

// "48_17" / "65_15" → the built-in split; anything else is read as a user split file.
Result<ZsiSplit> loadSplit(const std::string& idOrPath);

}  // namespace zsi
