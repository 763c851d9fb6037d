#include "core/wordvec/VectorIndex.h"

#include <algorithm>

#include "core/wordvec/Hash64.h"

namespace zsi {

VectorSourceStamp VectorSourceStamp::of(const MappedFile& file, std::uint32_t format) {
  constexpr std::size_t kEdge = 64 * 1024;
  VectorSourceStamp s;
  s.size = file.size();
  s.mtimeNs = file.mtimeNs();
  s.format = format;
  const std::size_t head = std::min(kEdge, file.size());
  s.headHash = hash64(file.data(), head);
  if (file.size() > head) {
    const std::size_t tail = std::min(kEdge, file.size() - head);
    s.headHash = hash64(file.data() + file.size() - tail, tail, s.headHash);
  }
  return s;
}

std::optional<std::size_t> VectorIndex::find(std::string_view word) const {
  if (slotCount_ == 0) return std::nullopt;
  const std::uint64_t h = hash64(word);
  const std::uint64_t mask = slotCount_ - 1;
  const std::uint64_t fp = h >> 32;
  // A corrupt cache must not loop forever: at most slotCount_ probes.
  for (std::uint64_t probe = 0, pos = h & mask; probe < slotCount_; ++probe, pos = (pos + 1) & mask) {
    const std::uint64_t s = slots_[pos];
    if (s == 0) return std::nullopt;
    if ((s >> 32) != fp) continue;
    const std::uint64_t idx = (s & 0xffffffffull) - 1;
    if (idx < count_ && name(static_cast<std::size_t>(idx)) == word)
      return static_cast<std::size_t>(idx);
  }
  return std::nullopt;
}

const std::uint32_t* VectorIndex::lengthBucket(std::size_t length, std::size_t* n,
                                               const std::uint32_t** signatures) const {
  if (length > maxNameLength_ || lengthStarts_ == nullptr) {
    *n = 0;
    return nullptr;
  }
  const std::uint32_t begin = lengthStarts_[length];
  const std::uint32_t end = lengthStarts_[length + 1];
  *n = end >= begin && end <= count_ ? end - begin : 0;
  if (signatures) *signatures = signatures_ + begin;
  return byLength_ + begin;
}

std::uint32_t VectorIndex::letterSignature(std::string_view name) {
  std::uint32_t sig = 0;
  for (char c : name) {
    auto u = static_cast<unsigned char>(c);
    if (u >= 'A' && u <= 'Z') u = static_cast<unsigned char>(u + 32);
    sig |= 1u << (u % 32);
  }
  return sig;
}

}  // namespace zsi
