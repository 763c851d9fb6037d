#pragma once
// The index of a word-vector file: every word's name, where its vector starts in the file, a hash
// table for lookups, the words grouped by name length (for spelling suggestions) and a 4-bit copy
// of the unit vectors (for nearest-word scans, see NearestScan.h). Built once by VectorIndexBuilder; may be saved
// as a cache file and mapped back on the next open instead of reading the vectors again.
// Internal to core/wordvec. Read-only once built: safe to share between threads.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/util/Result.h"
#include "core/wordvec/MappedFile.h"

namespace zsi {

// What a cache was built from. A cache is used only when all of it matches the current file.
struct VectorSourceStamp {
  std::uint64_t size = 0;
  std::int64_t mtimeNs = 0;
  std::uint64_t headHash = 0;  // hash of the first and last 64 KiB of the file
  std::uint32_t format = 0;

  static VectorSourceStamp of(const MappedFile& file, std::uint32_t format);
  bool operator==(const VectorSourceStamp& o) const {
    return size == o.size && mtimeNs == o.mtimeNs && headHash == o.headHash && format == o.format;
  }
};

class VectorIndex {
 public:
  VectorIndex() = default;
  VectorIndex(VectorIndex&&) noexcept = default;
  VectorIndex& operator=(VectorIndex&&) noexcept = default;
  VectorIndex(const VectorIndex&) = delete;
  VectorIndex& operator=(const VectorIndex&) = delete;

  std::size_t size() const { return static_cast<std::size_t>(count_); }
  std::uint32_t dim() const { return dim_; }
  std::string_view name(std::size_t i) const {
    return std::string_view(names_ + nameOffsets_[i], nameOffsets_[i + 1] - nameOffsets_[i]);
  }
  std::uint64_t vectorOffset(std::size_t i) const { return vectorOffsets_[i]; }
  // Index of the first word spelled exactly `word`; a hash probe.
  std::optional<std::size_t> find(std::string_view word) const;
  // Words that appeared again later in the file (the first occurrence wins).
  std::uint64_t duplicates() const { return duplicates_; }

  // One packed row of NearestScan::rowBytes(dim()) bytes per word, with its scale.
  const std::uint8_t* scanRows() const { return scan_; }
  const float* scanScales() const { return scanScales_; }

  // Indices of the words whose names are `length` bytes long, in file order, and beside each its
  // letter signature (see letterSignature).
  const std::uint32_t* lengthBucket(std::size_t length, std::size_t* n,
                                    const std::uint32_t** signatures = nullptr) const;
  // Which characters a name contains (ASCII case folded, one bit per character mod 32). One edit
  // changes at most two bits, so popcount(a ^ b) / 2 bounds the edit distance from below.
  static std::uint32_t letterSignature(std::string_view name);
  std::size_t maxNameLength() const { return maxNameLength_; }

  bool fromCache() const { return cache_.data() != nullptr; }
  // Writes the cache atomically; `path`'s directory must exist.
  Status saveCache(const std::string& path, const VectorSourceStamp& stamp) const;
  // Maps a cache and checks it against `expected`; an error says why it cannot be used.
  static Result<VectorIndex> loadCache(const std::string& path, const VectorSourceStamp& expected);

 private:
  friend class VectorIndexBuilder;

  std::uint64_t count_ = 0;
  std::uint32_t dim_ = 0;
  std::uint64_t duplicates_ = 0;
  std::size_t maxNameLength_ = 0;
  std::uint64_t namesSize_ = 0;
  std::uint64_t slotCount_ = 0;

  // Views into either the owned vectors below (freshly built) or the mapped cache.
  const std::uint64_t* vectorOffsets_ = nullptr;
  const std::uint32_t* nameOffsets_ = nullptr;
  const char* names_ = nullptr;
  const std::uint64_t* slots_ = nullptr;  // (32-bit hash << 32) | (index + 1); 0 = empty
  const std::uint32_t* byLength_ = nullptr;
  const std::uint32_t* signatures_ = nullptr;  // parallel to byLength_
  const std::uint32_t* lengthStarts_ = nullptr;  // maxNameLength + 2 entries
  const float* scanScales_ = nullptr;
  const std::uint8_t* scan_ = nullptr;

  std::vector<std::uint64_t> ownVectorOffsets_;
  std::vector<std::uint32_t> ownNameOffsets_;
  std::vector<char> ownNames_;
  std::vector<std::uint64_t> ownSlots_;
  std::vector<std::uint32_t> ownByLength_;
  std::vector<std::uint32_t> ownSignatures_;
  std::vector<std::uint32_t> ownLengthStarts_;
  std::vector<float> ownScanScales_;
  std::vector<std::uint8_t> ownScan_;
  std::size_t scanStride_ = 0;
  MappedFile cache_;
};

}  // namespace zsi
