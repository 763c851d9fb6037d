// The index cache file: a fixed header, then eight sections, each 64-byte aligned, holding the
// index arrays exactly as they lie in memory, so that a reopen maps the file and uses it in place.
//
//   header: magic "ZSIWVIX1", version, the source stamp (size, mtime, head hash, format), counts,
//           the offset, size and checksum of every section, and a hash of the header itself.
//           The section checksums are verified on every load (about 0.1 s per 300 MB), since a
//           damaged body would otherwise give wrong words and offsets silently.
//   sections: vector offsets (u64), name offsets (u32), names, hash slots (u64), words by length
//             (u32), length starts (u32), scan scales (f32), scan rows (4-bit, NearestScan.h),
//             letter signatures (u32, parallel to words by length).
//
// Little-endian hosts only (the source formats are little-endian too).

#include <cstring>
#include <type_traits>

#include "core/util/AtomicFile.h"
#include "core/wordvec/Hash64.h"
#include "core/wordvec/NearestScan.h"
#include "core/wordvec/VectorIndex.h"

namespace zsi {
namespace {

static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "the index cache assumes a little-endian host");

constexpr char kMagic[8] = {'Z', 'S', 'I', 'W', 'V', 'I', 'X', '1'};
constexpr std::uint32_t kVersion = 5;  // 4: 4-bit scan rows, letter signatures; 5: section checksums
constexpr int kSections = 9;
constexpr std::uint64_t kAlign = 64;

struct CacheHeader {
  char magic[8];
  std::uint32_t version;
  std::uint32_t format;
  std::uint64_t sourceSize;
  std::int64_t sourceMtimeNs;
  std::uint64_t sourceHeadHash;
  std::uint64_t count;
  std::uint32_t dim;
  std::uint32_t reserved;
  std::uint64_t maxNameLength;
  std::uint64_t namesSize;
  std::uint64_t slotCount;
  std::uint64_t duplicates;
  std::uint64_t sectionOffset[kSections];
  std::uint64_t sectionSize[kSections];
  std::uint64_t sectionChecksum[kSections];  // checksum64 of each section's bytes
  std::uint64_t headerHash;  // of every byte above
};
static_assert(std::is_trivially_copyable_v<CacheHeader>);

std::uint64_t alignUp(std::uint64_t x) { return (x + kAlign - 1) / kAlign * kAlign; }

std::uint64_t headerHashOf(const CacheHeader& h) {
  return hash64(&h, offsetof(CacheHeader, headerHash));
}

}  // namespace

Status VectorIndex::saveCache(const std::string& path, const VectorSourceStamp& stamp) const {
  CacheHeader h{};
  std::memcpy(h.magic, kMagic, sizeof kMagic);
  h.version = kVersion;
  h.format = stamp.format;
  h.sourceSize = stamp.size;
  h.sourceMtimeNs = stamp.mtimeNs;
  h.sourceHeadHash = stamp.headHash;
  h.count = count_;
  h.dim = dim_;
  h.maxNameLength = maxNameLength_;
  h.namesSize = namesSize_;
  h.slotCount = slotCount_;
  h.duplicates = duplicates_;
  const void* data[kSections] = {vectorOffsets_, nameOffsets_, names_,         slots_,
                                 byLength_,      lengthStarts_, scanScales_, scan_, signatures_};
  const std::uint64_t sizes[kSections] = {
      count_ * 8, (count_ + 1) * 4, namesSize_, slotCount_ * 8, count_ * 4,
      (maxNameLength_ + 2) * 4, count_ * 4, count_ * scanStride_, count_ * 4};
  std::uint64_t offset = alignUp(sizeof(CacheHeader));
  for (int s = 0; s < kSections; ++s) {
    h.sectionOffset[s] = offset;
    h.sectionSize[s] = sizes[s];
    h.sectionChecksum[s] = checksum64(data[s], static_cast<std::size_t>(sizes[s]));
    offset = alignUp(offset + sizes[s]);
  }
  h.headerHash = headerHashOf(h);

  auto w = AtomicFileWriter::open(path);
  if (!w) return w.error();
  std::uint64_t written = 0;
  static const char zeros[kAlign] = {};
  auto pad = [&](std::uint64_t to) {
    w->write(zeros, static_cast<std::size_t>(to - written));
    written = to;
  };
  w->write(&h, sizeof h);
  written = sizeof h;
  for (int s = 0; s < kSections; ++s) {
    pad(h.sectionOffset[s]);
    if (sizes[s] > 0) w->write(data[s], static_cast<std::size_t>(sizes[s]));
    written += sizes[s];
  }
  pad(alignUp(written));
  return w->commit();
}

Result<VectorIndex> VectorIndex::loadCache(const std::string& path, const VectorSourceStamp& expected) {
  auto file = MappedFile::open(path);
  if (!file) return file.error();
  auto bad = [&](const std::string& why) { return Error("index cache unusable: " + why).inFile(path); };
  if (file->size() < sizeof(CacheHeader)) return bad("too short");
  CacheHeader h;
  std::memcpy(&h, file->data(), sizeof h);
  if (std::memcmp(h.magic, kMagic, sizeof kMagic) != 0) return bad("not an index cache");
  if (h.version != kVersion) return bad("version " + std::to_string(h.version));
  if (h.headerHash != headerHashOf(h)) return bad("header checksum mismatch");
  const VectorSourceStamp found{h.sourceSize, h.sourceMtimeNs, h.sourceHeadHash, h.format};
  if (!(found == expected)) return bad("the vector file changed since the index was built");
  if (h.dim == 0 || h.count >= 0xffffffffull) return bad("bad counts");
  const std::uint64_t sizes[kSections] = {
      h.count * 8, (h.count + 1) * 4, h.namesSize, h.slotCount * 8, h.count * 4,
      (h.maxNameLength + 2) * 4, h.count * 4, h.count * NearestScan::rowBytes(h.dim), h.count * 4};
  if (h.slotCount < 2 * h.count || (h.slotCount & (h.slotCount - 1)) != 0) return bad("bad hash table");
  if (h.maxNameLength > h.namesSize + 1 || h.namesSize > 0xffffffffull) return bad("bad name sizes");
  for (int s = 0; s < kSections; ++s) {
    if (h.sectionSize[s] != sizes[s] || h.sectionOffset[s] % 8 != 0 ||
        h.sectionOffset[s] > file->size() || file->size() - h.sectionOffset[s] < sizes[s])
      return bad("section " + std::to_string(s) + " out of bounds");
  }
  for (int s = 0; s < kSections; ++s) {
    if (checksum64(file->data() + h.sectionOffset[s], static_cast<std::size_t>(sizes[s])) != h.sectionChecksum[s])
      return bad("section " + std::to_string(s) + " checksum mismatch (damaged)");
  }

  VectorIndex x;
  const unsigned char* base = file->data();
  x.count_ = h.count;
  x.dim_ = h.dim;
  x.scanStride_ = NearestScan::rowBytes(h.dim);
  x.duplicates_ = h.duplicates;
  x.maxNameLength_ = static_cast<std::size_t>(h.maxNameLength);
  x.namesSize_ = h.namesSize;
  x.slotCount_ = h.slotCount;
  x.vectorOffsets_ = reinterpret_cast<const std::uint64_t*>(base + h.sectionOffset[0]);
  x.nameOffsets_ = reinterpret_cast<const std::uint32_t*>(base + h.sectionOffset[1]);
  x.names_ = reinterpret_cast<const char*>(base + h.sectionOffset[2]);
  x.slots_ = reinterpret_cast<const std::uint64_t*>(base + h.sectionOffset[3]);
  x.byLength_ = reinterpret_cast<const std::uint32_t*>(base + h.sectionOffset[4]);
  x.lengthStarts_ = reinterpret_cast<const std::uint32_t*>(base + h.sectionOffset[5]);
  x.scanScales_ = reinterpret_cast<const float*>(base + h.sectionOffset[6]);
  x.scan_ = base + h.sectionOffset[7];
  x.signatures_ = reinterpret_cast<const std::uint32_t*>(base + h.sectionOffset[8]);

  // Names are read straight from the map: their offsets must be in order and inside the pool,
  // or a damaged cache could send a read out of bounds.
  if (x.nameOffsets_[0] != 0 || x.nameOffsets_[h.count] != h.namesSize) return bad("bad name offsets");
  for (std::uint64_t i = 0; i < h.count; ++i) {
    const std::uint32_t len = x.nameOffsets_[i + 1] - x.nameOffsets_[i];
    if (x.nameOffsets_[i + 1] < x.nameOffsets_[i] || len > h.maxNameLength) return bad("bad name offsets");
  }
  for (std::uint64_t l = 0; l <= h.maxNameLength; ++l)
    if (x.lengthStarts_[l + 1] < x.lengthStarts_[l] || x.lengthStarts_[l + 1] > h.count)
      return bad("bad length buckets");
  for (std::uint64_t i = 0; i < h.count; ++i)
    if (x.byLength_[i] >= h.count) return bad("bad length buckets");
  x.cache_ = std::move(*file);
  return x;
}

}  // namespace zsi
