#include "core/coco/JsonText.h"

#include <cctype>
#include <charconv>
#include <cstdio>
#include <cstring>

namespace zsi {

void appendPythonFloat(std::string& out, double value) {
  char buf[64];
  // Shortest round-trip digits in scientific form: d[.ddd]e[+-]XX.
  const auto r = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::scientific);
  std::string_view s(buf, static_cast<std::size_t>(r.ptr - buf));
  if (!s.empty() && s[0] == '-') {
    out.push_back('-');
    s.remove_prefix(1);
  }
  const std::size_t e = s.find('e');
  std::string digits;
  for (char c : s.substr(0, e))
    if (c != '.') digits.push_back(c);
  const int exponent = std::stoi(std::string(s.substr(e + 1)));
  const int n = static_cast<int>(digits.size());
  const int decpt = exponent + 1;  // value = 0.d1d2... * 10^decpt
  if (decpt <= -4 || decpt > 16) {
    out.push_back(digits[0]);
    if (n > 1) {
      out.push_back('.');
      out.append(digits, 1, std::string::npos);
    }
    char ebuf[16];
    std::snprintf(ebuf, sizeof ebuf, "e%c%02d", exponent < 0 ? '-' : '+',
                  exponent < 0 ? -exponent : exponent);
    out.append(ebuf);
  } else if (decpt <= 0) {
    out.append("0.");
    out.append(static_cast<std::size_t>(-decpt), '0');
    out.append(digits);
  } else if (decpt < n) {
    out.append(digits, 0, static_cast<std::size_t>(decpt));
    out.push_back('.');
    out.append(digits, static_cast<std::size_t>(decpt), std::string::npos);
  } else {
    out.append(digits);
    out.append(static_cast<std::size_t>(decpt - n), '0');
    out.append(".0");
  }
}

void appendInt(std::string& out, std::int64_t value) {
  char buf[24];
  const auto r = std::to_chars(buf, buf + sizeof buf, value);
  out.append(buf, r.ptr);
}

namespace {

void appendU(std::string& out, unsigned v) {
  static const char* hex = "0123456789abcdef";
  out.append("\\u");
  for (int shift = 12; shift >= 0; shift -= 4) out.push_back(hex[(v >> shift) & 0xF]);
}

// Decodes one UTF-8 sequence at s[i]; returns the code point (U+FFFD when invalid) and its length.
std::uint32_t decodeUtf8(std::string_view s, std::size_t i, std::size_t& len) {
  const unsigned char c = static_cast<unsigned char>(s[i]);
  len = 1;
  int extra;
  if (c >= 0xC2 && c < 0xE0) {
    extra = 1;
  } else if (c >= 0xE0 && c < 0xF0) {
    extra = 2;
  } else if (c >= 0xF0 && c < 0xF5) {
    extra = 3;
  } else {
    return 0xFFFD;
  }
  if (i + static_cast<std::size_t>(extra) >= s.size()) return 0xFFFD;
  std::uint32_t cp = c & (0x3F >> extra);
  for (int k = 1; k <= extra; ++k) {
    const unsigned char d = static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]);
    if ((d & 0xC0) != 0x80) return 0xFFFD;
    cp = (cp << 6) | (d & 0x3F);
  }
  len = 1 + static_cast<std::size_t>(extra);
  return cp;
}

}  // namespace

void appendJsonString(std::string& out, std::string_view s) {
  out.push_back('"');
  for (std::size_t i = 0; i < s.size();) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      switch (c) {
        case '"': out.append("\\\""); break;
        case '\\': out.append("\\\\"); break;
        case '\n': out.append("\\n"); break;
        case '\r': out.append("\\r"); break;
        case '\t': out.append("\\t"); break;
        case '\b': out.append("\\b"); break;
        case '\f': out.append("\\f"); break;
        default:
          if (c < 0x20) appendU(out, c); else out.push_back(static_cast<char>(c));
      }
      ++i;
      continue;
    }
    std::size_t len = 1;
    const std::uint32_t cp = decodeUtf8(s, i, len);
    if (cp >= 0x10000) {
      const std::uint32_t v = cp - 0x10000;
      appendU(out, 0xD800 + (v >> 10));
      appendU(out, 0xDC00 + (v & 0x3FF));
    } else {
      appendU(out, cp);
    }
    i += len;
  }
  out.push_back('"');
}

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

namespace {

class Validator {
 public:
  explicit Validator(std::string_view t) : t_(t) {}
  bool run(std::size_t& err) {
    ws();
    const bool ok = value(0) && (ws(), p_ == t_.size());
    err = p_;
    return ok;
  }

 private:
  void ws() {
    while (p_ < t_.size() && (t_[p_] == ' ' || t_[p_] == '\t' || t_[p_] == '\n' || t_[p_] == '\r')) ++p_;
  }
  bool lit(std::string_view w) {
    if (t_.substr(p_, w.size()) != w) return false;
    p_ += w.size();
    return true;
  }
  bool value(int depth) {
    if (p_ >= t_.size() || depth > 1024) return false;
    switch (t_[p_]) {
      case '{': return object(depth);
      case '[': return array(depth);
      case '"': return string();
      case 't': return lit("true");
      case 'f': return lit("false");
      case 'n': return lit("null");
      default: return number();
    }
  }
  bool object(int depth) {
    ++p_;
    ws();
    if (p_ < t_.size() && t_[p_] == '}') return ++p_, true;
    for (;;) {
      ws();
      if (p_ >= t_.size() || t_[p_] != '"' || !string()) return false;
      ws();
      if (p_ >= t_.size() || t_[p_] != ':') return false;
      ++p_;
      ws();
      if (!value(depth + 1)) return false;
      ws();
      if (p_ >= t_.size()) return false;
      if (t_[p_] == ',') { ++p_; continue; }
      if (t_[p_] == '}') return ++p_, true;
      return false;
    }
  }
  bool array(int depth) {
    ++p_;
    ws();
    if (p_ < t_.size() && t_[p_] == ']') return ++p_, true;
    for (;;) {
      ws();
      if (!value(depth + 1)) return false;
      ws();
      if (p_ >= t_.size()) return false;
      if (t_[p_] == ',') { ++p_; continue; }
      if (t_[p_] == ']') return ++p_, true;
      return false;
    }
  }
  bool string() {
    ++p_;
    while (p_ < t_.size()) {
      const unsigned char c = static_cast<unsigned char>(t_[p_]);
      if (c == '"') return ++p_, true;
      if (c < 0x20) return false;
      if (c == '\\') {
        if (++p_ >= t_.size()) return false;
        const char e = t_[p_];
        if (e == 'u') {
          for (int k = 1; k <= 4; ++k) {
            if (p_ + k >= t_.size() || !std::isxdigit(static_cast<unsigned char>(t_[p_ + k]))) {
              p_ += k;
              return false;
            }
          }
          p_ += 4;
        } else if (!std::strchr("\"\\/bfnrt", e) || e == 0) {
          return false;
        }
      }
      ++p_;
    }
    return false;
  }
  bool digits() {
    const std::size_t b = p_;
    while (p_ < t_.size() && t_[p_] >= '0' && t_[p_] <= '9') ++p_;
    return p_ > b;
  }
  bool number() {
    if (p_ < t_.size() && t_[p_] == '-') ++p_;
    if (p_ >= t_.size()) return false;
    if (t_[p_] == '0') {
      ++p_;
    } else if (!digits()) {
      return false;
    }
    if (p_ < t_.size() && t_[p_] == '.') {
      ++p_;
      if (!digits()) return false;
    }
    if (p_ < t_.size() && (t_[p_] == 'e' || t_[p_] == 'E')) {
      ++p_;
      if (p_ < t_.size() && (t_[p_] == '+' || t_[p_] == '-')) ++p_;
      if (!digits()) return false;
    }
    return true;
  }

  std::string_view t_;
  std::size_t p_ = 0;
};

}  // namespace

bool isValidJsonValue(std::string_view text, std::size_t& errorOffset) {
  return Validator(text).run(errorOffset);
}

}  // namespace zsi
