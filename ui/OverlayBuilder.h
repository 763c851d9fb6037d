#pragma once
// Builds an ImageOverlay: the request is taken from the document on the GUI thread (rows, and
// shared pointers to the masks' sources), the masks are decoded on a worker (`build`), only
// within each instance's bounding rectangle, so a 100-instance COCO image takes milliseconds.

#include <memory>
#include <utility>
#include <vector>

#include "core/coco/CocoDataset.h"
#include "ui/ImageOverlay.h"
#include "ui/Prediction.h"

namespace zsi::ui {

class ProjectDocument;

struct OverlayRequest {
  std::size_t imageIndex = 0;
  std::uint64_t version = 0;
  int width = 0, height = 0;
  std::vector<InstanceRow> rows;
  std::shared_ptr<const CocoDataset> dataset;
  std::shared_ptr<const PredictionData> predictions;
  std::vector<std::pair<std::size_t, Rle>> addedMasks;  // row -> mask of an annotation made here
};

class OverlayBuilder {
 public:
  static OverlayRequest request(const ProjectDocument& doc, std::size_t imageIndex, std::uint64_t version);
  static ImageOverlay build(const OverlayRequest& request);
  // The foreground of an RLE inside its bounding rectangle (row-major); empty rect when none.
  static OverlayShape cropRle(const Rle& rle);
};

}  // namespace zsi::ui
