#pragma once
// Reads a word2vec (binary or text), fastText or GloVe file once, front to back, and builds its
// VectorIndex: record boundaries are found in order, then each block of records is decoded,
// checked and quantised by several threads. Every malformed record is reported with its line (text)
// or record number and byte offset (binary). Internal to core/wordvec.

#include <cstddef>
#include <cstdint>

#include "core/util/Progress.h"
#include "core/util/Result.h"
#include "core/wordvec/MappedFile.h"
#include "core/wordvec/VectorFormat.h"
#include "core/wordvec/VectorIndex.h"

namespace zsi {

class VectorFileIndexer {
 public:
  static Result<VectorIndex> build(const MappedFile& file, const VectorFileHeader& header,
                                   unsigned threads, const Progress& progress);

  // Decodes the vector at `offset` (a VectorIndex::vectorOffset). `floats`: the record is raw
  // little-endian float32 (word2vec binary, in-memory matrices); otherwise text up to the newline.
  static Status decode(const unsigned char* data, std::size_t size, bool floats,
                       std::uint64_t offset, std::uint32_t dim, float* out);
};

}  // namespace zsi
