#pragma once
// The one bridge from core/wordvec (which reads and writes every file of class vectors: class
// sets typed by people, official ZSI matrices) to the engine's ClassVectors. Plain C++.

#include <string>

#include "core/engine/ClassVectors.h"
#include "core/util/Result.h"

namespace zsi {

class ClassSet;
struct ClassMatrix;

// Same classes in the same order, vectors copied bit for bit (a class set's vectors are already
// at its norm), seen/unseen flags and background kept. Fails when the set does not validate.
Result<ClassVectors> toClassVectors(const ClassSet& set);

// An official matrix read without its class list (word_w2v_withbg_*.txt: column 0 background,
// then one class per column): the first `numSeen` class columns are seen, the rest unseen, named
// "class1", "class2", ... The norm is that of the first class column (0.76663 in the official
// files). `path` names the file in errors.
Result<ClassVectors> toClassVectors(const ClassMatrix& matrix, int numSeen, const std::string& path);

}  // namespace zsi
