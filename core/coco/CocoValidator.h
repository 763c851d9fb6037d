#pragma once
// Checks of a loaded COCO dataset, reporting every problem found (not just the first):
//  errors   - duplicate ids; annotations whose image or category does not exist; polygons
//             pycocotools cannot rasterise (first part under 3 points) or parts it ignores;
//             RLE size differing from its image; missing, unreadable or escaping image files and
//             images whose file size differs from the record (with an image folder);
//             non-positive image sizes; negative bbox width or height;
//  warnings - bbox or area inconsistent with the mask: for polygons with their geometry (COCO's
//             bbox is their extent, its area their shoelace area), for RLE with the pixels;
//             empty masks (nothing inside the image), RLE runs that do not cover the image,
//             boxes outside the image, odd polygon coordinate counts.
// COCO's own quirks are not reported: crowd regions' area (known not to match their pixels) and
// crowd bboxes one pixel smaller than the mask's.

#include <cstdint>
#include <string>
#include <vector>

#include "core/coco/CocoDataset.h"
#include "core/util/Progress.h"

namespace zsi {

struct CocoProblem {
  enum class Severity { Error, Warning } severity = Severity::Error;
  std::string where;    // "annotation id 42", "image id 7 (a.jpg)", "category id 3"
  std::string message;
};

struct CocoValidateOptions {
  std::string imageRoot;        // empty: image files are not checked
  bool decodeImages = false;    // decode every image fully (slow) instead of reading its header
  int threads = 0;
  // A bbox edge may differ from the mask's box by this many pixels; the area by this fraction of
  // the larger of the two, plus 10 px.
  double bboxTolerance = 1.0;
  double areaTolerance = 0.1;
};

std::vector<CocoProblem> validateCocoDataset(const CocoDataset& dataset,
                                             const CocoValidateOptions& options = {},
                                             const Progress& progress = {});

}  // namespace zsi
