#include "core/engine/ClassVectors.h"

#include <charconv>
#include <cmath>
#include <string_view>

#include "core/util/AtomicFile.h"

namespace zsi {

std::vector<int> ClassVectors::seenIndices() const {
  std::vector<int> out;
  for (std::size_t i = 0; i < unseen.size(); ++i)
    if (!unseen[i]) out.push_back(static_cast<int>(i));
  return out;
}

std::vector<int> ClassVectors::unseenIndices() const {
  std::vector<int> out;
  for (std::size_t i = 0; i < unseen.size(); ++i)
    if (unseen[i]) out.push_back(static_cast<int>(i));
  return out;
}

int ClassVectors::find(const std::string& name) const {
  for (std::size_t i = 0; i < names.size(); ++i)
    if (names[i] == name) return static_cast<int>(i);
  return -1;
}

Status ClassVectors::validate() const {
  if (dim <= 0) return Error("class vectors: the dimension must be positive");
  if (names.empty()) return Error("class vectors: no classes");
  if (unseen.size() != names.size())
    return Error("class vectors: " + std::to_string(names.size()) + " names but " +
                 std::to_string(unseen.size()) + " seen/unseen flags");
  if (vectors.size() != names.size() * static_cast<std::size_t>(dim))
    return Error("class vectors: expected " + std::to_string(names.size()) + " × " +
                 std::to_string(dim) + " values, got " + std::to_string(vectors.size()));
  if (background.size() != static_cast<std::size_t>(dim))
    return Error("class vectors: the background vector has " + std::to_string(background.size()) +
                 " values, expected " + std::to_string(dim));
  for (std::size_t i = 0; i < vectors.size(); ++i)
    if (!std::isfinite(vectors[i]))
      return Error("class vectors: a value is not finite")
          .forField("class '" + names[i / dim] + "'");
  for (float v : background)
    if (!std::isfinite(v)) return Error("class vectors: the background vector is not finite");
  return okStatus();
}

Status ClassVectors::add(const std::string& name, const std::vector<float>& vector,
                         bool isUnseenClass) {
  if (dim == 0 && names.empty()) dim = static_cast<int>(vector.size());
  if (static_cast<int>(vector.size()) != dim)
    return Error("the vector of '" + name + "' has " + std::to_string(vector.size()) +
                 " values, the class set has dimension " + std::to_string(dim));
  double sq = 0;
  for (float v : vector) sq += static_cast<double>(v) * v;
  if (!(sq > 0) || !std::isfinite(sq))
    return Error("the vector of '" + name + "' is zero or not finite");
  const double scale = norm / std::sqrt(sq);
  names.push_back(name);
  unseen.push_back(isUnseenClass ? 1 : 0);
  for (float v : vector) vectors.push_back(static_cast<float>(v * scale));
  if (background.empty()) background.assign(static_cast<std::size_t>(dim), 0.0f);
  return okStatus();
}

ClassVectors ClassVectors::subset(const std::vector<int>& indices) const {
  ClassVectors out;
  out.dim = dim;
  out.background = background;
  out.norm = norm;
  for (int i : indices) {
    out.names.push_back(names[i]);
    out.unseen.push_back(unseen[i]);
    out.vectors.insert(out.vectors.end(), row(i), row(i) + dim);
  }
  return out;
}

ClassVectors ClassVectors::seenThenUnseen() const {
  auto order = seenIndices();
  auto u = unseenIndices();
  order.insert(order.end(), u.begin(), u.end());
  return subset(order);
}

Result<NumericMatrix> readNumericMatrix(const std::string& path) {
  auto text = readFile(path);
  if (!text.ok()) return text.error();
  const std::string& s = text.value();
  NumericMatrix m;
  std::size_t pos = 0;
  int line = 0;
  while (pos < s.size()) {
    std::size_t end = s.find('\n', pos);
    if (end == std::string::npos) end = s.size();
    std::string_view l(s.data() + pos, end - pos);
    ++line;
    if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
    if (l.find_first_not_of(" \t") == std::string_view::npos) {
      pos = end + 1;
      continue;
    }
    int cols = 0;
    std::size_t i = 0;
    while (i <= l.size()) {
      while (i < l.size() && (l[i] == ' ' || l[i] == '\t')) ++i;
      const char* b = l.data() + i;
      float v = 0;
      auto [ptr, ec] = std::from_chars(b, l.data() + l.size(), v);
      if (ec != std::errc() || !std::isfinite(v))
        return Error("expected a number").inFile(path).at(line, static_cast<std::int64_t>(i) + 1);
      m.values.push_back(v);
      ++cols;
      i = static_cast<std::size_t>(ptr - l.data());
      while (i < l.size() && (l[i] == ' ' || l[i] == '\t')) ++i;
      if (i == l.size()) break;
      if (l[i] != ',')
        return Error("expected ',' between numbers").inFile(path).at(line, static_cast<std::int64_t>(i) + 1);
      ++i;
    }
    if (m.rows == 0) m.cols = cols;
    else if (cols != m.cols)
      return Error("row has " + std::to_string(cols) + " numbers, the first row has " +
                   std::to_string(m.cols)).inFile(path).at(line, 1);
    ++m.rows;
    pos = end + 1;
  }
  if (m.rows == 0) return Error("the matrix file is empty").inFile(path);
  return m;
}

Result<ClassVectors> readOfficialWordMatrix(const std::string& path, int numSeen,
                                            const std::vector<std::string>& names) {
  auto m = readNumericMatrix(path);
  if (!m.ok()) return m.error();
  const int dim = m->rows;
  const int numClasses = m->cols - 1;
  if (numClasses < 1)
    return Error("a word-vector matrix needs a background column and at least one class column")
        .inFile(path);
  if (numSeen < 0 || numSeen > numClasses)
    return Error("the matrix has " + std::to_string(numClasses) + " class columns, fewer than the " +
                 std::to_string(numSeen) + " seen classes asked for").inFile(path);
  if (!names.empty() && static_cast<int>(names.size()) != numClasses)
    return Error("the matrix has " + std::to_string(numClasses) + " class columns but " +
                 std::to_string(names.size()) + " names were given").inFile(path);
  ClassVectors cv;
  cv.dim = dim;
  cv.background.resize(dim);
  for (int d = 0; d < dim; ++d) cv.background[d] = m->values[static_cast<std::size_t>(d) * m->cols];
  for (int c = 0; c < numClasses; ++c) {
    cv.names.push_back(names.empty() ? "class" + std::to_string(c + 1) : names[c]);
    cv.unseen.push_back(c >= numSeen ? 1 : 0);
    for (int d = 0; d < dim; ++d)
      cv.vectors.push_back(m->values[static_cast<std::size_t>(d) * m->cols + c + 1]);
  }
  // The stored norm is what the file's class columns have (0.76663 for the official ones).
  double sq = 0;
  for (int d = 0; d < dim; ++d) sq += static_cast<double>(cv.vectors[d]) * cv.vectors[d];
  cv.norm = static_cast<float>(std::sqrt(sq));
  ZSI_TRY(cv.validate());
  return cv;
}

}  // namespace zsi
