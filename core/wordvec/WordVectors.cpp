#include "core/wordvec/WordVectors.h"

#include <algorithm>

#include "core/wordvec/VectorFile.h"

namespace zsi {

Result<WordVectors> WordVectors::from(const VectorFile& file, std::size_t limit) {
  WordVectors v;
  v.dim = file.dim();
  const std::size_t n = limit > 0 ? std::min(limit, file.size()) : file.size();
  v.words.reserve(n);
  v.vectors.resize(n * v.dim);
  for (std::size_t i = 0; i < n; ++i) {
    v.words.emplace_back(file.word(i));
    ZSI_TRY(file.vector(i, v.vectors.data() + i * v.dim));
  }
  return v;
}

}  // namespace zsi
