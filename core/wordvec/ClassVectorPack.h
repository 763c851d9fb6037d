#pragma once
// The compact binary form in which the official ZSI class vectors ship with the product
// (models/coco/*.zsivec) and are compiled in. The class names, COCO ids and seen/unseen flags are
// not repeated here: they come from the built-in split (core/coco/ZsiSplit.h); a hash of the
// split's class names, in order, guards against a pack and a split that disagree.
//
// Layout (little-endian):
//   0  char[8]  "ZSICVEC1"
//   8  u32      version (1)
//   12 u32      dim
//   16 u32      columns (column 0 = background, then the classes in split order)
//   20 u32      reserved (0)
//   24 f64      norm the class columns are scaled to (the model setting)
//   32 char[16] split id ("48_17"), NUL-padded
//   48 u64      FNV-1a hash of the class names joined by '\n'
//   56 u64      FNV-1a hash of the payload
//   64 f32[columns][dim]  the vectors, one column after another

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/util/Result.h"

namespace zsi {

struct ClassVectorPack {
  std::string splitId;
  double norm = 0;
  std::uint32_t dim = 0;
  std::uint64_t namesHash = 0;
  std::vector<std::vector<float>> columns;  // [0] = background

  static std::uint64_t hashNames(const std::vector<std::string>& names);

  std::string serialize() const;
  // `what` names the data in errors (a file path, or "built-in 48_17").
  static Result<ClassVectorPack> parse(const unsigned char* data, std::size_t size, const std::string& what);
};

}  // namespace zsi
