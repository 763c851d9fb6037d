#include "core/wordvec/TextNumbers.h"

#include <charconv>
#include <cstdint>
#include <system_error>

namespace zsi {
namespace {

inline bool isBlank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

}  // namespace

std::vector<std::string_view> splitFields(std::string_view line) {
  std::vector<std::string_view> out;
  splitFields(line, &out);
  return out;
}

void splitFields(std::string_view line, std::vector<std::string_view>* out) {
  out->clear();
  std::size_t i = 0;
  const std::size_t n = line.size();
  while (i < n) {
    while (i < n && isBlank(line[i])) ++i;
    if (i >= n) break;
    std::size_t j = i;
    while (j < n && !isBlank(line[j])) ++j;
    out->push_back(line.substr(i, j - i));
    i = j;
  }
}

// Most numbers in vector files are short decimals ("-0.052956"). When the digits form an integer
// below 2^24 and there are at most 10 decimals, both that integer and the power of ten are exact
// floats, so one IEEE division gives the correctly rounded result (Clinger's fast path) — the
// same value from_chars returns, several times faster. Anything else goes to from_chars.
bool fastDecimal(std::string_view f, float* out) {
  static constexpr float kPow10[] = {1e0f, 1e1f, 1e2f, 1e3f, 1e4f, 1e5f, 1e6f, 1e7f, 1e8f, 1e9f, 1e10f};
  std::size_t i = 0;
  const bool negative = !f.empty() && f[0] == '-';
  if (negative) ++i;
  std::uint32_t mantissa = 0;
  int digits = 0, decimals = 0;
  bool dot = false;
  for (; i < f.size(); ++i) {
    const char c = f[i];
    if (c >= '0' && c <= '9') {
      mantissa = mantissa * 10 + static_cast<std::uint32_t>(c - '0');
      if (mantissa != 0) ++digits;
      if (dot) ++decimals;
      if (digits > 8 || decimals > 10) return false;
    } else if (c == '.' && !dot) {
      dot = true;
    } else {
      return false;
    }
  }
  if (mantissa >= (1u << 24) || (i == (negative ? 1u : 0u)) || (dot && f.size() == (negative ? 2u : 1u))) return false;
  const float v = static_cast<float>(mantissa) / kPow10[decimals];
  *out = negative ? -v : v;
  return true;
}

bool parseFloatField(std::string_view field, float* out) {
  if (!field.empty() && field.front() == '+') field.remove_prefix(1);
  if (field.empty()) return false;
  if (fastDecimal(field, out)) return true;
  auto r = std::from_chars(field.data(), field.data() + field.size(), *out);
  return r.ec == std::errc() && r.ptr == field.data() + field.size();
}

std::size_t parseVectorFields(std::string_view text, std::size_t dim, float* out,
                              std::string_view* badField) {
  *badField = {};
  std::size_t i = 0, k = 0;
  const std::size_t n = text.size();
  const char* base = text.data();
  while (i < n) {
    while (i < n && isBlank(base[i])) ++i;
    if (i >= n) break;
    std::size_t j = i;
    while (j < n && !isBlank(base[j])) ++j;
    if (k < dim) {
      std::string_view field(base + i, j - i);
      if (!parseFloatField(field, out + k)) {
        *badField = field;
        return k;
      }
    }
    ++k;
    i = j;
  }
  return k;
}

}  // namespace zsi
