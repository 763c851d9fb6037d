#pragma once
// A log file that other programs read while it grows (metrics.jsonl, train.log): each line goes
// out in one write(2) on an O_APPEND descriptor, so a reader never sees half a line from us and
// every line is in the file (page cache) as soon as appendLine returns. sync() makes it durable.
// Thread-safe.

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "core/util/Result.h"

namespace zsi {

class AppendOnlyFile {
 public:
  static Result<std::unique_ptr<AppendOnlyFile>> open(const std::string& path);
  ~AppendOnlyFile();
  AppendOnlyFile(const AppendOnlyFile&) = delete;
  AppendOnlyFile& operator=(const AppendOnlyFile&) = delete;

  // Appends `line` and a newline (the line must not contain one).
  Status appendLine(std::string_view line);
  Status sync();
  std::int64_t size() const;  // bytes written so far (file size)
  const std::string& path() const { return path_; }

 private:
  AppendOnlyFile(std::string path, int fd) : path_(std::move(path)), fd_(fd) {}
  std::string path_;
  int fd_ = -1;
  mutable std::mutex mutex_;
};

}  // namespace zsi
