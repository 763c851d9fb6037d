#include "core/coco/JsonChunkText.h"

#include <nlohmann/json.hpp>
#include <simdjson.h>

#include <cstring>

namespace zsi {

namespace {

// Records where the strict parser gave up.
struct ErrorFinder : nlohmann::json_sax<nlohmann::json> {
  std::size_t byte = 0;
  std::string message;
  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t&) override { return true; }
  bool string(string_t&) override { return true; }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override { return true; }
  bool key(string_t&) override { return true; }
  bool end_object() override { return true; }
  bool start_array(std::size_t) override { return true; }
  bool end_array() override { return true; }
  bool parse_error(std::size_t position, const std::string&,
                   const nlohmann::detail::exception& e) override {
    byte = position;
    // "[json.exception...] parse error at line 1, column 5: syntax error while parsing value -
    // invalid literal; last read: '1, N'": keep "invalid literal" (the place is ours to give).
    std::string what = e.what();
    const std::size_t dash = what.find(" - ");
    if (dash != std::string::npos) what = what.substr(dash + 3);
    const std::size_t last = what.find("; last read");
    if (last != std::string::npos) what.resize(last);
    const std::size_t bracket = what.find("] ");
    if (what.rfind("[json.exception", 0) == 0 && bracket != std::string::npos) what = what.substr(bracket + 2);
    message = what.empty() ? "malformed JSON" : what;
    return false;
  }
};

std::string describeToken(const char* p, const char* end) {
  std::string_view rest(p, static_cast<std::size_t>(end - p));
  for (std::string_view word : {"NaN", "Infinity", "-Infinity"}) {
    if (rest.substr(0, word.size()) == word) {
      return std::string(word) + " is not a JSON number (numbers must be finite)";
    }
  }
  return {};
}

}  // namespace

Status JsonChunkText::load(const JsonSource& source, const JsonChunk& chunk) {
  const std::size_t n = static_cast<std::size_t>(chunk.end - chunk.begin);
  const std::size_t need = n + 2 + simdjson::SIMDJSON_PADDING;
  if (need > capacity_) {
    buf_.reset(new char[need]);
    capacity_ = need;
  }
  begin_ = chunk.begin;
  buf_[0] = '[';
  ZSI_TRY(source.read(chunk.begin, n, buf_.get() + 1));
  if (chunk.firstElement > 0) {
    // The separator from the previous chunk: whitespace, then one comma.
    std::size_t i = 1;
    while (i <= n && std::strchr(" \t\r\n", buf_[i]) && buf_[i] != 0) ++i;
    if (i > n || buf_[i] != ',') return source.errorAt(fileOffset(buf_.get() + i), "expected ',' between two elements of the list");
    buf_[i] = ' ';
  }
  buf_[n + 1] = ']';
  size_ = n + 2;
  std::memset(buf_.get() + size_, 0, capacity_ - size_);
  return okStatus();
}

std::uint64_t JsonChunkText::fileOffset(const char* p) const {
  const std::ptrdiff_t at = p - buf_.get();
  if (at <= 1) return begin_;
  return begin_ + static_cast<std::uint64_t>(at - 1);
}

Error JsonChunkText::syntaxError(const JsonSource& source, const char* hint) const {
  ErrorFinder finder;
  const char* b = buf_.get();
  nlohmann::json::sax_parse(b, b + size_, &finder, nlohmann::json::input_format_t::json, true);
  if (!finder.message.empty()) {
    // nlohmann counts bytes from 1 and reports the byte after the offending token at times; the
    // token start is what a person looks for.
    std::size_t at = finder.byte > 0 ? finder.byte - 1 : 0;
    if (at >= size_) at = size_ - 1;
    std::string what = describeToken(b + at, b + size_);
    const std::string& m = finder.message;
    const bool badString = m.rfind("unexpected string literal", 0) == 0;
    const bool badToken = m.rfind("invalid literal", 0) == 0 || m.rfind("invalid number", 0) == 0 ||
                          (m.rfind("unexpected", 0) == 0 && m.find(" literal") != std::string::npos);
    if (what.empty() && badString) {
      // The parser stopped at the closing quote of the unexpected string: point at its start.
      if (at > 0) --at;
      while (at > 0 && !(b[at] == '"' && b[at - 1] != '\\')) --at;
    } else if (what.empty() && badToken) {
      // The parser stopped after the bad literal or number: point at its first character.
      auto delimiter = [](char c) { return c == 0 || std::strchr(" \t\r\n,:[]{}", c) != nullptr; };
      if (at > 0 && delimiter(b[at])) --at;
      while (at > 0 && !delimiter(b[at - 1])) --at;
      what = describeToken(b + at, b + size_);
    }
    if (what.empty()) what = "malformed JSON: " + finder.message;
    if (at == 0) at = 1;  // never the '[' this reader put in front
    return source.errorAt(fileOffset(b + at), what);
  }
  const char* p = hint && hint >= b && hint < b + size_ ? hint : b;
  return source.errorAt(fileOffset(p), "malformed JSON");
}

}  // namespace zsi
