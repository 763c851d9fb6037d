#include "core/coco/CocoFilter.h"

#include <algorithm>
#include <cctype>

namespace zsi {

namespace {

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

Result<std::vector<std::uint32_t>> filterAnnotations(const CocoDataset& ds, const CocoFilter& f) {
  ds.ensureIndex();
  const std::size_t nc = ds.categories().size();
  std::vector<std::uint8_t> allowed(nc, 1);
  if (!f.classes.empty()) {
    std::fill(allowed.begin(), allowed.end(), 0);
    for (const auto& name : f.classes) {
      bool found = false;
      for (std::size_t c = 0; c < nc; ++c) {
        if (lower(ds.categories()[c].name) == lower(name)) {
          allowed[c] = 1;
          found = true;
        }
      }
      if (!found) return Error("no category named \"" + name + "\" in the dataset");
    }
  }
  if (f.group != CocoFilter::Group::Any) {
    if (!f.split) return Error("a seen/unseen filter needs a zero-shot split");
    for (std::size_t c = 0; c < nc; ++c) {
      const int k = f.split->find(ds.categories()[c].name);
      const bool unseen = k >= 0 && f.split->classes[k].unseen;
      const bool seen = k >= 0 && !f.split->classes[k].unseen;
      if ((f.group == CocoFilter::Group::Seen && !seen) || (f.group == CocoFilter::Group::Unseen && !unseen)) {
        allowed[c] = 0;
      }
    }
  }
  std::vector<std::uint32_t> out;
  for (std::size_t i = 0; i < ds.annotations().size(); ++i) {
    const CocoAnnotation& a = ds.annotations()[i];
    const auto c = ds.categoryIndex(a.categoryId);
    if (!c || !allowed[*c]) continue;
    if (f.crowd && (a.iscrowd != 0) != *f.crowd) continue;
    if (a.area < f.minArea || a.area > f.maxArea) continue;
    out.push_back(static_cast<std::uint32_t>(i));
  }
  return out;
}

Result<CocoDataset> filterDataset(const CocoDataset& ds, const CocoFilter& f) {
  auto anns = filterAnnotations(ds, f);
  if (!anns.ok()) return anns.error();
  std::vector<std::uint8_t> used(ds.images().size(), 0);
  for (auto a : *anns) {
    const std::int32_t im = ds.imageIndexOfAnnotation(a);
    if (im >= 0) used[im] = 1;
  }
  std::vector<std::uint32_t> images;
  for (std::size_t i = 0; i < ds.images().size(); ++i)
    if (f.keepEmptyImages || used[i]) images.push_back(static_cast<std::uint32_t>(i));
  return ds.subset(images, *anns);
}

}  // namespace zsi
