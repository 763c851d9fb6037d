#pragma once
// The built-in class sets: the official ZSI COCO 48/17 and 65/15 class vectors (the columns of
// word_w2v_withbg_*.txt), with names, COCO ids and seen/unseen flags from the built-in splits
// (core/coco/ZsiSplit.h). The vectors are compiled into the program from models/coco/*.zsivec at
// build time, so nothing is read from disk at run time.

#include <string>

#include "core/coco/ZsiSplit.h"
#include "core/util/Result.h"
#include "core/wordvec/ClassSet.h"
#include "core/wordvec/ClassVectorPack.h"

namespace zsi {

Result<ClassSet> builtinClassSet(BuiltinSplit which);

// "48_17" or "65_15" (also "coco_48_17", "coco-65-15") -> the built-in set; anything else is read
// as a class-set JSON file.
Result<ClassSet> loadClassSet(const std::string& idOrPath);

// The pack models/coco ships for a built-in split, made from an imported official matrix. Fails
// unless the set's classes are exactly the split's (names, COCO ids, seen/unseen, order).
Result<ClassVectorPack> packBuiltinClassSet(const ClassSet& imported, BuiltinSplit which);

}  // namespace zsi
