#pragma once
// Strict reading of one JSON object of a config: each read names a key, and finish() reports
// the first key no read asked for ("unknown key"), so a typo never passes silently. Errors carry
// the file and the dotted key path. Plain C++ (nlohmann::json); the model and training configs both
// read through it.

#include <nlohmann/json.hpp>

#include <array>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "core/util/Result.h"

namespace zsi {

class JsonFields {
 public:
  using Json = nlohmann::ordered_json;

  // `error` is shared by nested readers; the first failure wins.
  JsonFields(const Json& object, std::string path, std::string source, Error* error);

  bool failed() const { return !error_->message.empty(); }
  void fail(const std::string& key, const std::string& message);

  // Marks `key` as known; nullptr when absent.
  const Json* get(const std::string& key);
  bool has(const std::string& key) const { return object_.contains(key); }

  void read(const std::string& key, int& out);
  void read(const std::string& key, std::int64_t& out);
  void read(const std::string& key, std::uint64_t& out);
  void read(const std::string& key, double& out);
  void read(const std::string& key, bool& out);
  void read(const std::string& key, std::string& out);
  void read(const std::string& key, std::vector<int>& out);  // may be empty

  // A non-empty list of integers (T integral) or numbers.
  template <class T>
  void readList(const std::string& key, std::vector<T>& out) {
    const Json* v = get(key);
    if (!v) return;
    if (!v->is_array() || v->empty()) return fail(key, "expected a non-empty list of numbers");
    std::vector<T> tmp;
    for (const auto& e : *v) {
      if (std::is_integral_v<T> ? !e.is_number_integer() : !e.is_number())
        return fail(key, std::is_integral_v<T> ? "expected a list of integers" : "expected a list of numbers");
      tmp.push_back(e.get<T>());
    }
    out = std::move(tmp);
  }
  // Exactly N numbers.
  template <std::size_t N>
  void readArray(const std::string& key, std::array<double, N>& out) {
    const Json* v = get(key);
    if (!v) return;
    if (!v->is_array() || v->size() != N) return fail(key, "expected a list of " + std::to_string(N) + " numbers");
    for (std::size_t i = 0; i < N; ++i) {
      if (!(*v)[i].is_number()) return fail(key, "expected a list of numbers");
      out[i] = (*v)[i].get<double>();
    }
  }
  // One of the named values; the error lists them all.
  template <class E>
  void readEnum(const std::string& key, E& out, const std::vector<std::pair<const char*, E>>& names) {
    const Json* v = get(key);
    if (!v) return;
    std::string allowed;
    for (const auto& [n, e] : names) allowed += std::string(allowed.empty() ? "" : ", ") + "\"" + n + "\"";
    if (!v->is_string()) return fail(key, "expected one of " + allowed);
    for (const auto& [n, e] : names)
      if (v->get<std::string>() == n) {
        out = e;
        return;
      }
    fail(key, "unknown value \"" + v->get<std::string>() + "\"; expected one of " + allowed);
  }

  // A nested object; fn(JsonFields&) reads its keys, then unknown keys are reported.
  template <class Fn>
  void object(const std::string& key, Fn fn) {
    const Json* v = get(key);
    if (!v || failed()) return;
    if (!v->is_object()) return fail(key, "expected an object");
    JsonFields sub(*v, join(key), source_, error_);
    fn(sub);
    sub.finish();
  }

  void finish();
  std::string join(const std::string& key) const { return path_.empty() ? key : path_ + "." + key; }

 private:
  const Json& object_;
  std::string path_;
  std::string source_;
  Error* error_;
  std::set<std::string> seen_;
};

// Line and column (both from 1) of the byte where nlohmann's parser stopped: `parseErrorByte` is
// its parse_error::byte, which counts from 1.
std::pair<std::int64_t, std::int64_t> jsonErrorLineColumn(std::string_view text, std::size_t parseErrorByte);

// Parses JSON text; a syntax error names the line and column.
Result<nlohmann::ordered_json> parseJsonText(const std::string& text, const std::string& source);

}  // namespace zsi
