#pragma once
// Turning a COCO dataset into the three zero-shot sets of a class split (spec zsi-engine.md §1, §8;
// the protocols of Bansal et al. for 48/17 and PL-ZSD for 65/15):
//  * train: the images without any unseen object, with their seen annotations only;
//  * ZSI test: the images with at least one unseen object, with their unseen annotations only;
//  * GZSI test: the same images, with their seen and unseen annotations.
// Classes are matched by category name (exactly, then ignoring case). Annotations of classes in
// neither group (the 15 COCO classes outside 48/17) are dropped everywhere. An unseen crowd region
// counts as an unseen object. Train images left without any annotation are dropped (the training
// pipeline drops them anyway). Each set lists its categories in the split's order (seen, then
// unseen: the word-vector column order the official code relies on).

#include <cstddef>
#include <string>
#include <vector>

#include "core/coco/CocoDataset.h"
#include "core/coco/ZsiSplit.h"
#include "core/util/Result.h"

namespace zsi {

struct ZsiSplitSets {
  CocoDataset train;
  CocoDataset testZsi;
  CocoDataset testGzsi;
  std::vector<std::string> missingClasses;  // split classes the dataset has no category for
  std::size_t droppedOtherAnnotations = 0;  // annotations of classes outside the split
};

// Fails when none of the split's classes is a category of the dataset.
Result<ZsiSplitSets> splitForZsi(const CocoDataset& dataset, const ZsiSplit& split);

}  // namespace zsi
