#include "core/util/JsonFields.h"

#include <algorithm>
#include <limits>

namespace zsi {

JsonFields::JsonFields(const Json& object, std::string path, std::string source, Error* error)
    : object_(object), path_(std::move(path)), source_(std::move(source)), error_(error) {}

void JsonFields::fail(const std::string& key, const std::string& message) {
  if (failed()) return;
  *error_ = Error(message).inFile(source_).forField(join(key));
}

const JsonFields::Json* JsonFields::get(const std::string& key) {
  seen_.insert(key);
  auto it = object_.find(key);
  return it == object_.end() ? nullptr : &*it;
}

void JsonFields::read(const std::string& key, int& out) {
  std::int64_t v = out;
  read(key, v);
  if (failed()) return;
  if (v < std::numeric_limits<int>::min() || v > std::numeric_limits<int>::max())
    return fail(key, "the number is out of range");
  out = static_cast<int>(v);
}

void JsonFields::read(const std::string& key, std::int64_t& out) {
  const Json* v = get(key);
  if (!v) return;
  if (!v->is_number_integer()) return fail(key, "expected an integer");
  if (v->is_number_unsigned() && v->get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX))
    return fail(key, "the number is out of range");
  out = v->get<std::int64_t>();
}

void JsonFields::read(const std::string& key, std::uint64_t& out) {
  const Json* v = get(key);
  if (!v) return;
  if (!v->is_number_integer() || (!v->is_number_unsigned() && v->get<std::int64_t>() < 0))
    return fail(key, "expected a non-negative integer");
  out = v->get<std::uint64_t>();
}

void JsonFields::read(const std::string& key, double& out) {
  const Json* v = get(key);
  if (!v) return;
  if (!v->is_number()) return fail(key, "expected a number");
  out = v->get<double>();
}

void JsonFields::read(const std::string& key, bool& out) {
  const Json* v = get(key);
  if (!v) return;
  if (!v->is_boolean()) return fail(key, "expected true or false");
  out = v->get<bool>();
}

void JsonFields::read(const std::string& key, std::string& out) {
  const Json* v = get(key);
  if (!v) return;
  if (!v->is_string()) return fail(key, "expected a string");
  out = v->get<std::string>();
}

void JsonFields::read(const std::string& key, std::vector<int>& out) {
  const Json* v = get(key);
  if (!v) return;
  if (!v->is_array()) return fail(key, "expected a list of integers");
  std::vector<int> tmp;
  for (const auto& e : *v) {
    if (!e.is_number_integer()) return fail(key, "expected a list of integers");
    tmp.push_back(e.get<int>());
  }
  out = std::move(tmp);
}

void JsonFields::finish() {
  if (failed()) return;
  for (auto it = object_.begin(); it != object_.end(); ++it)
    if (!seen_.count(it.key())) return fail(it.key(), "unknown key");
}

std::pair<std::int64_t, std::int64_t> jsonErrorLineColumn(std::string_view text, std::size_t parseErrorByte) {
  std::int64_t line = 1, col = 1;
  const std::size_t end = std::min<std::size_t>(parseErrorByte == 0 ? 0 : parseErrorByte - 1, text.size());
  for (std::size_t i = 0; i < end; ++i) {
    if (text[i] == '\n') {
      ++line;
      col = 1;
    } else {
      ++col;
    }
  }
  return {line, col};
}

Result<nlohmann::ordered_json> parseJsonText(const std::string& text, const std::string& source) {
  try {
    return nlohmann::ordered_json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    // nlohmann reports a byte offset; people want a line and a column.
    const auto [line, col] = jsonErrorLineColumn(text, e.byte);
    std::string what = e.what();
    const auto pos = what.find("parse error");
    return Error("invalid JSON: " + (pos == std::string::npos ? what : what.substr(pos))).inFile(source).at(line, col);
  }
}

}  // namespace zsi
