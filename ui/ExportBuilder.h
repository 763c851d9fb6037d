#pragma once
// What export and in-app evaluation write and read, built from a snapshot of the document on a
// worker thread:
//  * the working dataset as COCO instances: the loaded annotations minus deleted ones, with
//    relabels, plus the accepted predictions, their masks as compressed RLE or as polygons
//    traced from the masks (core/coco/MaskPolygons.h); classes the dataset lacks get new
//    categories (ids after the largest);
//  * the predictions as COCO results (image_id, category_id, bbox, score, RLE segmentation).
// Boxes and areas come from the masks themselves, so they always agree with the segmentation.

#include <memory>
#include <string>
#include <vector>

#include "core/coco/CocoDataset.h"
#include "core/coco/CocoResults.h"
#include "core/util/Result.h"
#include "core/wordvec/ClassSet.h"
#include "ui/AnnotationEdits.h"
#include "ui/Prediction.h"

namespace zsi::ui {

class ProjectDocument;

struct ExportSnapshot {
  std::shared_ptr<const CocoDataset> dataset;
  AnnotationEdits edits;
  ClassSet classes;
  std::vector<std::pair<std::size_t, ImagePredictions>> predictions;  // image index
  std::uint64_t currentKey = 0;

  static ExportSnapshot capture(const ProjectDocument& doc);
};

struct AnnotationExportOptions {
  bool polygons = false;          // masks made here as polygons (else compressed RLE)
  double polygonTolerance = 0.0;  // Douglas-Peucker, pixels; 0 = exact pixel outlines
  bool includeLoaded = true;      // the dataset's own annotations (after review edits)
};

struct ResultsExportOptions {
  bool includeRejected = false;
  bool includeOutdated = true;  // predictions made with other settings than the current ones
  bool masks = true;            // segmentation (RLE) when the predictions have masks
};

struct ExportSummary {
  std::size_t images = 0, annotations = 0, loaded = 0, accepted = 0, deleted = 0, relabelled = 0;
  std::size_t newCategories = 0, polygonParts = 0, boxOnly = 0;
  std::size_t detections = 0, outdated = 0, rejectedLeftOut = 0, unknownClasses = 0;
  std::string text() const;
};

class ExportBuilder {
 public:
  static Result<CocoDataset> annotations(const ExportSnapshot& s, const AnnotationExportOptions& o,
                                         ExportSummary* summary);
  static std::vector<CocoDetection> results(const ExportSnapshot& s, const ResultsExportOptions& o,
                                            ExportSummary* summary);
  // Category id for a class name: the dataset's, or a new id (after the largest, in class-set
  // order, then first use). Shared by both exports so they agree.
  static std::int64_t categoryId(const ExportSnapshot& s, const std::string& name,
                                 std::vector<std::pair<std::string, std::int64_t>>& added);
};

}  // namespace zsi::ui
