#pragma once
// A read-only memory map of a whole file. Word-vector files reach several GB: mapping them lets
// the index build stream through the page cache and lets lookups touch only the pages they need.
// Thread-safe for concurrent reads once opened.

#include <cstddef>
#include <cstdint>
#include <string>

#include "core/util/Result.h"

namespace zsi {

class MappedFile {
 public:
  static Result<MappedFile> open(const std::string& path);

  MappedFile() = default;
  MappedFile(MappedFile&& o) noexcept;
  MappedFile& operator=(MappedFile&& o) noexcept;
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  ~MappedFile();

  const unsigned char* data() const { return data_; }
  std::size_t size() const { return size_; }
  std::int64_t mtimeNs() const { return mtimeNs_; }
  const std::string& path() const { return path_; }

  // Hints to the kernel: read ahead aggressively (index build) or not at all (lookups).
  void adviseSequential() const;
  void adviseRandom() const;
  // Starts reading [offset, offset + length) from disk in the background, so that a reader can
  // compute on one part of the file while the next is on its way.
  void prefetch(std::size_t offset, std::size_t length) const;

 private:
  void release();

  std::string path_;
  const unsigned char* data_ = nullptr;
  std::size_t size_ = 0;
  std::int64_t mtimeNs_ = 0;
};

}  // namespace zsi
