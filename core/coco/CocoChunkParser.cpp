#include "core/coco/CocoChunkParser.h"

#include "core/coco/CocoFieldReader.h"
#include "core/coco/JsonChunkText.h"
#include "core/coco/JsonText.h"
#include "core/coco/Rle.h"

namespace zsi {

namespace {

CocoMember memberOf(CocoList list, std::string_view k) {
  if (k == "id") return CocoMember::Id;
  switch (list) {
    case CocoList::Annotations:
      if (k == "segmentation") return CocoMember::Segmentation;
      if (k == "area") return CocoMember::Area;
      if (k == "iscrowd") return CocoMember::Iscrowd;
      if (k == "image_id") return CocoMember::ImageId;
      if (k == "bbox") return CocoMember::Bbox;
      if (k == "category_id") return CocoMember::CategoryId;
      break;
    case CocoList::Images:
      if (k == "file_name") return CocoMember::FileName;
      if (k == "width") return CocoMember::Width;
      if (k == "height") return CocoMember::Height;
      break;
    case CocoList::Categories:
      if (k == "name") return CocoMember::Name;
      if (k == "supercategory") return CocoMember::Supercategory;
      break;
  }
  return CocoMember::Extra;
}

const char* memberName(CocoMember m) {
  switch (m) {
    case CocoMember::Id: return "id";
    case CocoMember::ImageId: return "image_id";
    case CocoMember::CategoryId: return "category_id";
    case CocoMember::Bbox: return "bbox";
    case CocoMember::Area: return "area";
    case CocoMember::Iscrowd: return "iscrowd";
    case CocoMember::Segmentation: return "segmentation";
    case CocoMember::FileName: return "file_name";
    case CocoMember::Width: return "width";
    case CocoMember::Height: return "height";
    case CocoMember::Name: return "name";
    case CocoMember::Supercategory: return "supercategory";
    default: return "";
  }
}

}  // namespace

struct CocoChunkParser::Impl : CocoFieldReader {
  od::parser parser;
  JsonChunkText text;
  const JsonSource* source = nullptr;
  CocoList list = CocoList::Annotations;
  CocoMemberOrder order;

  const char* listName() const {
    return list == CocoList::Images ? "images"
           : list == CocoList::Categories ? "categories" : "annotations";
  }
  const char* recordName() const {
    return list == CocoList::Images ? "image"
           : list == CocoList::Categories ? "category" : "annotation";
  }

  // An unknown member kept verbatim: raw key (with quotes) NUL raw value NUL.
  // `rawKey` is the key as written, with its quotes (taken before any unescaping, which consumes
  // the field's key).
  bool storeExtra(std::string_view rawKey, od::value& v) {
    std::string_view raw;
    od::json_type t;
    if (v.type().get(t)) {
      problem.syntax = true;
      return fail(v, "", "malformed JSON");
    }
    const char* at = where(v);
    simdjson::error_code e = simdjson::SUCCESS;
    if (t == od::json_type::object) {
      od::object o;
      e = v.get_object().get(o);
      if (!e) e = o.raw_json().get(raw);
    } else if (t == od::json_type::array) {
      od::array a;
      e = v.get_array().get(a);
      if (!e) e = a.raw_json().get(raw);
    } else {
      raw = v.raw_json_token();
      while (!raw.empty() && std::strchr(" \t\r\n", raw.back())) raw.remove_suffix(1);
    }
    std::size_t bad = 0;
    if (e || !isValidJsonValue(raw, bad)) {
      problem.set = problem.syntax = true;
      problem.at = at + bad;
      return false;
    }
    scratch.append(rawKey);
    scratch.push_back('\0');
    scratch.append(raw);
    scratch.push_back('\0');
    return true;
  }

  bool parseBbox(od::value& v, CocoAnnotation& a) {
    od::array arr;
    if (v.get_array().get(arr)) return wrongType(v, "bbox", "a list of 4 numbers [x, y, w, h]");
    std::string_view raw;
    if (arr.raw_json().get(raw)) return syntaxAt(v);
    numbers.clear();
    bool allIntegers = true;
    if (const char* bad = parseJsonNumberList(raw, numbers, allIntegers)) {
      return badNumber(bad, "bbox[" + std::to_string(numbers.size()) + "]");
    }
    if (numbers.size() != 4) {
      return fail(v, "bbox", "expected 4 numbers [x, y, w, h], got " + std::to_string(numbers.size()));
    }
    // Which of the four were written as integers (COCO's crowd boxes are), to write them back so.
    int k = 0;
    bool integer = true;
    for (std::size_t i = 1; i < raw.size(); ++i) {
      const char c = raw[i];
      if (c == '.' || c == 'e' || c == 'E') integer = false;
      if (c == ',' || c == ']') {
        a.bbox[k] = numbers[k];
        if (integer) a.literalForms |= static_cast<std::uint8_t>(1u << k);
        ++k;
        integer = true;
      }
    }
    return true;
  }

  std::vector<double> numbers;

  // One member of a record; false stops the record (problem is set).
  bool member(CocoMember m, std::string_view rawKey, od::value& v, CocoImage& im, CocoAnnotation& a,
              CocoCategory& c) {
    std::int64_t x = 0;
    bool integer = false;
    std::string_view s;
    switch (m) {
      case CocoMember::Id:
        return getInt64(v, "id", list == CocoList::Images ? im.id : list == CocoList::Categories ? c.id : a.id);
      case CocoMember::ImageId: return getInt64(v, "image_id", a.imageId);
      case CocoMember::CategoryId: return getInt64(v, "category_id", a.categoryId);
      case CocoMember::Bbox: return parseBbox(v, a);
      case CocoMember::Area:
        if (!getNumber(v, "area", a.area, integer)) return false;
        if (integer) a.literalForms |= 1u << 4;
        return true;
      case CocoMember::Iscrowd: {
        bool b = false;
        if (!v.get_bool().get(b)) {
          a.iscrowd = b ? 1 : 0;
          a.literalForms |= 1u << 5;
          return true;
        }
        if (!getInt64(v, "iscrowd", x)) return false;
        if (x < 0 || x > 255) return fail(v, "iscrowd", "expected 0 or 1, got " + std::to_string(x));
        a.iscrowd = static_cast<std::uint8_t>(x);
        return true;
      }
      case CocoMember::Segmentation: return parseSegmentation(v, a);
      case CocoMember::FileName:
        if (!getString(v, "file_name", s)) return false;
        im.fileName.data = offsetAsPointer<char>(storeText(s));
        im.fileName.size = static_cast<std::uint32_t>(s.size());
        return true;
      case CocoMember::Width:
        if (!getSize(v, "width", 0x7FFFFFFF, x)) return false;
        im.width = static_cast<std::int32_t>(x);
        return true;
      case CocoMember::Height:
        if (!getSize(v, "height", 0x7FFFFFFF, x)) return false;
        im.height = static_cast<std::int32_t>(x);
        return true;
      case CocoMember::Name:
        if (!getString(v, "name", s)) return false;
        c.name.assign(s);
        return true;
      case CocoMember::Supercategory:
        if (!getString(v, "supercategory", s)) return false;
        c.supercategory.assign(s);
        return true;
      default:
        return storeExtra(rawKey, v);
    }
  }

  Status record(od::object& obj, std::uint64_t index, const char* at) {
    CocoImage im;
    CocoAnnotation a;
    CocoCategory c;
    problem = FieldProblem{};
    order.clear();
    std::uint32_t seen = 0;
    scratch.clear();
    bool idFound = false;
    for (auto fr : obj) {
      od::field f;
      if (std::move(fr).get(f)) {
        problem.set = problem.syntax = true;
        break;
      }
      // The raw key runs to its closing quote (simdjson checked the string).
      const char* keyStart = f.key().raw();
      const char* keyEnd = keyStart;
      while (*keyEnd != '"') keyEnd += (*keyEnd == '\\') ? 2 : 1;
      std::string_view key(keyStart, static_cast<std::size_t>(keyEnd - keyStart));
      const std::string_view rawKey(keyStart - 1, key.size() + 2);
      if (controlCharacter(rawKey)) break;
      std::string unescaped;
      if (key.find('\\') != std::string_view::npos) {
        std::string_view u;
        if (f.unescaped_key().get(u)) {
          problem.set = problem.syntax = true;
          break;
        }
        unescaped.assign(u);
        key = unescaped;
      }
      const CocoMember m = memberOf(list, key);
      od::value v = f.value();
      if (problem.set) {  // after a problem only the id is of interest, for the message
        if (m == CocoMember::Id) {
          std::int64_t id = 0;
          FieldProblem saved = problem;
          if (getInt64(v, "id", id)) {
            a.id = im.id = c.id = id;
            idFound = true;
          }
          problem = saved;
        }
        continue;
      }
      if (m != CocoMember::Extra) {
        const std::uint32_t bit = 1u << static_cast<unsigned>(m);
        if (seen & bit) {
          fail(v, memberName(m), "the member appears twice in the record");
          continue;
        }
        seen |= bit;
        if (m == CocoMember::Id) idFound = true;
      }
      order.push_back(m);
      if (!member(m, rawKey, v, im, a, c)) {
        if (m == CocoMember::Id) idFound = false;
        if (problem.syntax) break;
      }
    }
    if (!problem.set && !idFound) {
      problem.set = true;
      problem.at = at;
      problem.field = "id";
      problem.message = std::string("the ") + recordName() + " has no \"id\"";
    }
    if (!problem.set && list == CocoList::Annotations) {
      for (CocoMember m : {CocoMember::ImageId, CocoMember::CategoryId}) {
        if (!(seen & (1u << static_cast<unsigned>(m)))) {
          problem.set = true;
          problem.at = at;
          problem.field = memberName(m);
          problem.message = std::string("missing \"") + memberName(m) + "\"";
          break;
        }
      }
    }
    if (problem.set) {
      if (problem.syntax) return text.syntaxError(*source, problem.at ? problem.at : at);
      std::string who = idFound ? std::string(recordName()) + " id " +
                                      std::to_string(list == CocoList::Images ? im.id
                                                     : list == CocoList::Categories ? c.id : a.id)
                                : std::string(listName()) + "[" + std::to_string(index) + "]";
      if (!problem.field.empty()) who += ": " + problem.field;
      return source->errorAt(text.fileOffset(problem.at ? problem.at : at), problem.message)
          .forField(who);
    }
    TextRef extra;
    if (!scratch.empty()) {
      extra.data = offsetAsPointer<char>(storeText(scratch));
      extra.size = static_cast<std::uint32_t>(scratch.size());
    }
    // Layout: intern in the chunk's table (records of a file nearly always share one order).
    std::uint16_t layout = 0;
    if (!CocoDataset::Layouts::intern(out->layouts, order, layout)) {
      return source->errorAt(text.fileOffset(at), "too many different member orders (over 65535)");
    }
    switch (list) {
      case CocoList::Images:
        im.layout = layout;
        im.extra = extra;
        out->images.push_back(im);
        break;
      case CocoList::Annotations:
        a.layout = layout;
        a.extra = extra;
        out->annotations.push_back(a);
        break;
      case CocoList::Categories:
        c.layout = layout;
        c.extra = extra;
        out->categories.push_back(std::move(c));
        break;
    }
    return okStatus();
  }

  Status run(const JsonChunk& chunk) {
    ZSI_TRY(text.load(*source, chunk));
    od::document doc;
    if (parser.iterate(text.data(), text.size(), text.capacity()).get(doc)) {
      return text.syntaxError(*source, nullptr);
    }
    od::array arr;
    if (doc.get_array().get(arr)) return text.syntaxError(*source, nullptr);
    std::uint64_t index = chunk.firstElement;
    for (auto item : arr) {
      od::value v;
      if (item.get(v)) return text.syntaxError(*source, nullptr);
      const char* at = where(v);
      od::object obj;
      if (v.get_object().get(obj)) {
        od::json_type t;
        if (v.type().get(t)) return text.syntaxError(*source, at);
        return source->errorAt(text.fileOffset(at), std::string("expected an object, got ") + typeName(t))
            .forField(std::string(listName()) + "[" + std::to_string(index) + "]");
      }
      ZSI_TRY(record(obj, index, at));
      ++index;
    }
    return okStatus();
  }

  std::string scratch;
};

CocoChunkParser::CocoChunkParser() : impl_(std::make_unique<Impl>()) {}
CocoChunkParser::~CocoChunkParser() = default;

Status CocoChunkParser::parse(const JsonSource& source, const JsonChunk& chunk, CocoList list,
                              CocoChunkResult& out) {
  impl_->source = &source;
  impl_->out = &out;
  impl_->list = list;
  out.bytes = chunk.end - chunk.begin;
  // About 7 bytes of text per coordinate in COCO files: reserving avoids most regrowth.
  if (list == CocoList::Annotations) out.coords.reserve(static_cast<std::size_t>(out.bytes / 7));
  return impl_->run(chunk);
}

}  // namespace zsi
