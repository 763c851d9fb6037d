#include "core/wordvec/ClassList.h"

#include <algorithm>
#include <charconv>

#include "core/util/AtomicFile.h"

namespace zsi {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '"')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '"'))
    s.remove_suffix(1);
  return s;
}

std::vector<std::string_view> splitCommas(std::string_view line) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  for (;;) {
    const std::size_t c = line.find(',', start);
    out.push_back(trim(line.substr(start, c == std::string_view::npos ? std::string_view::npos : c - start)));
    if (c == std::string_view::npos) break;
    start = c + 1;
  }
  return out;
}

bool parseLong(std::string_view s, long* out) {
  if (s.empty()) return false;
  auto r = std::from_chars(s.data(), s.data() + s.size(), *out);
  return r.ec == std::errc() && r.ptr == s.data() + s.size();
}

}  // namespace

Result<ClassList> ClassList::read(const std::string& path) {
  auto text = readFile(path);
  if (!text) return text.error();
  return parse(*text, path);
}

Result<ClassList> ClassList::parse(std::string_view text, const std::string& path) {
  ClassList list;
  list.path = path;
  std::vector<std::string_view> lines;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    const std::size_t nl = text.find('\n', pos);
    lines.push_back(text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos));
    if (nl == std::string_view::npos) break;
    pos = nl + 1;
  }
  // Header columns (ZSI CSV); -1 = absent.
  int colVec = -1, colName = -1, colCoco = -1, colSplit = -1;
  std::size_t first = 0;
  while (first < lines.size() && trim(lines[first]).empty()) ++first;
  if (first < lines.size()) {
    auto head = splitCommas(lines[first]);
    for (std::size_t i = 0; i < head.size(); ++i) {
      if (head[i] == "name") colName = static_cast<int>(i);
      if (head[i] == "vec_col" || head[i] == "column") colVec = static_cast<int>(i);
      if (head[i] == "coco_id") colCoco = static_cast<int>(i);
      if (head[i] == "split") colSplit = static_cast<int>(i);
    }
    if (colName >= 0) ++first;
  }
  list.hasSplitColumn = colSplit >= 0;
  for (std::size_t l = first; l < lines.size(); ++l) {
    const std::int64_t lineNo = static_cast<std::int64_t>(l) + 1;
    if (trim(lines[l]).empty()) continue;
    auto f = splitCommas(lines[l]);
    ClassListEntry e;
    e.line = lineNo;
    auto field = [&](int col, const char* what) -> Result<std::string_view> {
      if (col >= static_cast<int>(f.size()))
        return Error(std::string("missing the ") + what + " field").inFile(path).at(lineNo, 0);
      return f[static_cast<std::size_t>(col)];
    };
    if (colName >= 0) {
      auto name = field(colName, "name");
      if (!name) return name.error();
      e.name = std::string(*name);
      if (colVec >= 0) {
        auto v = field(colVec, "vec_col");
        if (!v) return v.error();
        if (!parseLong(*v, &e.column) || e.column < 0)
          return Error("vec_col '" + std::string(*v) + "' is not a column number").inFile(path).at(lineNo, 0);
      }
      if (colCoco >= 0) {
        auto v = field(colCoco, "coco_id");
        if (!v) return v.error();
        long id = 0;
        if (!v->empty() && (!parseLong(*v, &id) || id < 0))
          return Error("coco_id '" + std::string(*v) + "' is not a category id").inFile(path).at(lineNo, 0);
        e.cocoId = id;
      }
      if (colSplit >= 0) {
        auto v = field(colSplit, "split");
        if (!v) return v.error();
        if (*v == "background") {
          e.background = true;
        } else if (*v == "unseen") {
          e.unseen = true;
        } else if (*v != "seen") {
          return Error("split '" + std::string(*v) + "' must be seen, unseen or background")
              .inFile(path)
              .at(lineNo, 0);
        }
      }
    } else if (f.size() == 2) {
      e.name = std::string(f[0]);
      if (!parseLong(f[1], &e.index) || e.index < 0)
        return Error("'" + std::string(f[1]) + "' is not a class index (expected 'name,index')")
            .inFile(path)
            .at(lineNo, 0);
    } else if (f.size() == 1) {
      e.name = std::string(f[0]);
    } else {
      return Error("expected 'name', 'name,index' or a CSV with a 'name' header column")
          .inFile(path)
          .at(lineNo, 0);
    }
    if (e.name.empty()) return Error("empty class name").inFile(path).at(lineNo, 0);
    list.entries.push_back(std::move(e));
  }
  if (list.entries.empty()) return Error("the class list is empty").inFile(path);
  return list;
}

Result<ClassColumns> ClassList::resolve(std::size_t matrixColumns, const std::string& matrixPath) const {
  ClassColumns out;
  std::vector<char> used(matrixColumns, 0);
  auto claim = [&](std::size_t col, const ClassListEntry& e) -> Status {
    if (col >= matrixColumns)
      return Error("class '" + e.name + "' is in column " + std::to_string(col) + ", but " +
                   matrixPath + " has " + std::to_string(matrixColumns) + " columns")
          .inFile(path)
          .at(e.line, 0);
    if (used[col])
      return Error("column " + std::to_string(col) + " is named twice").inFile(path).at(e.line, 0);
    used[col] = 1;
    return okStatus();
  };
  const bool absolute = std::all_of(entries.begin(), entries.end(),
                                    [](const ClassListEntry& e) { return e.column >= 0; });
  if (absolute) {
    std::vector<std::pair<std::size_t, const ClassListEntry*>> byColumn;
    for (const auto& e : entries) {
      ZSI_TRY(claim(static_cast<std::size_t>(e.column), e));
      if (e.background) {
        out.backgroundColumn = e.column;
      } else {
        byColumn.emplace_back(static_cast<std::size_t>(e.column), &e);
      }
    }
    std::sort(byColumn.begin(), byColumn.end());
    for (const auto& [col, e] : byColumn) {
      out.columns.push_back(col);
      out.classes.push_back(e);
    }
    return out;
  }
  std::vector<const ClassListEntry*> classes;
  for (const auto& e : entries)
    if (!e.background) classes.push_back(&e);
  const std::size_t n = classes.size();
  std::size_t offset = 0;
  if (matrixColumns == n + 1) {
    offset = 1;
    out.backgroundColumn = 0;
  } else if (matrixColumns != n) {
    return Error("the class list names " + std::to_string(n) + " classes, but " + matrixPath +
                 " has " + std::to_string(matrixColumns) + " columns (expected " +
                 std::to_string(n) + ", or " + std::to_string(n + 1) +
                 " with the background in column 0)")
        .inFile(path);
  }
  std::vector<std::pair<std::size_t, const ClassListEntry*>> byColumn;
  for (std::size_t i = 0; i < n; ++i) {
    const ClassListEntry& e = *classes[i];
    const std::size_t pos = e.index >= 0 ? static_cast<std::size_t>(e.index) : i;
    if (pos >= n)
      return Error("index " + std::to_string(pos) + " is beyond the " + std::to_string(n) + " classes")
          .inFile(path)
          .at(e.line, 0);
    ZSI_TRY(claim(pos + offset, e));
    byColumn.emplace_back(pos + offset, &e);
  }
  std::sort(byColumn.begin(), byColumn.end());
  for (const auto& [col, e] : byColumn) {
    out.columns.push_back(col);
    out.classes.push_back(e);
  }
  return out;
}

}  // namespace zsi
