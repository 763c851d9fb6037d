#pragma once
// The text of one chunk (JsonScan.h), loaded for simdjson: "[" + its elements + "]" with the
// padding simdjson needs, and the way back from a position in that buffer to the file.

#include <cstdint>
#include <memory>
#include <string>

#include "core/coco/JsonScan.h"
#include "core/coco/JsonSource.h"
#include "core/util/Result.h"

namespace zsi {

class JsonChunkText {
 public:
  // Reads the chunk; checks the comma that joins it to the previous chunk.
  Status load(const JsonSource& source, const JsonChunk& chunk);

  const char* data() const { return buf_.get(); }
  std::size_t size() const { return size_; }
  std::size_t capacity() const { return capacity_; }
  std::uint64_t fileOffset(const char* p) const;

  // A syntax error somewhere in the chunk, placed exactly (simdjson does not always say where):
  // the text is parsed again by a strict parser that reports the byte; `hint` is where simdjson
  // stopped, used when that parser finds nothing.
  Error syntaxError(const JsonSource& source, const char* hint) const;

 private:
  std::unique_ptr<char[]> buf_;
  std::size_t size_ = 0;
  std::size_t capacity_ = 0;
  std::uint64_t begin_ = 0;  // file offset of buf_[1]
};

}  // namespace zsi
