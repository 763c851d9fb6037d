#include "core/engine/KeyMap.h"

#include <nlohmann/json.hpp>

#include <cctype>

#include "core/util/AtomicFile.h"

namespace zsi {
namespace {

bool matchFrom(const std::string& p, std::size_t pi, const std::string& t, std::size_t ti,
               std::vector<std::string>* caps) {
  if (pi == p.size()) return ti == t.size();
  if (p.compare(pi, 3, "{i}") == 0) {
    std::size_t end = ti;
    while (end < t.size() && std::isdigit(static_cast<unsigned char>(t[end]))) ++end;
    if (end == ti) return false;
    // Digit runs are maximal: the next pattern character cannot be a digit in our maps.
    if (caps) caps->push_back(t.substr(ti, end - ti));
    if (matchFrom(p, pi + 3, t, end, caps)) return true;
    if (caps) caps->pop_back();
    return false;
  }
  if (p.compare(pi, 3, "{*}") == 0) {
    for (std::size_t end = t.size() + 1; end-- > ti;) {
      if (caps) caps->push_back(t.substr(ti, end - ti));
      if (matchFrom(p, pi + 3, t, end, caps)) return true;
      if (caps) caps->pop_back();
    }
    return false;
  }
  if (ti < t.size() && p[pi] == t[ti]) return matchFrom(p, pi + 1, t, ti + 1, caps);
  return false;
}

std::string substitute(const std::string& to, const std::vector<std::string>& caps) {
  std::string out;
  std::size_t next = 0;
  for (std::size_t i = 0; i < to.size();) {
    if (to.compare(i, 3, "{i}") == 0 || to.compare(i, 3, "{*}") == 0) {
      if (next < caps.size()) out += caps[next++];
      i += 3;
    } else {
      out += to[i++];
    }
  }
  return out;
}

}  // namespace

bool matchKeyPattern(const std::string& pattern, const std::string& text, std::vector<std::string>* captures) {
  if (captures) captures->clear();
  return matchFrom(pattern, 0, text, 0, captures);
}

Result<KeyMap> KeyMap::load(const std::string& path) {
  auto text = readFile(path);
  if (!text.ok()) return text.error();
  return parse(text.value(), path);
}

Result<KeyMap> KeyMap::parse(const std::string& jsonText, const std::string& source) {
  KeyMap m;
  try {
    auto j = nlohmann::json::parse(jsonText);
    if (j.value("format", "") != "zsi-key-map") return Error("not a key map (format must be \"zsi-key-map\")").inFile(source);
    if (j.value("version", 0) != 1) return Error("unsupported key map version").inFile(source).forField("version");
    for (auto it = j.begin(); it != j.end(); ++it) {
      static const char* known[] = {"format", "version", "description", "target_prefix", "rules", "ignore", "optional", "derived"};
      bool ok = false;
      for (const char* k : known) ok = ok || it.key() == k;
      if (!ok) return Error("unknown key").inFile(source).forField(it.key());
    }
    m.description_ = j.value("description", "");
    // One prefix or several: a detection backbone (torchvision's body + fpn) covers two modules.
    if (auto t = j.find("target_prefix"); t != j.end()) {
      if (t->is_array()) {
        m.targetPrefixes_ = t->get<std::vector<std::string>>();
        if (m.targetPrefixes_.empty()) return Error("empty list of target prefixes").inFile(source).forField("target_prefix");
      } else {
        m.targetPrefixes_ = {t->get<std::string>()};
      }
    }
    for (const auto& r : j.value("rules", nlohmann::json::array()))
      m.rules_.push_back({r.at("from").get<std::string>(), r.at("to").get<std::string>()});
    auto patterns = [&](const char* name, std::vector<Pattern>& out) {
      for (const auto& r : j.value(name, nlohmann::json::array()))
        out.push_back({r.at("key").get<std::string>(), r.value("why", "")});
    };
    patterns("ignore", m.ignore_);
    patterns("optional", m.optional_);
    patterns("derived", m.derived_);
  } catch (const nlohmann::json::exception& e) {
    return Error(std::string("malformed key map: ") + e.what()).inFile(source);
  }
  return m;
}

std::optional<std::string> KeyMap::map(const std::string& key) const {
  std::vector<std::string> caps;
  for (const auto& r : rules_)
    if (matchKeyPattern(r.from, key, &caps)) return substitute(r.to, caps);
  return std::nullopt;
}

std::optional<std::string> KeyMap::ignoreReason(const std::string& key) const {
  for (const auto& p : ignore_)
    if (matchKeyPattern(p.key, key, nullptr)) return p.why;
  return std::nullopt;
}

bool KeyMap::coversTarget(const std::string& key) const {
  for (const auto& prefix : targetPrefixes_)
    if (key.rfind(prefix, 0) == 0) return true;
  return false;
}

bool KeyMap::isOptionalTarget(const std::string& key) const {
  for (const auto& p : optional_)
    if (matchKeyPattern(p.key, key, nullptr)) return true;
  return false;
}

bool KeyMap::isDerivedTarget(const std::string& key) const {
  for (const auto& p : derived_)
    if (matchKeyPattern(p.key, key, nullptr)) return true;
  return false;
}

}  // namespace zsi
