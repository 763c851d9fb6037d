#pragma once
// Selecting annotations: by class name, by seen/unseen group of a zero-shot split, by crowd flag
// and by area range (the annotation's `area`, as COCOeval's area ranges use it, both ends
// inclusive).

#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "core/coco/CocoDataset.h"
#include "core/coco/ZsiSplit.h"
#include "core/util/Result.h"

namespace zsi {

struct CocoFilter {
  std::vector<std::string> classes;  // category names; empty = every class
  enum class Group { Any, Seen, Unseen } group = Group::Any;
  const ZsiSplit* split = nullptr;   // needed for Seen/Unseen
  std::optional<bool> crowd;         // only crowd (true) / only non-crowd (false)
  double minArea = 0;
  double maxArea = std::numeric_limits<double>::infinity();
  bool keepEmptyImages = true;       // keep images left without annotations
};

// Indices of the annotations that pass, in file order. Fails on an unknown class name or a
// seen/unseen filter without a split.
Result<std::vector<std::uint32_t>> filterAnnotations(const CocoDataset& dataset, const CocoFilter& filter);
// The dataset reduced to those annotations (and, unless keepEmptyImages, to their images).
Result<CocoDataset> filterDataset(const CocoDataset& dataset, const CocoFilter& filter);

}  // namespace zsi
