#pragma once
// Builds a VectorIndex while a file is read. Rows are appended in blocks: the caller reserves a
// block (appendRows), fills the scan rows of the block from several threads, then adds the
// names in file order (addName), one per row.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/util/Result.h"
#include "core/wordvec/VectorIndex.h"

namespace zsi {

class VectorIndexBuilder {
 public:
  VectorIndexBuilder(std::uint32_t dim, std::uint64_t expectedCount);

  // Makes room for n more rows; returns the index of the first. Not thread-safe.
  std::size_t appendRows(std::size_t n);
  // Row i's scan data; rows of one block may be written from different threads.
  std::uint8_t* scanRow(std::size_t i) { return index_.ownScan_.data() + i * index_.scanStride_; }
  float* scanScale(std::size_t i) { return index_.ownScanScales_.data() + i; }
  // The name and vector offset of the next row, in order. Fails when the names outgrow 4 GiB.
  Status addName(std::string_view name, std::uint64_t vectorOffset);
  std::size_t size() const { return index_.ownVectorOffsets_.size(); }

  // Builds the hash table and the length buckets. The builder is empty afterwards.
  VectorIndex finish();

 private:
  VectorIndex index_;
  std::size_t rows_ = 0;
};

}  // namespace zsi
