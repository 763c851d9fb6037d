#include "core/wordvec/ClassSet.h"

#include <cmath>
#include <set>

#include "core/wordvec/ClassList.h"
#include "core/wordvec/ClassMatrix.h"
#include "core/wordvec/NameEmbedder.h"

namespace zsi {
namespace {

std::string folded(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  return out;
}

double norm2(const std::vector<float>& v) {
  double s = 0;
  for (float x : v) s += static_cast<double>(x) * x;
  return std::sqrt(s);
}

}  // namespace

std::size_t ClassSet::seenCount() const { return classes.size() - unseenCount(); }

std::size_t ClassSet::unseenCount() const {
  std::size_t n = 0;
  for (const auto& c : classes) n += c.unseen ? 1 : 0;
  return n;
}

std::vector<std::size_t> ClassSet::seenIndices() const {
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < classes.size(); ++i)
    if (!classes[i].unseen) out.push_back(i);
  return out;
}

std::vector<std::size_t> ClassSet::unseenIndices() const {
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < classes.size(); ++i)
    if (classes[i].unseen) out.push_back(i);
  return out;
}

int ClassSet::find(std::string_view className) const {
  for (std::size_t i = 0; i < classes.size(); ++i)
    if (classes[i].name == className) return static_cast<int>(i);
  const std::string key = folded(className);
  for (std::size_t i = 0; i < classes.size(); ++i)
    if (folded(classes[i].name) == key) return static_cast<int>(i);
  return -1;
}

void ClassSet::add(const NameEmbedding& embedding, bool unseen) {
  ClassSetEntry e;
  e.name = embedding.name;
  e.vector = embedding.vector;
  e.unseen = unseen;
  e.colour = ClassColour::palette(classes.size());
  e.rule = embedRuleName(embedding.rule);
  e.tokens = embedding.tokens;
  classes.push_back(std::move(e));
}

void ClassSet::setBackgroundToClassMean() {
  if (classes.empty()) return;
  const std::size_t d = classes.front().vector.size();
  std::vector<double> sum(d, 0.0);
  for (const auto& c : classes)
    for (std::size_t i = 0; i < d && i < c.vector.size(); ++i) sum[i] += c.vector[i];
  background.assign(d, 0.f);
  for (std::size_t i = 0; i < d; ++i)
    background[i] = static_cast<float>(sum[i] / static_cast<double>(classes.size()));
}

Status ClassSet::validate() const {
  if (!(norm > 0) || !std::isfinite(norm)) return Error("must be a positive number").forField("norm");
  if (background.empty()) return Error("missing (the class set has no dimension)").forField("background");
  std::set<std::string> names;
  for (std::size_t i = 0; i < classes.size(); ++i) {
    const auto& c = classes[i];
    const std::string field = "classes[" + std::to_string(i) + "]";
    if (c.name.empty()) return Error("empty class name").forField(field + ".name");
    if (!names.insert(folded(c.name)).second)
      return Error("class '" + c.name + "' appears twice").forField(field + ".name");
    if (c.vector.size() != dim())
      return Error("has " + std::to_string(c.vector.size()) + " values, expected " + std::to_string(dim()) +
                   " (the length of the background vector)")
          .forField(field + ".vector");
    for (float x : c.vector)
      if (!std::isfinite(x)) return Error("contains a value that is not finite").forField(field + ".vector");
    if (c.cocoId < 0) return Error("must be a positive id").forField(field + ".coco_id");
  }
  for (float x : background)
    if (!std::isfinite(x)) return Error("contains a value that is not finite").forField("background");
  return okStatus();
}

ClassMatrix ClassSet::toMatrix() const {
  ClassMatrix m;
  m.dim = dim();
  m.columns.reserve(classes.size() + 1);
  m.columns.push_back(background);
  for (const auto& c : classes) m.columns.push_back(c.vector);
  return m;
}

Result<ClassSet> ClassSet::fromZsiMatrix(const std::string& matrixPath, const std::string& classListPath,
                                         std::optional<double> norm) {
  auto matrix = ClassMatrix::read(matrixPath);
  if (!matrix) return matrix.error();
  auto list = ClassList::read(classListPath);
  if (!list) return list.error();
  auto cols = list->resolve(matrix->columns.size(), matrixPath);
  if (!cols) return cols.error();
  ClassSet set;
  set.sourceVectors = matrixPath;
  double normSum = 0;
  for (std::size_t i = 0; i < cols->classes.size(); ++i) {
    const ClassListEntry& e = *cols->classes[i];
    ClassSetEntry c;
    c.name = e.name;
    c.vector = matrix->columns[cols->columns[i]];
    c.unseen = e.unseen;
    c.cocoId = e.cocoId;
    c.colour = ClassColour::palette(i);
    c.rule = "ZSI matrix";
    normSum += norm2(c.vector);
    set.classes.push_back(std::move(c));
  }
  if (cols->backgroundColumn >= 0) {
    set.background = matrix->columns[static_cast<std::size_t>(cols->backgroundColumn)];
  } else {
    set.setBackgroundToClassMean();
  }
  set.norm = norm ? *norm : normSum / static_cast<double>(std::max<std::size_t>(set.classes.size(), 1));
  Status ok = set.validate();
  if (!ok) return ok.error().inFile(matrixPath);
  return set;
}

}  // namespace zsi
