#include "core/wordvec/VectorIndexBuilder.h"

#include <algorithm>
#include <limits>

#include "core/wordvec/Hash64.h"
#include "core/wordvec/NearestScan.h"

namespace zsi {

VectorIndexBuilder::VectorIndexBuilder(std::uint32_t dim, std::uint64_t expectedCount) {
  index_.dim_ = dim;
  index_.scanStride_ = NearestScan::rowBytes(dim);
  // A header may lie (truncated file); cap the up-front reservation at what is plausible.
  const std::size_t reserve = static_cast<std::size_t>(std::min<std::uint64_t>(expectedCount, 1u << 24));
  index_.ownVectorOffsets_.reserve(reserve);
  index_.ownNameOffsets_.reserve(reserve + 1);
  index_.ownScanScales_.reserve(reserve);
  index_.ownScan_.reserve(reserve * index_.scanStride_);
  index_.ownNameOffsets_.push_back(0);
}

std::size_t VectorIndexBuilder::appendRows(std::size_t n) {
  const std::size_t first = rows_;
  rows_ += n;
  const std::size_t stride = index_.scanStride_;
  if (index_.ownScan_.capacity() < rows_ * stride) {
    index_.ownScan_.reserve(std::max(rows_ * stride, index_.ownScan_.capacity() * 2));
    index_.ownScanScales_.reserve(std::max(rows_, index_.ownScanScales_.capacity() * 2));
  }
  index_.ownScan_.resize(rows_ * stride);
  index_.ownScanScales_.resize(rows_);
  return first;
}

Status VectorIndexBuilder::addName(std::string_view name, std::uint64_t vectorOffset) {
  auto& names = index_.ownNames_;
  if (names.size() + name.size() > std::numeric_limits<std::uint32_t>::max())
    return Error("the vocabulary's words take more than 4 GiB; not supported");
  if (index_.ownVectorOffsets_.size() >= std::numeric_limits<std::uint32_t>::max() - 1)
    return Error("more than 4 billion words; not supported");
  names.insert(names.end(), name.begin(), name.end());
  index_.ownNameOffsets_.push_back(static_cast<std::uint32_t>(names.size()));
  index_.ownVectorOffsets_.push_back(vectorOffset);
  index_.maxNameLength_ = std::max(index_.maxNameLength_, name.size());
  return okStatus();
}

VectorIndex VectorIndexBuilder::finish() {
  VectorIndex& x = index_;
  x.count_ = x.ownVectorOffsets_.size();
  x.ownScan_.resize(x.count_ * x.scanStride_);
  x.ownScanScales_.resize(x.count_);
  x.namesSize_ = x.ownNames_.size();
  x.vectorOffsets_ = x.ownVectorOffsets_.data();
  x.nameOffsets_ = x.ownNameOffsets_.data();
  x.names_ = x.ownNames_.data();
  x.scanScales_ = x.ownScanScales_.data();
  x.scan_ = x.ownScan_.data();

  // Open addressing at load factor <= 1/2 keeps probes short without storing the names again.
  std::uint64_t slots = 16;
  while (slots < x.count_ * 2) slots <<= 1;
  x.slotCount_ = slots;
  x.ownSlots_.assign(slots, 0);
  const std::uint64_t mask = slots - 1;
  for (std::uint64_t i = 0; i < x.count_; ++i) {
    const std::string_view w = x.name(static_cast<std::size_t>(i));
    const std::uint64_t h = hash64(w);
    const std::uint64_t fp = h >> 32;
    for (std::uint64_t pos = h & mask;; pos = (pos + 1) & mask) {
      const std::uint64_t s = x.ownSlots_[pos];
      if (s == 0) {
        x.ownSlots_[pos] = (fp << 32) | (i + 1);
        break;
      }
      if ((s >> 32) == fp && x.name(static_cast<std::size_t>((s & 0xffffffffull) - 1)) == w) {
        ++x.duplicates_;
        break;
      }
    }
  }
  x.slots_ = x.ownSlots_.data();

  // Counting sort by name length: the spelling search visits only lengths near the query's.
  x.ownLengthStarts_.assign(x.maxNameLength_ + 2, 0);
  for (std::uint64_t i = 0; i < x.count_; ++i)
    ++x.ownLengthStarts_[x.nameOffsets_[i + 1] - x.nameOffsets_[i] + 1];
  for (std::size_t l = 1; l < x.ownLengthStarts_.size(); ++l)
    x.ownLengthStarts_[l] += x.ownLengthStarts_[l - 1];
  x.ownByLength_.resize(x.count_);
  std::vector<std::uint32_t> fill(x.ownLengthStarts_.begin(), x.ownLengthStarts_.end() - 1);
  for (std::uint64_t i = 0; i < x.count_; ++i) {
    const std::size_t len = x.nameOffsets_[i + 1] - x.nameOffsets_[i];
    x.ownByLength_[fill[len]++] = static_cast<std::uint32_t>(i);
  }
  x.ownSignatures_.resize(x.count_);
  for (std::uint64_t j = 0; j < x.count_; ++j) x.ownSignatures_[j] = VectorIndex::letterSignature(x.name(x.ownByLength_[j]));
  x.byLength_ = x.ownByLength_.data();
  x.signatures_ = x.ownSignatures_.data();
  x.lengthStarts_ = x.ownLengthStarts_.data();

  VectorIndex out = std::move(index_);
  index_ = VectorIndex();
  rows_ = 0;
  return out;
}

}  // namespace zsi
