#pragma once
// The field-level part of the instances reader (CocoChunkParser): typed getters over simdjson
// On-Demand values that record the first problem of a record instead of failing at once (the id
// may come after the bad member, and the message names it), and the segmentation parser. Internal
// to core/coco; includes simdjson.

#include <simdjson.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "core/coco/CocoChunkParser.h"

namespace zsi {

namespace od = simdjson::ondemand;

inline const char* typeName(od::json_type t) {
  switch (t) {
    case od::json_type::array: return "a list";
    case od::json_type::object: return "an object";
    case od::json_type::number: return "a number";
    case od::json_type::string: return "a string";
    case od::json_type::boolean: return "a boolean";
    case od::json_type::null: return "null";
  }
  return "something else";
}

// The first problem of a record; the id may come after the bad member, so the message is made
// once the whole record is read.
struct FieldProblem {
  bool set = false;
  bool syntax = false;   // malformed JSON: stop at once
  const char* at = nullptr;
  std::string field;
  std::string message;
};

class CocoFieldReader {
 public:
  CocoChunkResult* out = nullptr;
  FieldProblem problem;

  static const char* where(od::value& v) {
    return v.raw_json_token().data();
  }

  bool fail(od::value& v, std::string_view field, std::string message) {
    if (!problem.set) {
      problem.set = true;
      problem.at = where(v);
      problem.field = std::string(field);
      problem.message = std::move(message);
    }
    return false;
  }
  // A getter failed: a type mismatch when the value is well-formed, else malformed JSON.
  bool wrongType(od::value& v, std::string_view field, std::string_view expected) {
    od::json_type t;
    bool wellFormed = !v.type().get(t);
    if (wellFormed && (t == od::json_type::boolean || t == od::json_type::null)) {
      // simdjson types a literal by its first letter; "tru" is malformed, not a boolean.
      std::string_view tok = v.raw_json_token();
      while (!tok.empty() && std::strchr(" \t\r\n", tok.back())) tok.remove_suffix(1);
      wellFormed = tok == "true" || tok == "false" || tok == "null";
    }
    if (!wellFormed) {
      problem.syntax = true;
      problem.at = where(v);
      return fail(v, field, "malformed JSON");
    }
    return fail(v, field, "expected " + std::string(expected) + ", got " + typeName(t));
  }

  bool getNumber(od::value& v, std::string_view field, double& d, bool& integer) {
    od::number n;
    if (v.get_number().get(n)) return wrongType(v, field, "a number");
    integer = !n.is_double();
    d = n.as_double();
    return true;
  }
  bool getInt64(od::value& v, std::string_view field, std::int64_t& out) {
    od::number n;
    if (v.get_number().get(n)) return wrongType(v, field, "an integer");
    if (n.is_int64()) {
      out = n.get_int64();
      return true;
    }
    const double d = n.as_double();
    if (n.is_double() && d == std::floor(d) && std::fabs(d) < 9.2e18) {
      out = static_cast<std::int64_t>(d);
      return true;
    }
    return fail(v, field, n.is_uint64() ? "integer larger than 2^63 - 1" : "expected an integer");
  }
  bool getSize(od::value& v, std::string_view field, std::int64_t limit, std::int64_t& out) {
    if (!getInt64(v, field, out)) return false;
    if (out < 0) return fail(v, field, "negative size " + std::to_string(out));
    if (out > limit) return fail(v, field, "size " + std::to_string(out) + " is too large");
    return true;
  }
  bool getString(od::value& v, std::string_view field, std::string_view& s) {
    const std::string_view raw = v.raw_json_token();
    if (v.get_string().get(s)) return wrongType(v, field, "a string");
    return !controlCharacter(raw);
  }
  // JSON (and Python's json) refuse raw control characters in strings; simdjson does not look.
  bool controlCharacter(std::string_view quoted) {
    for (std::size_t i = 1; i < quoted.size(); ++i) {
      const char c = quoted[i];
      if (c == '"' && quoted[i - 1] != '\\') return false;
      if (static_cast<unsigned char>(c) < 0x20) {
        problem.set = problem.syntax = true;
        problem.at = quoted.data() + i;
        return true;
      }
    }
    return false;
  }

  std::uint64_t storeText(std::string_view s) {
    const std::uint64_t at = out->text.size();
    out->text.insert(out->text.end(), s.begin(), s.end());
    return at;
  }

  // A list element that is not a number: a type error, or malformed JSON.
  bool badNumber(const char* at, const std::string& field) {
    problem.set = true;
    problem.at = at;
    problem.field = field;
    const char c = *at;
    const char* type = c == '"' ? "a string" : c == '[' ? "a list" : c == '{' ? "an object"
                       : c == 't' || c == 'f' ? "a boolean" : c == 'n' ? "null" : nullptr;
    if (type && !(c == 'n' && std::string_view(at, 3) != "nul")) {
      problem.message = std::string("expected a number, got ") + type;
    } else {
      problem.syntax = true;
    }
    return false;
  }

  bool syntaxAt(od::value& v) {
    problem.set = problem.syntax = true;
    problem.at = where(v);
    return false;
  }

  // `segmentation`: polygons, uncompressed or compressed RLE, or null (CocoSegmentationParse.cpp).
  bool parseSegmentation(od::value& v, CocoAnnotation& a);

 private:
  bool parsePolygons(od::value& v, CocoAnnotation& a);
  bool parseRle(od::value& v, CocoAnnotation& a);
};

}  // namespace zsi
