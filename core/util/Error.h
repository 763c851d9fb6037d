#pragma once
// Errors are values at the core boundary: every function that can fail on user input returns a
// Result<T> (or Status) carrying an Error that names the file, the position and the field, so
// the CLI can print it and the GUI can show it in a dialog without knowing where it came from.

#include <cstdint>
#include <string>
#include <utility>

namespace zsi {

struct Error {
  std::string message;  // one sentence a person understands ("expected a number")
  std::string file;     // the file concerned, empty when none
  std::int64_t line = 0;    // 1-based; 0 = unknown
  std::int64_t column = 0;  // 1-based; 0 = unknown
  std::string field;    // the record and field, e.g. "annotation id 42: bbox"

  Error() = default;
  explicit Error(std::string msg) : message(std::move(msg)) {}

  Error& inFile(std::string path) { file = std::move(path); return *this; }
  Error& at(std::int64_t l, std::int64_t c) { line = l; column = c; return *this; }
  Error& forField(std::string f) { field = std::move(f); return *this; }

  // "file:line:column: field: message", leaving out the parts that are unknown.
  std::string toString() const;
};

}  // namespace zsi
