#pragma once
// The bridge from a class set (core/wordvec: names typed by people, vectors from a vocabulary,
// saved as JSON) to the engine's ClassVectors. Plain C++.

#include "core/engine/ClassVectors.h"
#include "core/util/Result.h"

namespace zsi {

class ClassSet;

// Same classes in the same order, vectors copied bit for bit (a class set's vectors are already
// at its norm), seen/unseen flags and background kept. Fails when the set does not validate.
Result<ClassVectors> toClassVectors(const ClassSet& set);

}  // namespace zsi
