#include "ui/ImageCatalog.h"

#include <algorithm>

#include "ui/ProjectDocument.h"

namespace zsi::ui {
namespace {

void bump(std::uint16_t& v) {
  if (v < 0xffff) ++v;
}

void sortUnique(std::vector<std::uint16_t>& v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
}

}  // namespace

std::uint16_t ImageCatalog::classId(const std::string& name) {
  auto it = ids_.find(name);
  if (it != ids_.end()) return it->second;
  const auto id = static_cast<std::uint16_t>(std::min<std::size_t>(names_.size(), 0xfffe));
  if (names_.size() < 0xfffe) {
    names_.push_back(name);
    ids_.emplace(name, id);
  }
  return id;
}

int ImageCatalog::splitOf(const ProjectDocument& doc, std::uint16_t id) {
  if (id >= split_.size()) split_.resize(static_cast<std::size_t>(id) + 1, 2);
  if (split_[id] == 2) split_[id] = static_cast<std::int8_t>(doc.classSplit(names_[id]));
  return split_[id];
}

void ImageCatalog::rebuild(const ProjectDocument& doc) {
  entries_.assign(doc.imageCount(), Entry());
  names_.clear();
  ids_.clear();
  split_.clear();
  if (!doc.hasDataset()) return;
  const CocoDataset& ds = doc.dataset();
  // Category ids -> our class ids once, so the pass over 860k annotations does no string work.
  std::unordered_map<std::int64_t, std::uint16_t> byCategory;
  for (const auto& c : ds.categories()) byCategory[c.id] = classId(c.name);
  for (const auto& c : doc.classSet().classes) classId(c.name);
  const AnnotationEdits& edits = doc.edits();
  const bool anyRelabel = edits.relabelCount() > 0;
  const auto& anns = ds.annotations();
  for (std::size_t a = 0; a < anns.size(); ++a) {
    const std::int32_t img = ds.imageIndexOfAnnotation(a);
    if (img < 0 || edits.loadedDeleted(a)) continue;
    Entry& e = entries_[static_cast<std::size_t>(img)];
    std::uint16_t id;
    if (anyRelabel && edits.loadedRelabel(a)) {
      id = classId(*edits.loadedRelabel(a));
    } else {
      auto it = byCategory.find(anns[a].categoryId);
      id = it != byCategory.end() ? it->second : classId("category " + std::to_string(anns[a].categoryId));
    }
    e.classes.push_back(id);
    bump(e.annotations);
  }
  for (const UserAnnotation& u : edits.added()) {
    if (u.deleted || u.imageIndex >= entries_.size()) continue;
    entries_[u.imageIndex].classes.push_back(classId(u.className));
    bump(entries_[u.imageIndex].annotations);
  }
  for (const auto& [i, p] : doc.predictions().all()) {
    (void)p;
    if (i < entries_.size()) addPredictions(doc, i, entries_[i]);
  }
  for (Entry& e : entries_) finish(doc, e);
}

void ImageCatalog::addPredictions(const ProjectDocument& doc, std::size_t imageIndex, Entry& e) {
  const ImagePredictions* p = doc.predictions().get(imageIndex);
  if (!p) return;
  e.hasPredictionData = true;
  e.outdated = doc.predictionsOutdated(imageIndex);
  for (std::size_t k = 0; k < p->size(); ++k) {
    if (p->state[k] == ReviewState::Rejected) continue;
    if (p->state[k] == ReviewState::Pending) bump(e.pending);
    if (p->state[k] == ReviewState::Accepted) continue;  // counted as its annotation
    e.classes.push_back(classId(p->className(k)));
    bump(e.predictions);
  }
}

void ImageCatalog::finish(const ProjectDocument& doc, Entry& e) {
  sortUnique(e.classes);
  e.hasSeen = e.hasUnseen = false;
  for (std::uint16_t id : e.classes) {
    const int split = splitOf(doc, id);
    e.hasSeen |= split == 0;
    e.hasUnseen |= split == 1;
  }
}

void ImageCatalog::update(const ProjectDocument& doc, std::size_t imageIndex) {
  if (imageIndex >= entries_.size() || !doc.hasDataset()) return;
  Entry e;
  const AnnotationEdits& edits = doc.edits();
  for (std::uint32_t a : doc.dataset().annotationsOfImage(imageIndex)) {
    if (edits.loadedDeleted(a)) continue;
    e.classes.push_back(classId(doc.loadedClassName(a)));
    bump(e.annotations);
  }
  for (std::size_t k : edits.addedOfImage(imageIndex)) {
    if (edits.added()[k].deleted) continue;
    e.classes.push_back(classId(edits.added()[k].className));
    bump(e.annotations);
  }
  addPredictions(doc, imageIndex, e);
  finish(doc, e);
  entries_[imageIndex] = std::move(e);
}

std::vector<std::uint32_t> ImageCatalog::filter(const ProjectDocument& doc, const ImageFilterSpec& spec) const {
  std::vector<std::uint32_t> out;
  out.reserve(entries_.size());
  int wanted = -1;
  if (!spec.className.empty()) {
    auto it = ids_.find(spec.className);
    if (it == ids_.end()) return out;
    wanted = it->second;
  }
  bool idSearch = false;
  const qint64 searchId = spec.text.toLongLong(&idSearch);
  const QByteArray needle = spec.text.trimmed().toUtf8().toLower();
  const CocoDataset* ds = doc.hasDataset() ? &doc.dataset() : nullptr;
  for (std::size_t i = 0; i < entries_.size(); ++i) {
    const Entry& e = entries_[i];
    if (wanted >= 0 && !std::binary_search(e.classes.begin(), e.classes.end(), static_cast<std::uint16_t>(wanted)))
      continue;
    switch (spec.split) {
      case ImageFilterSpec::Split::Any: break;
      case ImageFilterSpec::Split::HasSeen: if (!e.hasSeen) continue; break;
      case ImageFilterSpec::Split::HasUnseen: if (!e.hasUnseen) continue; break;
      case ImageFilterSpec::Split::OnlySeen: if (!e.hasSeen || e.hasUnseen) continue; break;
    }
    switch (spec.predictions) {
      case ImageFilterSpec::Predictions::Any: break;
      case ImageFilterSpec::Predictions::With: if (!e.hasPredictionData) continue; break;
      case ImageFilterSpec::Predictions::Without: if (e.hasPredictionData) continue; break;
      case ImageFilterSpec::Predictions::Outdated: if (!e.outdated) continue; break;
    }
    switch (spec.review) {
      case ImageFilterSpec::Review::Any: break;
      case ImageFilterSpec::Review::Reviewed: if (!e.hasPredictionData || e.pending > 0) continue; break;
      case ImageFilterSpec::Review::NotReviewed: if (e.hasPredictionData && e.pending == 0) continue; break;
    }
    if (!needle.isEmpty() && ds) {
      const auto& img = ds->images()[i];
      const bool idMatch = idSearch && img.id == searchId;
      if (!idMatch) {
        const std::string_view name = img.file();
        auto hit = std::search(name.begin(), name.end(), needle.begin(), needle.end(),
                               [](char a, char b) { return (a >= 'A' && a <= 'Z' ? a + 32 : a) == b; });
        if (hit == name.end()) continue;
      }
    }
    out.push_back(static_cast<std::uint32_t>(i));
  }
  return out;
}

std::vector<std::size_t> ImageCatalog::imagesPerClass() const {
  std::vector<std::size_t> counts(names_.size(), 0);
  for (const Entry& e : entries_)
    for (std::uint16_t id : e.classes) ++counts[id];
  return counts;
}

}  // namespace zsi::ui
