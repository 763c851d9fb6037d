#pragma once
// First pass of the chunked JSON readers: one fast sweep over the file that finds the top-level
// members (or the top-level list) and cuts the big lists into chunks of whole elements, so that
// the elements can be parsed by several threads and the file never has to be in memory at once.
// It checks what it sees (strings, bracket nesting and kinds, the top-level grammar) and reports
// errors with line and column; everything inside the elements is checked by the second pass.

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/coco/JsonSource.h"
#include "core/util/Progress.h"
#include "core/util/Result.h"

namespace zsi {

// A piece of a list: the text from `begin` to `end` holds `elements` whole elements (objects or
// lists) and the whitespace and commas around them. Every chunk but the first starts with the
// comma that separates it from the previous one; the last ends just before the closing ']'.
struct JsonChunk {
  std::uint64_t begin = 0;
  std::uint64_t end = 0;
  std::uint64_t firstElement = 0;
  std::uint32_t elements = 0;
};

struct JsonArraySpan {
  std::uint64_t begin = 0;  // the '['
  std::uint64_t end = 0;    // one past the ']'
  std::uint64_t elements = 0;
  std::vector<JsonChunk> chunks;  // at least one, covering the whole inside
};

struct JsonMemberSpan {
  std::string key;            // unescaped
  std::string rawKey;         // as written, with its quotes
  std::uint64_t keyOffset = 0;
  std::uint64_t valueBegin = 0;
  std::uint64_t valueEnd = 0;
  char kind = 0;              // first character of the value: '{', '[', '"', or the scalar's
  int array = -1;             // index in JsonLayout::arrays when the value was chunked
};

struct JsonLayout {
  bool rootIsArray = false;
  std::vector<JsonMemberSpan> members;  // root object: its members in order
  std::vector<JsonArraySpan> arrays;    // root list: arrays[0]
};

// `chunkMember(key)`: whether the list under this top-level key is cut into chunks.
// `onChunk(key, chunk)`, when set, is called as soon as each chunk is complete (key "" for a
// top-level list), so that the chunks can be parsed while the scan goes on; returning false stops
// the scan.
using JsonChunkCallback = std::function<bool(std::string_view key, const JsonChunk& chunk)>;
Result<JsonLayout> scanJsonLayout(const JsonSource& source,
                                  const std::function<bool(std::string_view)>& chunkMember,
                                  std::size_t chunkBytes, const Progress& progress,
                                  const JsonChunkCallback& onChunk = {});

// JSON string unescaping for keys and short strings (the text between the quotes).
std::string jsonUnescape(std::string_view raw);

}  // namespace zsi
