#pragma once
// A vocabulary held in memory: words and their vectors, row by row. What VectorFileWriter writes;
// made from a VectorFile (all of it, or its first words) or built by hand.

#include <cstddef>
#include <string>
#include <vector>

#include "core/util/Result.h"

namespace zsi {

class VectorFile;

struct WordVectors {
  std::size_t dim = 0;
  std::vector<std::string> words;
  std::vector<float> vectors;  // words.size() * dim, row by row

  // Every word of `file` (or the first `limit`, when limit > 0), vectors as stored.
  static Result<WordVectors> from(const VectorFile& file, std::size_t limit = 0);
};

}  // namespace zsi
