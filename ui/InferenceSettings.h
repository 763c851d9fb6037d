#pragma once
// The settings of a detection run that a user changes in the model panel, stored in the project.

#include <cstdint>
#include <string>

#include "core/engine/ZsiModel.h"

namespace zsi::ui {

struct InferenceSettings {
  InferenceMode mode = InferenceMode::Gzsi;
  double scoreThreshold = 0.05;
  double nmsIou = 0.5;
  double seenBias = 0.0;  // GZSI calibration: subtracted from seen-class scores

  bool operator==(const InferenceSettings& o) const {
    return mode == o.mode && scoreThreshold == o.scoreThreshold && nmsIou == o.nmsIou &&
           seenBias == o.seenBias;
  }
  bool operator!=(const InferenceSettings& o) const { return !(*this == o); }

  DetectOptions detectOptions() const;
  std::string describe() const;  // "gzsi, score >= 0.05, NMS 0.50, bias 0.00"
};

}  // namespace zsi::ui
