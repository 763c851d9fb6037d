#pragma once
// A folder of images as a dataset without annotations: every image file below the folder
// (recursively, sorted by path), with its size read from the file header. Ids are 1..N in that
// order. Runs on a worker thread; reports progress and stops when cancelled.

#include <QString>

#include "core/coco/CocoDataset.h"
#include "core/util/Progress.h"
#include "core/util/Result.h"

namespace zsi::ui {

class ImageFolderScanner {
 public:
  static Result<CocoDataset> scan(const QString& folder, const Progress& progress = {});
  // File name suffixes we list ("jpg", "png", ...), lower case.
  static bool isImageFile(const QString& fileName);
};

}  // namespace zsi::ui
