#include "core/coco/CocoZsiSplit.h"

#include <algorithm>

namespace zsi {

namespace {

// The dataset's categories reordered (and cut) to the split's order for one group.
std::vector<CocoCategory> orderedCategories(const CocoDataset& ds, const ZsiSplit& split,
                                            const std::vector<int>& categoryOfClass, bool seen,
                                            bool unseen) {
  std::vector<CocoCategory> out;
  for (std::size_t k = 0; k < split.classes.size(); ++k) {
    if (categoryOfClass[k] < 0) continue;
    const bool isUnseen = split.classes[k].unseen;
    if ((isUnseen && unseen) || (!isUnseen && seen)) out.push_back(ds.categories()[categoryOfClass[k]]);
  }
  return out;
}

}  // namespace

Result<ZsiSplitSets> splitForZsi(const CocoDataset& ds, const ZsiSplit& split) {
  ds.ensureIndex();
  ZsiSplitSets out;
  // Split class -> dataset category index; category index -> group (0 other, 1 seen, 2 unseen).
  std::vector<int> categoryOfClass(split.classes.size(), -1);
  std::vector<std::uint8_t> group(ds.categories().size(), 0);
  for (std::size_t c = 0; c < ds.categories().size(); ++c) {
    const int k = split.find(ds.categories()[c].name);
    if (k < 0) continue;
    if (categoryOfClass[k] < 0) categoryOfClass[k] = static_cast<int>(c);
    group[c] = split.classes[k].unseen ? 2 : 1;
  }
  for (std::size_t k = 0; k < split.classes.size(); ++k) {
    if (categoryOfClass[k] < 0) out.missingClasses.push_back(split.classes[k].name);
  }
  if (out.missingClasses.size() == split.classes.size()) {
    return Error("none of the " + std::to_string(split.classes.size()) + " classes of split " +
                 split.id + " is a category of the dataset (categories are matched by name)");
  }
  auto groupOf = [&](const CocoAnnotation& a) -> int {
    auto c = ds.categoryIndex(a.categoryId);
    return c ? group[*c] : 0;
  };

  std::vector<std::uint32_t> trainImages, testImages, trainAnns, zsiAnns, gzsiAnns;
  for (std::size_t im = 0; im < ds.images().size(); ++im) {
    const auto anns = ds.annotationsOfImage(im);
    bool hasUnseen = false;
    for (auto a : anns) hasUnseen = hasUnseen || groupOf(ds.annotations()[a]) == 2;
    if (hasUnseen) {
      testImages.push_back(static_cast<std::uint32_t>(im));
      for (auto a : anns) {
        const int g = groupOf(ds.annotations()[a]);
        if (g == 2) zsiAnns.push_back(a);
        if (g != 0) gzsiAnns.push_back(a);
      }
    } else {
      const std::size_t before = trainAnns.size();
      for (auto a : anns)
        if (groupOf(ds.annotations()[a]) == 1) trainAnns.push_back(a);
      if (trainAnns.size() > before) trainImages.push_back(static_cast<std::uint32_t>(im));
    }
  }
  for (const auto& a : ds.annotations()) out.droppedOtherAnnotations += groupOf(a) == 0;
  // Annotations keep their file order within each set.
  std::sort(trainAnns.begin(), trainAnns.end());
  std::sort(zsiAnns.begin(), zsiAnns.end());
  std::sort(gzsiAnns.begin(), gzsiAnns.end());

  out.train = ds.subset(trainImages, trainAnns);
  out.testZsi = ds.subset(testImages, zsiAnns);
  out.testGzsi = ds.subset(testImages, gzsiAnns);
  out.train.mutableCategories() = orderedCategories(ds, split, categoryOfClass, true, false);
  out.testZsi.mutableCategories() = orderedCategories(ds, split, categoryOfClass, false, true);
  out.testGzsi.mutableCategories() = orderedCategories(ds, split, categoryOfClass, true, true);
  for (CocoDataset* d : {&out.train, &out.testZsi, &out.testGzsi}) d->ensureIndex();
  return out;
}

}  // namespace zsi
