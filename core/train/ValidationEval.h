#pragma once
// The evaluation after each epoch (and `zsi infer`'s own check in tests): the model's detections on
// a validation set, scored with the ZSI protocol of core/eval (IoU 0.4/0.5/0.6, recall@100, the
// seen/unseen split of the class set, and the GZSD/GZSI harmonic means in the generalised modes).
// Plain C++.

#include <nlohmann/json.hpp>

#include <string>

#include "core/coco/CocoDataset.h"
#include "core/engine/ZsiModel.h"
#include "core/util/Progress.h"
#include "core/util/Result.h"
#include "core/wordvec/ClassSet.h"

namespace zsi {

struct ValidationSettings {
  std::string mode = "auto";  // auto: gzsi (gzsd without a mask head); zsd, zsi: unseen classes only
  int maxImages = 0;          // 0 = all images of the set
  double scoreThr = -1;       // < 0: the model's test.score_thr
  int workers = 2;
};

struct ValidationResult {
  nlohmann::ordered_json json;  // the "eval" record of metrics.jsonl (docs/TRAINING.md)
  std::string summary;          // one line for logs
};

Result<ValidationResult> evaluateOnValidation(const ZsiModel& model, const CocoDataset& groundTruth,
                                              const std::string& groundTruthPath, const std::string& imageRoot,
                                              const ClassSet& classes, const ValidationSettings& settings,
                                              const Progress& progress = {});

}  // namespace zsi
