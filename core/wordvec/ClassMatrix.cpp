#include "core/wordvec/ClassMatrix.h"

#include <fmt/format.h>

#include <cmath>

#include "core/util/AtomicFile.h"
#include "core/wordvec/TextNumbers.h"

namespace zsi {
namespace {

std::string_view trimBlanks(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

}  // namespace

Result<ClassMatrix> ClassMatrix::read(const std::string& path) {
  auto text = readFile(path);
  if (!text) return text.error();
  return parse(*text, path);
}

Result<ClassMatrix> ClassMatrix::parse(std::string_view text, const std::string& path) {
  ClassMatrix m;
  std::size_t pos = 0;
  std::int64_t line = 0;
  std::size_t width = 0;
  std::vector<float> values;  // row-major while reading
  while (pos < text.size()) {
    const std::size_t nl = text.find('\n', pos);
    const std::size_t end = nl == std::string_view::npos ? text.size() : nl;
    std::string_view row = text.substr(pos, end - pos);
    ++line;
    pos = end + 1;
    if (trimBlanks(row).empty()) {
      if (trimBlanks(text.substr(std::min(pos, text.size()))).find_first_not_of("\r\n \t") ==
          std::string_view::npos)
        break;
      return Error("empty line inside the matrix").inFile(path).at(line, 1);
    }
    std::size_t fieldStart = 0, count = 0;
    for (;;) {
      const std::size_t comma = row.find(',', fieldStart);
      const std::size_t fieldEnd = comma == std::string_view::npos ? row.size() : comma;
      std::string_view field = trimBlanks(row.substr(fieldStart, fieldEnd - fieldStart));
      float v = 0;
      if (!parseFloatField(field, &v))
        return Error("'" + std::string(field.substr(0, 40)) + "' is not a number")
            .inFile(path)
            .at(line, static_cast<std::int64_t>(fieldStart) + 1);
      if (!std::isfinite(v))
        return Error("value " + std::string(field) + " is not finite")
            .inFile(path)
            .at(line, static_cast<std::int64_t>(fieldStart) + 1);
      values.push_back(v);
      ++count;
      if (comma == std::string_view::npos) break;
      fieldStart = comma + 1;
    }
    if (line == 1) {
      width = count;
    } else if (count != width) {
      return Error(std::to_string(count) + " values on this line, but line 1 has " +
                   std::to_string(width) + " (one value per class column)")
          .inFile(path)
          .at(line, 0);
    }
  }
  if (width == 0) return Error("the matrix is empty").inFile(path);
  m.dim = values.size() / width;
  m.columns.assign(width, std::vector<float>(m.dim));
  for (std::size_t r = 0; r < m.dim; ++r)
    for (std::size_t c = 0; c < width; ++c) m.columns[c][r] = values[r * width + c];
  return m;
}

std::string ClassMatrix::toText() const {
  std::string out;
  out.reserve(dim * columns.size() * 26);
  for (std::size_t r = 0; r < dim; ++r) {
    for (std::size_t c = 0; c < columns.size(); ++c) {
      if (c > 0) out += ',';
      // numpy.savetxt('%.18e') of float32 data prints the value widened to double.
      fmt::format_to(std::back_inserter(out), "{:.18e}", static_cast<double>(columns[c][r]));
    }
    out += '\n';
  }
  return out;
}

Status ClassMatrix::write(const std::string& path) const { return writeFileAtomic(path, toText()); }

}  // namespace zsi
