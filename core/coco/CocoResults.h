#pragma once
// COCO results files: a JSON list of detections {image_id, category_id, score, bbox and/or
// segmentation}, as detectors and pycocotools' loadRes use them.
//
// loadRes semantics (pycocotools 2.0.11), applied by loadCocoResults and recorded per detection:
//  * The branch is chosen from the FIRST record only: if it has a non-empty `bbox`, every
//    detection's area is w*h of its box (LoadResBranch::Bbox); otherwise, if it has a
//    `segmentation`, every area is the mask's pixel count and a missing bbox is toBbox of the mask
//    (LoadResBranch::Segmentation). So a segm evaluation must use a file without boxes.
//  * Detections are numbered id = 1..N in file order; iscrowd is 0.
//  * In the bbox branch a record without segmentation gets the box as a polygon
//    (loadResBoxMask below gives that mask once the image size is known).
// We also accept uncompressed RLE (pycocotools' loadRes fails on it); polygons are refused.

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "core/coco/CocoDataset.h"
#include "core/coco/Rle.h"
#include "core/util/Progress.h"
#include "core/util/Result.h"

namespace zsi {

struct CocoDetection {
  std::int64_t id = 0;  // 1..N in file order (loadRes)
  std::int64_t imageId = 0;
  std::int64_t categoryId = 0;
  double score = 0;
  std::array<double, 4> bbox{};  // as given, or toBbox of the mask (segm branch)
  double area = 0;               // per the branch, see above
  bool hasBbox = false;          // the record had a bbox
  bool hasSegmentation = false;  // the record had a segmentation (then `mask` is set)
  Rle mask;
};

enum class LoadResBranch { Empty, Bbox, Segmentation };

struct CocoResults {
  std::vector<CocoDetection> detections;  // file order
  LoadResBranch branch = LoadResBranch::Empty;
};

Result<CocoResults> loadCocoResults(const std::string& path, const Progress& progress = {});
Result<CocoResults> parseCocoResults(std::string_view json, const std::string& name = "<memory>");

// loadRes asserts that every detection's image is an image of the ground truth; the error names
// the first detection whose image_id is not.
Status checkResultsImages(const CocoResults& results, const CocoDataset& groundTruth);

// The mask pycocotools' loadRes gives a bbox-branch detection without a segmentation: its box as
// the polygon [x1, y1, x1, y2, x2, y2, x2, y1] at the image's size.
Rle loadResBoxMask(const CocoDetection& detection, std::uint32_t h, std::uint32_t w);

struct CocoResultsWriteOptions {
  bool bbox = true;          // write `bbox` of the detections that have one (hasBbox)
  bool segmentation = true;  // write `segmentation` as compressed RLE where a mask is set
};

// Atomic. Records in the order given: {"image_id", "category_id", "bbox", "score",
// "segmentation": {"size", "counts"}}, in Python json.dump's text form.
Status writeCocoResults(const std::string& path, const std::vector<CocoDetection>& detections,
                        const CocoResultsWriteOptions& options = {});
Result<std::string> cocoResultsToJson(const std::vector<CocoDetection>& detections,
                                      const CocoResultsWriteOptions& options = {});

}  // namespace zsi
