#pragma once
// Atomic saves: the data goes to a temporary file beside the target, is flushed and fsynced, then
// renamed over the target (and the directory fsynced). A crash or a full disk leaves either the
// old file or the new one, never a mix. Not thread-safe per instance.

#include <cstddef>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>

#include "core/util/Result.h"

namespace zsi {

class AtomicFileWriter {
 public:
  // Creates the temporary file. Fails when the directory is missing or not writable.
  static Result<AtomicFileWriter> open(const std::string& path);

  AtomicFileWriter(AtomicFileWriter&&) noexcept;
  AtomicFileWriter& operator=(AtomicFileWriter&&) noexcept;
  ~AtomicFileWriter();  // removes the temporary file unless commit() succeeded

  // Buffered append. Errors (e.g. disk full) are remembered and reported by commit().
  void write(const void* data, std::size_t size);
  void write(std::string_view text) { write(text.data(), text.size()); }

  // Flush, fsync, rename over the target, fsync the directory.
  Status commit();

  const std::string& path() const { return path_; }

 private:
  AtomicFileWriter() = default;
  void flushBuffer();
  void discard();

  std::string path_;
  std::string tmpPath_;
  int fd_ = -1;
  int errno_ = 0;  // first write error
  std::string buffer_;
};

// Convenience: the whole contents at once.
Status writeFileAtomic(const std::string& path, std::string_view contents);

// Reads a whole file; the error names the file and the reason.
Result<std::string> readFile(const std::string& path);

}  // namespace zsi
