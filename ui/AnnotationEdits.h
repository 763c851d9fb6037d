#pragma once
// The review's changes to the annotations of the loaded dataset, kept beside it (the loaded
// dataset itself is never modified, so the evaluation always sees the original ground truth):
// loaded annotations deleted or given another class, and annotations made here. Plain C++.
//
// Annotations made here are only ever appended and removed from the end (the undo stack undoes
// in reverse order), so their indices are stable; deleting one only flags it.

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "ui/UserAnnotation.h"

namespace zsi::ui {

class AnnotationEdits {
 public:
  // For a dataset with `loadedCount` annotations whose largest id is `largestId`.
  void reset(std::size_t loadedCount, std::int64_t largestId);

  bool loadedDeleted(std::size_t i) const { return i < deleted_.size() && deleted_[i]; }
  void setLoadedDeleted(std::size_t i, bool deleted);
  // The class a loaded annotation was given, or null.
  const std::string* loadedRelabel(std::size_t i) const;
  void setLoadedRelabel(std::size_t i, const std::string& className);  // empty: undo relabel

  const std::vector<UserAnnotation>& added() const { return added_; }
  UserAnnotation& addedAt(std::size_t i) { return added_[i]; }
  std::int64_t nextId() const { return nextId_; }
  void push(UserAnnotation a);  // a.id must be nextId()
  void pop();
  std::vector<std::size_t> addedOfImage(std::size_t imageIndex) const;

  std::size_t deletedCount() const;
  std::size_t relabelCount() const { return relabel_.size(); }
  const std::unordered_map<std::size_t, std::string>& relabels() const { return relabel_; }
  bool empty() const { return added_.empty() && relabel_.empty() && deletedCount() == 0; }

 private:
  std::vector<std::uint8_t> deleted_;
  std::unordered_map<std::size_t, std::string> relabel_;
  std::vector<UserAnnotation> added_;
  std::int64_t firstId_ = 1;
  std::int64_t nextId_ = 1;
};

}  // namespace zsi::ui
