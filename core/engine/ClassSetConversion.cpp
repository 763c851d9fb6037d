#include "core/engine/ClassSetConversion.h"

#include <cmath>

#include "core/wordvec/ClassMatrix.h"
#include "core/wordvec/ClassSet.h"

namespace zsi {

Result<ClassVectors> toClassVectors(const ClassSet& set) {
  ZSI_TRY(set.validate());
  ClassVectors out;
  out.dim = static_cast<int>(set.dim());
  out.norm = static_cast<float>(set.norm);
  out.background = set.background;
  out.names.reserve(set.size());
  out.unseen.reserve(set.size());
  out.vectors.reserve(set.size() * set.dim());
  for (const auto& c : set.classes) {
    out.names.push_back(c.name);
    out.unseen.push_back(c.unseen ? 1 : 0);
    out.vectors.insert(out.vectors.end(), c.vector.begin(), c.vector.end());
  }
  ZSI_TRY(out.validate());
  return out;
}

Result<ClassVectors> toClassVectors(const ClassMatrix& matrix, int numSeen, const std::string& path) {
  const int numClasses = static_cast<int>(matrix.columns.size()) - 1;
  if (numClasses < 1)
    return Error("a word-vector matrix needs a background column and at least one class column").inFile(path);
  if (numSeen < 0 || numSeen > numClasses)
    return Error("the matrix has " + std::to_string(numClasses) + " class columns, fewer than the " +
                 std::to_string(numSeen) + " seen classes asked for")
        .inFile(path);
  ClassVectors out;
  out.dim = static_cast<int>(matrix.dim);
  out.background = matrix.columns[0];
  for (int c = 0; c < numClasses; ++c) {
    out.names.push_back("class" + std::to_string(c + 1));
    out.unseen.push_back(c >= numSeen ? 1 : 0);
    const auto& column = matrix.columns[static_cast<std::size_t>(c) + 1];
    out.vectors.insert(out.vectors.end(), column.begin(), column.end());
  }
  double sq = 0;
  for (float v : matrix.columns[1]) sq += static_cast<double>(v) * v;
  out.norm = static_cast<float>(std::sqrt(sq));
  Status ok = out.validate();
  if (!ok) return ok.error().inFile(path);
  return out;
}

}  // namespace zsi
