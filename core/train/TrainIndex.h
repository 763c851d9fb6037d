#pragma once
// The training samples of a COCO dataset under a class set (spec §8), decided once before any
// work: which images train, which boxes they carry and with which label. Plain C++.
//
//  * Categories map to classes by NAME through the class set; a seen class's training label is
//    its seen index + 1 (0 is background). Annotations of categories the set does not have are
//    left out (counted, so the caller can warn); an image holding an unseen class is dropped
//    (dropImagesWithUnseen, the protocols of Bansal et al. and PL-ZSD) or keeps only its seen
//    objects.
//  * Crowd annotations become ignore boxes; boxes with w < 1, h < 1 or area <= 0 are dropped;
//    box convention x2 = x1 + w - offset (offset 1: mmdet v1's "+1" widths).
//  * Images with no usable box or whose shorter side is below minSize are dropped.
//  * Every kept image file must exist and its header must give the size the JSON states;
//    otherwise the error lists the first offenders and the count.

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "core/coco/CocoDataset.h"
#include "core/util/Progress.h"
#include "core/util/Result.h"
#include "core/wordvec/ClassSet.h"

namespace zsi {

struct TrainSampleRecord {
  std::int64_t imageId = 0;
  std::uint32_t imageIndex = 0;  // in the dataset
  std::string path;              // the image file
  int width = 0;
  int height = 0;
  std::vector<std::array<double, 4>> boxes;  // x1 y1 x2 y2, original pixels
  std::vector<std::int64_t> labels;          // seen index + 1
  std::vector<std::uint32_t> annotations;    // annotation index of each box (its mask)
  std::vector<std::array<double, 4>> ignore;  // crowd boxes
};

struct TrainIndexOptions {
  int minSize = 32;
  bool dropImagesWithUnseen = true;
  int boxOffset = 1;
  bool checkFiles = true;  // existence and header size of every kept image
};

struct TrainIndexStats {
  std::size_t images = 0, kept = 0;
  std::size_t droppedNoBoxes = 0, droppedSmall = 0, droppedUnseen = 0;
  std::size_t boxes = 0, crowd = 0, invalidBoxes = 0, unseenBoxes = 0, unknownBoxes = 0;
  std::vector<std::string> unknownCategories;  // category names the class set does not have
};

struct TrainIndex {
  std::vector<TrainSampleRecord> samples;
  TrainIndexStats stats;
};

// `jsonPath` names the dataset in errors; `imageRoot` is the image folder.
Result<TrainIndex> buildTrainIndex(const CocoDataset& dataset, const std::string& jsonPath,
                                   const std::string& imageRoot, const ClassSet& classes,
                                   const TrainIndexOptions& options, const Progress& progress = {});

// Every image file of `dataset` exists under `imageRoot` and its header matches the JSON size
// (used for validation sets too). `limit`: only the first N images (0 = all).
Status checkImageFiles(const CocoDataset& dataset, const std::string& jsonPath, const std::string& imageRoot,
                       std::size_t limit = 0, const Progress& progress = {});

}  // namespace zsi
