#pragma once
// The classes a model scores against, as plain data: one word vector per class (rows), which of
// them are seen (trained on) and which unseen, and the background vector. Plain C++ so that ui/,
// app/ and core/wordvec can build one without torch. Files of class vectors are read by
// core/wordvec (ClassSet, ClassMatrix); ClassSetConversion.h is the one way from there to here.
//
// Conventions of the ZSI engine (spec §1, §11): class vectors have the norm 0.76663 of the
// official matrices (0.76663 × a unit word2vec vector) because raw dot products are used
// everywhere; the background vector is only the initial value of the RPN's learnable background
// (the "file" background of the official matrices is the mean of all 80 class vectors).

#include <cstddef>
#include <string>
#include <vector>

#include "core/util/Result.h"

namespace zsi {

struct ClassVectors {
  static constexpr float kOfficialNorm = 0.76663f;

  int dim = 0;                          // semantic dimension (300 for word2vec)
  std::vector<std::string> names;       // one per class, in the order labels refer to
  std::vector<unsigned char> unseen;    // 1 = unseen class, 0 = seen; size == names.size()
  std::vector<float> vectors;           // names.size() × dim, row-major (one class per row)
  std::vector<float> background;        // dim floats
  float norm = kOfficialNorm;           // the norm class vectors were scaled to

  std::size_t size() const { return names.size(); }
  bool isUnseen(std::size_t i) const { return unseen[i] != 0; }
  const float* row(std::size_t i) const { return vectors.data() + i * static_cast<std::size_t>(dim); }

  std::vector<int> seenIndices() const;    // in list order
  std::vector<int> unseenIndices() const;  // in list order
  std::size_t seenCount() const { return seenIndices().size(); }
  std::size_t unseenCount() const { return unseenIndices().size(); }
  int find(const std::string& name) const;  // exact name; -1 when absent

  // Sizes consistent, finite values, at least one class.
  Status validate() const;

  // Appends a class; its vector is rescaled to `norm` (the engine's dot products assume it).
  Status add(const std::string& name, const std::vector<float>& vector, bool isUnseenClass);
  // The same set with the given classes only (by index, in that order).
  ClassVectors subset(const std::vector<int>& indices) const;
  // Seen classes first, then unseen: the column order of the official matrices.
  ClassVectors seenThenUnseen() const;
};

}  // namespace zsi
