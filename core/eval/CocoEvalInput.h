#pragma once
// The evaluation input from COCO files: the ground truth (core/coco CocoDataset) and a results
// file (CocoResults, read with loadRes semantics), as COCOeval._prepare sees them:
//  * GT: every image of the file, every category (sorted later), each annotation's own bbox, area
//    and iscrowd; for segm its annToRLE mask at the image's size.
//  * Detections, bbox: the box and area per loadRes' branch (first record decides).
//    segm: the mask, with area = its pixel count even when the file has boxes (detectron2 and the
//    ZSI code evaluate segm that way; pycocotools would use w*h in the bbox branch).
// Refused with an error naming the results file and the detection (its 1-based record number,
// which is also loadRes' id): an image_id that is not a GT image, a mask whose size differs from
// its image's, RLE runs that do not cover height x width. Warned about (pycocotools' behaviour
// kept): an empty results list (every AP and AR is 0), detections of categories the GT does not
// have (not evaluated), detections without a mask in a segm evaluation (their box is the mask).

#include <string>
#include <vector>

#include "core/coco/CocoDataset.h"
#include "core/coco/CocoResults.h"
#include "core/eval/EvalInput.h"
#include "core/eval/EvalParams.h"
#include "core/util/Progress.h"
#include "core/util/Result.h"

namespace zsi {

// `results` is consumed (its masks are moved). `warnings` may be null.
Result<EvalInput> makeEvalInput(const CocoDataset& groundTruth, CocoResults&& results, IouType type,
                                std::vector<std::string>* warnings, unsigned threads = 0);

// Loads both files and builds the input; errors name the file.
Result<EvalInput> loadEvalInput(const std::string& groundTruthPath, const std::string& resultsPath,
                                IouType type, std::vector<std::string>* warnings,
                                const Progress& progress = {});

}  // namespace zsi
