#include "core/engine/ClassSetConversion.h"

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

}  // namespace zsi
