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
