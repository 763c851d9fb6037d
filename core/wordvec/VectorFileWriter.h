#pragma once
// Writes a vocabulary in any of the formats VectorFile reads (for conversion, for making small
// vocabularies, and for the tests' round trips). Text formats print every float32 in its shortest
// exact decimal form, so reading the file back gives the same bits. Saves are atomic.

#include <cstddef>
#include <string>
#include <vector>

#include "core/util/Result.h"
#include "core/wordvec/VectorFormat.h"
#include "core/wordvec/WordVectors.h"

namespace zsi {

class VectorFileWriter {
 public:
  // A ZSI class matrix is written as dim lines with one column per word (the words themselves go
  // to a class list, see ClassList.h; write them with writeClassList).
  static Status write(const std::string& path, VectorFormat format, const WordVectors& v);
  static Status writeClassList(const std::string& path, const std::vector<std::string>& names);
};

}  // namespace zsi
