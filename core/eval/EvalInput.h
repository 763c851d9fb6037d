#pragma once
// What an evaluation reads, as plain data: the ground-truth objects and the detections of a set of
// images, each tagged with its image and category id. Built from a COCO dataset and a results
// file (core/eval/CocoEvalInput.h), from the engine's output, or by hand in tests.
//
// Only the fields of the evaluated IoU type are read: `bbox` for bbox, `mask` for segm.

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "core/coco/Rle.h"

namespace zsi {

struct EvalGroundTruth {
  // The annotation id. COCOeval records matches by this id and treats 0 as "no match", so a
  // detection matched to an annotation with id 0 counts as a false positive there; we keep that.
  std::int64_t id = 0;
  std::int64_t imageId = 0;
  std::int64_t categoryId = 0;
  std::array<double, 4> bbox{};  // [x, y, w, h]
  double area = 0;               // the annotation's `area` field (also for segm)
  bool iscrowd = false;          // crowd regions are matched as "ignore"
  Rle mask;                      // annToRLE at the image's size
};

struct EvalDetection {
  // The results record's 1-based number, loadRes' annotation id (0 when made by hand); only
  // reported back (EvalImageMatches), never used to match.
  std::int64_t id = 0;
  std::int64_t imageId = 0;
  std::int64_t categoryId = 0;
  std::array<double, 4> bbox{};
  double area = 0;  // bbox: w * h of the box; segm: the mask's pixel count
  double score = 0;
  Rle mask;
};

struct EvalCategory {
  std::int64_t id = 0;
  std::string name;  // reports map names to seen/unseen with a ZsiSplit
};

struct EvalInput {
  // Every image of the ground truth, including those without annotations (their detections are
  // all false positives); ids need not be sorted.
  std::vector<std::int64_t> imageIds;
  // Every category of the ground truth (the default category set), in the file's order.
  std::vector<EvalCategory> categories;
  std::vector<EvalGroundTruth> groundTruth;  // in file order: ties in matching follow it
  std::vector<EvalDetection> detections;     // in file order: score ties follow it
};

}  // namespace zsi
