// ClassSet <-> JSON. Written by hand so that vectors come out as shortest round-trip float32
// decimals (nlohmann would widen them to 17-digit doubles); read with nlohmann, checking every
// field so that a bad file is reported by field name, and a syntax error by line and column.

#include <fmt/format.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "core/util/AtomicFile.h"
#include "core/util/JsonFields.h"
#include "core/wordvec/ClassSet.h"

namespace zsi {
namespace {

using nlohmann::json;

constexpr const char* kFormatName = "zsi-classset";

std::string quote(const std::string& s) { return json(s).dump(); }

void appendVector(std::string* out, const std::vector<float>& v) {
  *out += '[';
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (i > 0) *out += ',';
    fmt::format_to(std::back_inserter(*out), "{}", v[i]);
  }
  *out += ']';
}

class Reader {
 public:
  explicit Reader(const std::string& path) : path_(path) {}

  Error bad(const std::string& field, const std::string& message) const {
    return Error(message).inFile(path_).forField(field);
  }

  Result<std::vector<float>> floats(const json& j, const std::string& field) const {
    if (!j.is_array()) return bad(field, "expected an array of numbers");
    std::vector<float> out;
    out.reserve(j.size());
    for (std::size_t i = 0; i < j.size(); ++i) {
      if (!j[i].is_number())
        return bad(field + "[" + std::to_string(i) + "]", "expected a number, found " + std::string(j[i].type_name()));
      const double d = j[i].get<double>();
      const float f = static_cast<float>(d);
      if (!std::isfinite(f))
        return bad(field + "[" + std::to_string(i) + "]", "value out of the float range");
      out.push_back(f);
    }
    return out;
  }

  template <class T>
  Result<T> get(const json& obj, const char* key, const std::string& field, bool required, T fallback) const {
    auto it = obj.find(key);
    const std::string name = field.empty() ? key : field + "." + key;
    if (it == obj.end() || it->is_null()) {
      if (required) return bad(name, "missing");
      return fallback;
    }
    if constexpr (std::is_same_v<T, std::string>) {
      if (!it->is_string()) return bad(name, "expected a string, found " + std::string(it->type_name()));
    } else if constexpr (std::is_same_v<T, bool>) {
      if (!it->is_boolean()) return bad(name, "expected true or false, found " + std::string(it->type_name()));
    } else if constexpr (std::is_integral_v<T>) {
      if (!it->is_number_integer()) return bad(name, "expected an integer, found " + std::string(it->type_name()));
    } else {
      if (!it->is_number()) return bad(name, "expected a number, found " + std::string(it->type_name()));
    }
    return it->get<T>();
  }

 private:
  const std::string& path_;
};

}  // namespace

std::string ClassSet::toJson() const {
  std::string out;
  out.reserve((classes.size() + 1) * (dim() * 11 + 200));
  out += "{\n";
  out += fmt::format("  \"format\": \"{}\",\n  \"version\": {},\n", kFormatName, kFormatVersion);
  out += "  \"name\": " + quote(name) + ",\n";
  out += fmt::format("  \"dim\": {},\n  \"norm\": {},\n", dim(), norm);
  out += "  \"source_vectors\": " + quote(sourceVectors) + ",\n";
  if (multiWord != MultiWordRule::HeadWordFirst)
    out += "  \"multi_word_rule\": " + quote(multiWordRuleName(multiWord)) + ",\n";
  out += "  \"background\": ";
  appendVector(&out, background);
  out += ",\n  \"classes\": [";
  for (std::size_t i = 0; i < classes.size(); ++i) {
    const auto& c = classes[i];
    out += i == 0 ? "\n" : ",\n";
    out += "    {\"name\": " + quote(c.name) + ", \"unseen\": " + (c.unseen ? "true" : "false") +
           ", \"colour\": \"" + c.colour.hex() + "\"";
    if (c.cocoId > 0) out += fmt::format(", \"coco_id\": {}", c.cocoId);
    if (!c.rule.empty()) out += ", \"rule\": " + quote(c.rule);
    if (!c.tokens.empty()) out += ", \"tokens\": " + json(c.tokens).dump();
    out += ",\n     \"vector\": ";
    appendVector(&out, c.vector);
    out += "}";
  }
  out += classes.empty() ? "]\n}\n" : "\n  ]\n}\n";
  return out;
}

Result<ClassSet> ClassSet::fromJson(std::string_view text, const std::string& path) {
  json root;
  try {
    root = json::parse(text.begin(), text.end());
  } catch (const json::parse_error& e) {
    const auto [line, col] = jsonErrorLineColumn(text, e.byte);
    std::string what = e.what();
    const auto colon = what.rfind(": ");
    return Error("not valid JSON: " + (colon == std::string::npos ? what : what.substr(colon + 2)))
        .inFile(path)
        .at(line, col);
  }
  Reader r(path);
  if (!root.is_object()) return r.bad("", "expected a JSON object (a class set)");
  auto format = r.get<std::string>(root, "format", "", true, "");
  if (!format) return format.error();
  if (*format != kFormatName) return r.bad("format", "'" + *format + "' is not a class set (expected \"zsi-classset\")");
  auto version = r.get<std::int64_t>(root, "version", "", true, 0);
  if (!version) return version.error();
  if (*version < 1 || *version > kFormatVersion)
    return r.bad("version", "version " + std::to_string(*version) + " is not supported; this build reads class sets up to version " +
                                std::to_string(kFormatVersion) + " (written by a newer ZSI Studio?)");
  ClassSet set;
  auto name = r.get<std::string>(root, "name", "", false, "");
  if (!name) return name.error();
  set.name = *name;
  auto normV = r.get<double>(root, "norm", "", true, 0.0);
  if (!normV) return normV.error();
  set.norm = *normV;
  auto source = r.get<std::string>(root, "source_vectors", "", false, "");
  if (!source) return source.error();
  set.sourceVectors = *source;
  auto rule = r.get<std::string>(root, "multi_word_rule", "", false, "");
  if (!rule) return rule.error();
  if (!rule->empty()) {
    auto parsed = parseMultiWordRule(*rule);
    if (!parsed) return r.bad("multi_word_rule", parsed.error().message);
    set.multiWord = *parsed;
  }
  if (!root.contains("background")) return r.bad("background", "missing");
  auto bg = r.floats(root["background"], "background");
  if (!bg) return bg.error();
  set.background = std::move(*bg);
  auto dimV = r.get<std::int64_t>(root, "dim", "", false, static_cast<std::int64_t>(set.background.size()));
  if (!dimV) return dimV.error();
  if (*dimV != static_cast<std::int64_t>(set.background.size()))
    return r.bad("background", "has " + std::to_string(set.background.size()) + " values, but dim is " + std::to_string(*dimV));

  auto it = root.find("classes");
  if (it == root.end() || !it->is_array()) return r.bad("classes", "missing, or not an array");
  for (std::size_t i = 0; i < it->size(); ++i) {
    const json& c = (*it)[i];
    const std::string field = "classes[" + std::to_string(i) + "]";
    if (!c.is_object()) return r.bad(field, "expected an object");
    ClassSetEntry e;
    auto n = r.get<std::string>(c, "name", field, true, "");
    if (!n) return n.error();
    e.name = *n;
    const std::string named = field + " ('" + e.name + "')";
    auto unseen = r.get<bool>(c, "unseen", named, false, false);
    if (!unseen) return unseen.error();
    e.unseen = *unseen;
    auto colour = r.get<std::string>(c, "colour", named, false, "");
    if (!colour) return colour.error();
    if (colour->empty()) {
      e.colour = ClassColour::palette(i);
    } else if (auto parsed = ClassColour::fromHex(*colour)) {
      e.colour = *parsed;
    } else {
      return r.bad(named + ".colour", "'" + *colour + "' is not a colour like \"#3fa34d\"");
    }
    auto coco = r.get<std::int64_t>(c, "coco_id", named, false, 0);
    if (!coco) return coco.error();
    e.cocoId = *coco;
    auto rule = r.get<std::string>(c, "rule", named, false, "");
    if (!rule) return rule.error();
    e.rule = *rule;
    if (auto t = c.find("tokens"); t != c.end() && !t->is_null()) {
      if (!t->is_array()) return r.bad(named + ".tokens", "expected an array of strings");
      for (const auto& tok : *t) {
        if (!tok.is_string()) return r.bad(named + ".tokens", "expected an array of strings");
        e.tokens.push_back(tok.get<std::string>());
      }
    }
    if (!c.contains("vector")) return r.bad(named + ".vector", "missing");
    auto v = r.floats(c["vector"], named + ".vector");
    if (!v) return v.error();
    e.vector = std::move(*v);
    set.classes.push_back(std::move(e));
  }
  Status ok = set.validate();
  if (!ok) return ok.error().inFile(path);
  return set;
}

Status ClassSet::save(const std::string& path) const {
  Status ok = validate();
  if (!ok) return ok.error().inFile(path);
  return writeFileAtomic(path, toJson());
}

Result<ClassSet> ClassSet::load(const std::string& path) {
  auto text = readFile(path);
  if (!text) return text.error();
  return fromJson(*text, path);
}

}  // namespace zsi
