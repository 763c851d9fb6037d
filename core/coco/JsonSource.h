#pragma once
// The bytes of a JSON file for the chunked readers: a file read piece by piece with pread (a big
// file is never held whole), or a string already in memory. Also turns a byte offset into the
// line and column a person can find in an editor.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "core/util/Result.h"

namespace zsi {

class JsonSource {
 public:
  static Result<JsonSource> openFile(const std::string& path);
  static JsonSource fromMemory(std::string_view text, std::string name);

  JsonSource(JsonSource&&) noexcept;
  JsonSource& operator=(JsonSource&&) noexcept;
  ~JsonSource();

  std::uint64_t size() const { return size_; }
  const std::string& name() const { return name_; }
  // Reads [offset, offset + n) into out (thread-safe: pread).
  Status read(std::uint64_t offset, std::size_t n, char* out) const;

  // An error at a byte offset: file, 1-based line and column (in characters, as Python counts).
  Error errorAt(std::uint64_t offset, std::string message) const;

 private:
  JsonSource() = default;
  std::string name_;
  std::uint64_t size_ = 0;
  int fd_ = -1;
  std::string_view memory_;
};

}  // namespace zsi
