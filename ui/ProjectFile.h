#pragma once
// The project file (".zsiproj", JSON, versioned): where the dataset and images are, the class
// set, the model and its settings, the review (deleted and relabelled annotations, annotations
// made here) and the predictions with their review state. The same text is the crash-recovery
// copy. Writing goes through a snapshot taken on the GUI thread (cheap: the heavy parts are
// shared, immutable) and serialised on a worker; saves are atomic.
//
//   { "format": "zsi-studio-project", "version": 1,
//     "dataset": {"annotations": "instances.json", "images": "images", "image_folder": false},
//     "classes": {class set, see core/wordvec/ClassSet.h} | null,
//     "model": {"checkpoint": "model.safetensors", "device": "cpu"},
//     "inference": {"mode": "gzsi", "score_threshold": 0.05, "nms_iou": 0.5, "seen_bias": 0},
//     "view": {"image_id": 139}, "origin": "/abs/project.zsiproj" (recovery copies only),
//     "edits": {"deleted": [ids], "relabelled": [{"id": 7, "class": "dog"}],
//               "added": [{"id", "image_id", "class", "bbox", "area", "score",
//                          "segmentation": {"size": [h, w], "counts": "..."}}]},
//     "predictions": [{"image_id", "key", "settings", "ms", "width", "height", "classes": [names],
//                      "instances": [{"label", "score", "top_seen", "top_unseen", "unseen",
//                                     "box": [x1, y1, x2, y2],
//                                     "mask": {"x", "y", "w", "h", "counts"} | null,
//                                     "state": "pending", "relabel": "", "annotation_id": 0}]}] }
//
// Paths are written relative to the project file's folder (absolute for recovery copies).

#include <QString>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/coco/CocoDataset.h"
#include "core/util/Result.h"
#include "ui/InferenceSettings.h"
#include "ui/Prediction.h"
#include "ui/UserAnnotation.h"

namespace zsi::ui {

class ProjectDocument;

struct ProjectSnapshot {
  static constexpr int kFormatVersion = 1;

  std::string datasetPath, imageRoot;  // absolute
  bool imageFolder = false;
  std::string classSetJson;  // empty: no class set
  std::string modelPath, device;
  InferenceSettings inference;
  std::int64_t currentImageId = -1;
  std::string originPath;  // the project file a recovery copy belongs to (empty: none)
  std::vector<std::int64_t> deletedIds;
  std::vector<std::pair<std::int64_t, std::string>> relabels;  // annotation id, class
  std::vector<std::pair<std::int64_t, UserAnnotation>> added;  // image id, annotation
  std::vector<std::pair<std::int64_t, ImagePredictions>> predictions;  // image id
};

class ProjectFile {
 public:
  // What to save, from the document (GUI thread).
  static ProjectSnapshot capture(const ProjectDocument& doc);
  // The JSON text; `baseDir` empty: absolute paths.
  static std::string toJson(const ProjectSnapshot& snapshot, const std::string& baseDir);
  // Atomic write of toJson (worker thread).
  static Status write(const ProjectSnapshot& snapshot, const std::string& path, bool relativePaths);

  // Reads a project file; relative paths are resolved against its folder.
  static Result<ProjectSnapshot> read(const std::string& path);
  static Result<ProjectSnapshot> parse(const std::string& text, const std::string& path);
  // After the dataset of `snapshot` is loaded into `doc`: restores classes, model settings,
  // edits and predictions (by ids). Ids the dataset does not have are reported in `warnings`.
  static void apply(ProjectDocument& doc, const ProjectSnapshot& snapshot,
                    std::vector<std::string>* warnings);
};

}  // namespace zsi::ui
