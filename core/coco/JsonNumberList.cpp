// parseJsonNumberList: the polygon coordinate lists are most of a COCO file's bytes, so this is
// the loader's innermost loop. Short decimals (COCO writes up to two fraction digits) are read
// exactly without std::from_chars; anything else falls back to it.

#include <charconv>
#include <cstdint>
#include <cstring>
#include <string>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "core/coco/JsonText.h"

namespace zsi {

namespace {

inline bool isDigit(char c) { return c >= '0' && c <= '9'; }
inline bool isSpace(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; }

constexpr double kPow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                             1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

constexpr std::uint64_t kPow10Int[] = {1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000};

std::uint64_t load8(const char* p) {
  std::uint64_t v;
  std::memcpy(&v, p, 8);
  return v;
}

// Number of leading ASCII digits in 8 bytes (little-endian: the first character is the low byte).
int leadingDigits(std::uint64_t v) {
  const std::uint64_t x = v - 0x3030303030303030ull;
  // A byte's high bit ends up set when it was below '0' or above '9'.
  const std::uint64_t bad = (x | (x + 0x7676767676767676ull)) & 0x8080808080808080ull;
  return bad ? __builtin_ctzll(bad) / 8 : 8;
}

// The value of the first n (1..8) digits of v, eight at a time with three multiplications.
std::uint64_t digitsValue(std::uint64_t v, int n) {
  if (n < 8) v = (v << (8 * (8 - n))) | (0x3030303030303030ull >> (8 * n));
  v -= 0x3030303030303030ull;
  v = (v * 10) + (v >> 8);
  v = (((v & 0x000000FF000000FFull) * 0x000F424000000064ull) +
       (((v >> 16) & 0x000000FF000000FFull) * 0x0000271000000001ull)) >> 32;
  return v;
}

}  // namespace

namespace {
const char* parseNumbers(std::string_view list, double* out, double* divisor, std::size_t& count,
                         bool& allIntegers);
}  // namespace

const char* parseJsonNumberList(std::string_view list, std::vector<double>& out, bool& allIntegers) {
  // The parse writes each number as an exact mantissa and its power of ten to plain buffers (a
  // store each, no capacity check); the divisions then run in a loop of their own, where they
  // pipeline (and vectorise) instead of stalling the parse. Each number takes at least two
  // characters with its separator.
  thread_local std::vector<double> mantissas, divisors;
  const std::size_t most = list.size() / 2 + 1;
  if (mantissas.size() < most) {
    mantissas.resize(most);
    divisors.resize(most);
  }
  std::size_t count = 0;
  const char* bad = parseNumbers(list, mantissas.data(), divisors.data(), count, allIntegers);
  double* m = mantissas.data();
  const double* d = divisors.data();
  for (std::size_t i = 0; i < count; ++i) m[i] /= d[i];
  out.insert(out.end(), m, m + count);
  return bad;
}

namespace {

const char* parseNumbers(std::string_view list, double* out, double* divisor, std::size_t& count,
                         bool& allIntegers) {
  double* const first = out;
  struct Count {
    double*& at;
    double* first;
    std::size_t& n;
    ~Count() { n = static_cast<std::size_t>(at - first); }
  } counted{out, first, count};
  const char* p = list.data();
  const char* end = p + list.size();
  if (p == end || *p != '[') return p;
  ++p;
  while (p < end && isSpace(*p)) ++p;
  if (p < end && *p == ']') return p + 1 == end ? nullptr : p + 1;
  for (;;) {
#if defined(__SSE2__)
    if (end - p >= 32) {
      // The separator is found first, from one 16-byte load: the next number's position then
      // depends on that load alone, not on reading the digits, so consecutive numbers overlap
      // in the pipeline. Only the canonical short forms are taken here; anything else (spaces
      // before the comma, exponents, long mantissas, errors) goes on to the general path.
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
      const unsigned separators = static_cast<unsigned>(_mm_movemask_epi8(_mm_or_si128(
          _mm_cmpeq_epi8(v, _mm_set1_epi8(',')), _mm_cmpeq_epi8(v, _mm_set1_epi8(']')))));
      if (separators != 0) {
        const int len = __builtin_ctz(separators);
        const int negative = *p == '-';
        const char* q = p + negative;
        const int n = leadingDigits(load8(q));
        const int rest = len - negative - n;  // the '.' and the fraction digits, or nothing
        const int fraction = rest > 0 ? rest - 1 : 0;
        if (n > 0 && n < 8 && !(n > 1 && *q == '0') &&
            (rest == 0 || (q[n] == '.' && fraction > 0 && fraction < 8 &&
                           leadingDigits(load8(q + n + 1)) == fraction))) {
          std::uint64_t mantissa = digitsValue(load8(q), n);
          if (rest != 0) mantissa = mantissa * kPow10Int[fraction] + digitsValue(load8(q + n + 1), fraction);
          // Below 10^14 and a power of ten up to 1e7: exact operands, one rounding.
          const double value = static_cast<double>(mantissa);
          divisor[out - first] = kPow10[fraction];
          *out++ = negative ? -value : value;
          allIntegers = allIntegers && rest == 0;
          p += len;
          if (p[0] == ',' && p[1] == ' ' && !isSpace(p[2])) {
            p += 2;
            continue;
          }
          if (*p == ']') return p + 1 == end ? nullptr : p + 1;
          ++p;
          while (p < end && isSpace(*p)) ++p;
          continue;
        }
      }
    }
#endif
    const char* start = p;
    bool negative = false;
    if (p < end && *p == '-') {
      negative = true;
      ++p;
    }
    if (end - p >= 24) {
      // Fast path for short decimals such as 239.97: digits taken eight at a time.
      const int n = leadingDigits(load8(p));
      if (n > 0 && n < 8 && !(n > 1 && *p == '0')) {
        std::uint64_t mantissa = digitsValue(load8(p), n);
        const char* q = p + n;
        int fraction = 0;
        bool ok = true;
        if (*q == '.') {
          fraction = leadingDigits(load8(q + 1));
          ok = fraction > 0 && fraction < 8;
          if (ok) {
            mantissa = mantissa * kPow10Int[fraction] + digitsValue(load8(q + 1), fraction);
            q += 1 + fraction;
          }
        }
        if (ok && *q != 'e' && *q != 'E') {
          // Below 10^14 and a power of ten up to 1e7: exact operands, one rounding.
          const double value = static_cast<double>(mantissa);
          divisor[out - first] = kPow10[fraction];
          *out++ = negative ? -value : value;
          allIntegers = allIntegers && fraction == 0 && *q != '.';
          p = q;
          if (p[0] == ',' && p[1] == ' ' && !isSpace(p[2])) {
            p += 2;
            continue;
          }
          while (p < end && isSpace(*p)) ++p;
          if (p >= end) return p;
          if (*p == ']') return p + 1 == end ? nullptr : p + 1;
          if (*p != ',') return p;
          ++p;
          while (p < end && isSpace(*p)) ++p;
          continue;
        }
      }
    }
    if (p >= end || !isDigit(*p)) return start;
    std::uint64_t mantissa = 0;
    int digits = 0, fraction = 0;
    bool integer = true, slow = false;
    if (*p == '0') {
      ++p;
      if (p < end && isDigit(*p)) return start;  // no leading zeros in JSON
    } else {
      for (; p < end && isDigit(*p); ++p, ++digits) mantissa = mantissa * 10 + static_cast<unsigned>(*p - '0');
    }
    if (p < end && *p == '.') {
      integer = false;
      ++p;
      if (p >= end || !isDigit(*p)) return start;
      for (; p < end && isDigit(*p); ++p, ++fraction) {
        if (mantissa == 0 && digits == 0 && *p == '0') continue;  // leading zeros of 0.00x
        mantissa = mantissa * 10 + static_cast<unsigned>(*p - '0');
        ++digits;
      }
    }
    if (p < end && (*p == 'e' || *p == 'E')) {
      integer = false;
      slow = true;
      ++p;
      if (p < end && (*p == '+' || *p == '-')) ++p;
      if (p >= end || !isDigit(*p)) return start;
      while (p < end && isDigit(*p)) ++p;
    }
    double value;
    // Exact: a mantissa below 2^53 and a power of ten up to 1e22 are both doubles, and one IEEE
    // division rounds correctly (Clinger's fast path).
    double divide = 1.0;
    if (!slow && digits <= 15 && fraction <= 22) {
      value = static_cast<double>(mantissa);
      divide = kPow10[fraction];
      if (negative) value = -value;
    } else {
      const auto r = std::from_chars(start, p, value);
      if (r.ec == std::errc::result_out_of_range) {
        // Python reads an underflow as 0 and refuses nothing here; an overflow is not finite.
        const std::string_view token(start, static_cast<std::size_t>(p - start));
        const std::size_t e = token.find_first_of("eE");
        if (e == std::string_view::npos || e + 1 >= token.size() || token[e + 1] != '-') return start;
        value = negative ? -0.0 : 0.0;
      } else if (r.ec != std::errc() || r.ptr != p) {
        return start;
      }
    }
    divisor[out - first] = divide;
    *out++ = value;
    allIntegers = allIntegers && integer;
    while (p < end && isSpace(*p)) ++p;
    if (p >= end) return p;
    if (*p == ']') return p + 1 == end ? nullptr : p + 1;
    if (*p != ',') return p;
    ++p;
    while (p < end && isSpace(*p)) ++p;
  }
}

}  // namespace

}  // namespace zsi
