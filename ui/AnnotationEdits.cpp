#include "ui/AnnotationEdits.h"

namespace zsi::ui {

void AnnotationEdits::reset(std::size_t loadedCount, std::int64_t largestId) {
  deleted_.assign(loadedCount, 0);
  relabel_.clear();
  added_.clear();
  firstId_ = nextId_ = largestId + 1;
}

void AnnotationEdits::setLoadedDeleted(std::size_t i, bool deleted) {
  if (i < deleted_.size()) deleted_[i] = deleted ? 1 : 0;
}

const std::string* AnnotationEdits::loadedRelabel(std::size_t i) const {
  auto it = relabel_.find(i);
  return it == relabel_.end() ? nullptr : &it->second;
}

void AnnotationEdits::setLoadedRelabel(std::size_t i, const std::string& className) {
  if (className.empty()) {
    relabel_.erase(i);
  } else {
    relabel_[i] = className;
  }
}

void AnnotationEdits::push(UserAnnotation a) {
  nextId_ = a.id + 1;
  added_.push_back(std::move(a));
}

void AnnotationEdits::pop() {
  if (added_.empty()) return;
  added_.pop_back();
  nextId_ = added_.empty() ? firstId_ : added_.back().id + 1;
}

std::vector<std::size_t> AnnotationEdits::addedOfImage(std::size_t imageIndex) const {
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < added_.size(); ++i)
    if (added_[i].imageIndex == imageIndex) out.push_back(i);
  return out;
}

std::size_t AnnotationEdits::deletedCount() const {
  std::size_t n = 0;
  for (auto d : deleted_) n += d;
  for (const auto& a : added_) n += a.deleted ? 1 : 0;
  return n;
}

}  // namespace zsi::ui
