#pragma once
// `zsi infer` and the evaluation during training as one function: images are decoded on worker
// threads ahead of the network, run through it `batch` at a time, scored against a class set,
// turned into COCO detections (bbox xywh, score, category id, compressed-RLE mask for ZSI and
// GZSI) and, optionally, drawn into overlay PNGs. Cancellable through the Progress; reports the
// time spent in each stage. Plain C++.

#include <cstdint>
#include <string>
#include <vector>

#include "core/coco/CocoDataset.h"
#include "core/coco/CocoResults.h"
#include "core/engine/ZsiModel.h"
#include "core/util/Progress.h"
#include "core/util/Result.h"
#include "core/wordvec/ClassColour.h"

namespace zsi {

struct InferenceImage {
  std::int64_t id = 0;
  std::string path;  // the file
  std::string name;  // as listed (file_name); overlays are named after it
  int width = 0;     // expected size; 0 = not known
  int height = 0;
};

// The image files of a folder (png, jpg, jpeg, ppm, pgm, bmp, tif, tiff, webp; sorted by name).
// Ids: the numeric file stems when all of them are distinct numbers (COCO's 000000139.jpg → 139),
// else 1..N in name order.
Result<std::vector<InferenceImage>> listImageFolder(const std::string& folder);
// The images of a COCO dataset under `root`, in file order, with the dataset's ids and sizes;
// every file must exist (the error lists the first missing ones). `limit` 0 = all.
Result<std::vector<InferenceImage>> listDatasetImages(const CocoDataset& dataset, const std::string& jsonPath,
                                                      const std::string& root, std::size_t limit = 0);

struct InferenceRequest {
  ClassVectors classes;                    // what the detections are scored against
  std::vector<std::int64_t> categoryIds;   // per class: the category_id written; 0 = not written
  std::vector<ClassColour> colours;        // per class (overlays); empty = the default palette
  DetectOptions detect;
  int batch = 1;                           // images per network run
  int workers = 2;                         // decoding threads
  std::string overlaysDir;                 // "" = no overlays
  double overlayMinScore = 0.0;            // detections drawn in the overlays (all are written)
};

// Seconds spent per stage, summed over images (decode runs on worker threads, overlapped with the
// network).
struct InferenceTimes {
  double decode = 0, preprocess = 0, network = 0, scoring = 0, masks = 0, results = 0, overlays = 0;
  double wall = 0;
  std::size_t images = 0;
  std::size_t detections = 0;
};

struct InferenceOutput {
  std::vector<CocoDetection> detections;  // image order, then score order
  InferenceTimes times;
};

Result<InferenceOutput> runInference(const ZsiModel& model, const std::vector<InferenceImage>& images,
                                     const InferenceRequest& request, const Progress& progress = {});

// "decode 12.1 ms/img, network 340.2 ms/img, ..., 2.9 img/s" for the end-of-run summary.
std::string formatInferenceTimes(const InferenceTimes& times);

}  // namespace zsi
