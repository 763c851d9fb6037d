#include "core/engine/ClassVectors.h"

#include <cmath>

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

}  // namespace zsi
