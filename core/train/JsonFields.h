#pragma once
// Strict reading of one JSON object of a config: each read names a key, and finish() reports
// the first key no read asked for ("unknown key"), so a typo never passes silently. Errors carry
// the file and the dotted key path. Plain C++ (nlohmann::json), used by the training config.

#include <nlohmann/json.hpp>

#include <cstdint>
#include <set>
#include <string>
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

// Parses JSON text; a syntax error names the line and column.
Result<nlohmann::ordered_json> parseJsonText(const std::string& text, const std::string& source);

}  // namespace zsi
