// The two official COCO zero-shot splits, built in (the product never reads shared data at run
// time), and user splits read from a file. A test checks the built-in lists against
// shared/data/zsi/classes_*.csv.
//
// User split files (docs/COCO.md):
//   JSON: {"seen": ["person", ...], "unseen": ["bus", ...]}
//   CSV:  one `name,split` per line (split = seen or unseen), optional header `name,split`;
//         the classes_*.csv layout (vec_col,name,coco_id,split[,unseen_col]) is read as well.
// Seen classes come first, then unseen, each in file order (CSV with vec_col: in vec_col order).

#include "core/coco/ZsiSplit.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <map>
#include <sstream>

#include "core/util/AtomicFile.h"
#include "core/util/JsonFields.h"

namespace zsi {

namespace {

struct BuiltinClass {
  const char* name;
  std::int64_t cocoId;
  bool unseen;
};

// vec_col order of classes_48_17.csv (columns 1..65).
constexpr BuiltinClass k48_17[] = {
    {"person", 1, false},       {"bicycle", 2, false},     {"car", 3, false},
    {"motorcycle", 4, false},   {"truck", 8, false},       {"boat", 9, false},
    {"bench", 15, false},       {"bird", 16, false},       {"horse", 19, false},
    {"sheep", 20, false},       {"zebra", 24, false},      {"giraffe", 25, false},
    {"backpack", 27, false},    {"handbag", 31, false},    {"skis", 35, false},
    {"kite", 38, false},        {"surfboard", 42, false},  {"bottle", 44, false},
    {"spoon", 50, false},       {"bowl", 51, false},       {"banana", 52, false},
    {"apple", 53, false},       {"orange", 55, false},     {"broccoli", 56, false},
    {"carrot", 57, false},      {"pizza", 59, false},      {"donut", 60, false},
    {"chair", 62, false},       {"bed", 65, false},        {"tv", 72, false},
    {"laptop", 73, false},      {"remote", 75, false},     {"microwave", 78, false},
    {"oven", 79, false},        {"refrigerator", 82, false}, {"book", 84, false},
    {"clock", 85, false},       {"vase", 86, false},       {"toothbrush", 90, false},
    {"train", 7, false},        {"bear", 23, false},       {"suitcase", 33, false},
    {"frisbee", 34, false},     {"fork", 48, false},       {"sandwich", 54, false},
    {"toilet", 70, false},      {"mouse", 74, false},      {"toaster", 80, false},
    {"bus", 6, true},           {"dog", 18, true},         {"cow", 21, true},
    {"elephant", 22, true},     {"umbrella", 28, true},    {"tie", 32, true},
    {"skateboard", 41, true},   {"cup", 47, true},         {"knife", 49, true},
    {"cake", 61, true},         {"couch", 63, true},       {"keyboard", 76, true},
    {"sink", 81, true},         {"scissors", 87, true},    {"airplane", 5, true},
    {"cat", 17, true},          {"snowboard", 36, true},
};

// vec_col order of classes_65_15.csv (columns 1..80): COCO id order within each group.
constexpr BuiltinClass k65_15[] = {
    {"person", 1, false},        {"bicycle", 2, false},        {"car", 3, false},
    {"motorcycle", 4, false},    {"bus", 6, false},            {"truck", 8, false},
    {"boat", 9, false},          {"traffic light", 10, false}, {"fire hydrant", 11, false},
    {"stop sign", 13, false},    {"bench", 15, false},         {"bird", 16, false},
    {"dog", 18, false},          {"horse", 19, false},         {"sheep", 20, false},
    {"cow", 21, false},          {"elephant", 22, false},      {"zebra", 24, false},
    {"giraffe", 25, false},      {"backpack", 27, false},      {"umbrella", 28, false},
    {"handbag", 31, false},      {"tie", 32, false},           {"skis", 35, false},
    {"sports ball", 37, false},  {"kite", 38, false},          {"baseball bat", 39, false},
    {"baseball glove", 40, false}, {"skateboard", 41, false},  {"surfboard", 42, false},
    {"tennis racket", 43, false}, {"bottle", 44, false},       {"wine glass", 46, false},
    {"cup", 47, false},          {"knife", 49, false},         {"spoon", 50, false},
    {"bowl", 51, false},         {"banana", 52, false},        {"apple", 53, false},
    {"orange", 55, false},       {"broccoli", 56, false},      {"carrot", 57, false},
    {"pizza", 59, false},        {"donut", 60, false},         {"cake", 61, false},
    {"chair", 62, false},        {"couch", 63, false},         {"potted plant", 64, false},
    {"bed", 65, false},          {"dining table", 67, false},  {"tv", 72, false},
    {"laptop", 73, false},       {"remote", 75, false},        {"keyboard", 76, false},
    {"cell phone", 77, false},   {"microwave", 78, false},     {"oven", 79, false},
    {"sink", 81, false},         {"refrigerator", 82, false},  {"book", 84, false},
    {"clock", 85, false},        {"vase", 86, false},          {"scissors", 87, false},
    {"teddy bear", 88, false},   {"toothbrush", 90, false},    {"airplane", 5, true},
    {"train", 7, true},          {"parking meter", 14, true},  {"cat", 17, true},
    {"bear", 23, true},          {"suitcase", 33, true},       {"frisbee", 34, true},
    {"snowboard", 36, true},     {"fork", 48, true},           {"sandwich", 54, true},
    {"hot dog", 58, true},       {"toilet", 70, true},         {"mouse", 74, true},
    {"toaster", 80, true},       {"hair drier", 89, true},
};

template <std::size_t N>
ZsiSplit makeSplit(const char* id, const BuiltinClass (&table)[N]) {
  ZsiSplit s;
  s.id = id;
  for (const auto& c : table) s.classes.push_back({c.name, c.cocoId, c.unseen});
  return s;
}

std::string lower(std::string s) {
  for (auto& ch : s) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return s;
}

std::string trim(const std::string& s) {
  std::size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return s.substr(b, e - b);
}

std::vector<std::string> splitCsvLine(const std::string& line) {
  std::vector<std::string> cells;
  std::string cell;
  bool quoted = false;
  for (char ch : line) {
    if (ch == '"') {
      quoted = !quoted;
    } else if (ch == ',' && !quoted) {
      cells.push_back(trim(cell));
      cell.clear();
    } else {
      cell.push_back(ch);
    }
  }
  cells.push_back(trim(cell));
  return cells;
}

// Seen first, then unseen; checks names are unique and both groups non-empty.
Result<ZsiSplit> finish(ZsiSplit split, const std::string& path) {
  std::stable_partition(split.classes.begin(), split.classes.end(),
                        [](const ZsiSplitClass& c) { return !c.unseen; });
  std::map<std::string, bool> seenNames;
  for (const auto& c : split.classes) {
    if (!seenNames.emplace(lower(c.name), c.unseen).second) {
      return Error("class \"" + c.name + "\" is listed twice").inFile(path);
    }
  }
  if (split.seenCount() == 0) return Error("the split has no seen classes").inFile(path);
  if (split.unseenCount() == 0) return Error("the split has no unseen classes").inFile(path);
  return split;
}

Result<ZsiSplit> parseJsonSplit(const std::string& text, const std::string& path) {
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    const auto [line, col] = jsonErrorLineColumn(text, e.byte);
    return Error("malformed JSON").inFile(path).at(line, col);
  }
  if (!doc.is_object()) return Error("expected an object {\"seen\": [...], \"unseen\": [...]}").inFile(path);
  ZsiSplit split;
  split.id = path;
  for (const char* group : {"seen", "unseen"}) {
    if (!doc.contains(group)) {
      return Error(std::string("missing \"") + group + "\" (a list of class names)").inFile(path);
    }
    const auto& list = doc.at(group);
    if (!list.is_array()) {
      return Error("expected a list of class names").inFile(path).forField(group);
    }
    for (std::size_t i = 0; i < list.size(); ++i) {
      if (!list[i].is_string() || trim(list[i].get<std::string>()).empty()) {
        return Error("expected a non-empty class name")
            .inFile(path)
            .forField(std::string(group) + "[" + std::to_string(i) + "]");
      }
      split.classes.push_back({trim(list[i].get<std::string>()), 0, std::string(group) == "unseen"});
    }
  }
  return finish(std::move(split), path);
}

Result<ZsiSplit> parseCsvSplit(const std::string& text, const std::string& path) {
  ZsiSplit split;
  split.id = path;
  std::istringstream in(text);
  std::string line;
  std::int64_t lineNo = 0;
  int nameCol = 0, splitCol = 1, idCol = -1, orderCol = -1;
  std::vector<std::pair<std::int64_t, ZsiSplitClass>> ordered;
  bool first = true;
  while (std::getline(in, line)) {
    ++lineNo;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (trim(line).empty() || trim(line)[0] == '#') continue;
    const auto cells = splitCsvLine(line);
    if (first) {
      first = false;
      std::map<std::string, int> header;
      for (std::size_t i = 0; i < cells.size(); ++i) header[lower(cells[i])] = static_cast<int>(i);
      if (header.count("name") && header.count("split")) {
        nameCol = header["name"];
        splitCol = header["split"];
        if (header.count("coco_id")) idCol = header["coco_id"];
        if (header.count("vec_col")) orderCol = header["vec_col"];
        continue;
      }
    }
    const int need = std::max({nameCol, splitCol, idCol, orderCol});
    if (static_cast<int>(cells.size()) <= need) {
      return Error("expected " + std::to_string(need + 1) + " comma-separated values")
          .inFile(path)
          .at(lineNo, 1);
    }
    const std::string name = cells[nameCol];
    const std::string group = lower(cells[splitCol]);
    if (group == "background") continue;
    if (name.empty()) return Error("empty class name").inFile(path).at(lineNo, 1);
    if (group != "seen" && group != "unseen") {
      return Error("split must be \"seen\" or \"unseen\", not \"" + cells[splitCol] + "\"")
          .inFile(path)
          .at(lineNo, 1);
    }
    ZsiSplitClass c{name, 0, group == "unseen"};
    std::int64_t order = static_cast<std::int64_t>(ordered.size());
    try {
      if (idCol >= 0 && !cells[idCol].empty()) c.cocoId = std::stoll(cells[idCol]);
      if (orderCol >= 0) order = std::stoll(cells[orderCol]);
    } catch (const std::exception&) {
      return Error("expected an integer in the coco_id / vec_col column").inFile(path).at(lineNo, 1);
    }
    ordered.emplace_back(order, c);
  }
  std::stable_sort(ordered.begin(), ordered.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  for (auto& o : ordered) split.classes.push_back(std::move(o.second));
  return finish(std::move(split), path);
}

}  // namespace

std::size_t ZsiSplit::seenCount() const {
  return static_cast<std::size_t>(
      std::count_if(classes.begin(), classes.end(), [](const ZsiSplitClass& c) { return !c.unseen; }));
}

std::size_t ZsiSplit::unseenCount() const { return classes.size() - seenCount(); }

int ZsiSplit::find(const std::string& name) const {
  for (std::size_t i = 0; i < classes.size(); ++i)
    if (classes[i].name == name) return static_cast<int>(i);
  const std::string l = lower(name);
  for (std::size_t i = 0; i < classes.size(); ++i)
    if (lower(classes[i].name) == l) return static_cast<int>(i);
  return -1;
}

const ZsiSplit& builtinSplit(BuiltinSplit which) {
  static const ZsiSplit s48 = makeSplit("48_17", k48_17);
  static const ZsiSplit s65 = makeSplit("65_15", k65_15);
  return which == BuiltinSplit::Coco48_17 ? s48 : s65;
}

Result<ZsiSplit> loadSplit(const std::string& idOrPath) {
  if (idOrPath == "48_17") return builtinSplit(BuiltinSplit::Coco48_17);
  if (idOrPath == "65_15") return builtinSplit(BuiltinSplit::Coco65_15);
  auto text = readFile(idOrPath);
  if (!text.ok()) {
    Error e = text.error();
    e.message = "not a built-in split (48_17, 65_15) and not a readable split file: " + e.message;
    return e;
  }
  std::size_t firstChar = text->find_first_not_of(" \t\r\n");
  if (firstChar != std::string::npos && (*text)[firstChar] == '{') return parseJsonSplit(*text, idOrPath);
  return parseCsvSplit(*text, idOrPath);
}

}  // namespace zsi
