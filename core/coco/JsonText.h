#pragma once
// Small JSON text helpers shared by the COCO readers and writers: the exact text Python's json
// module writes for numbers and strings, and a strict check of a raw JSON value (the readers keep
// unknown members as raw text and must not let invalid JSON through).

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace zsi {

// repr(float) as Python writes it: shortest round-trip digits, fixed notation for exponents -4..15
// ("239.97", "5.0", "0.0001"), otherwise "1e-05", "1.5e+16". Finite values only.
void appendPythonFloat(std::string& out, double value);
void appendInt(std::string& out, std::int64_t value);
// A JSON string with quotes, as json.dumps(ensure_ascii=True) writes it (non-ASCII as \uXXXX).
void appendJsonString(std::string& out, std::string_view utf8);

// A JSON list of numbers, "[1.5, 2, ...]" exactly as written, appended to `out` with the values
// a correct-rounding parser gives (the common short decimals by Clinger's exact fast path, the
// rest by std::from_chars). Returns nullptr on success, else the position of the first character
// that is not part of a valid list of numbers (a non-number element, a bad number or separator).
// `allIntegers` is cleared when a number has a fraction or exponent.
const char* parseJsonNumberList(std::string_view list, std::vector<double>& out, bool& allIntegers);

// Whether `text` (surrounding whitespace allowed) is exactly one valid JSON value; on failure
// `errorOffset` is the offset of the first offending byte.
bool isValidJsonValue(std::string_view text, std::size_t& errorOffset);

}  // namespace zsi
