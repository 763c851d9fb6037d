#include "ui/InferenceSettings.h"

#include <cstdio>

namespace zsi::ui {

DetectOptions InferenceSettings::detectOptions() const {
  DetectOptions o;
  o.mode = mode;
  o.scoreThreshold = scoreThreshold;
  o.nmsIou = nmsIou;
  o.seenBias = seenBias;
  return o;
}

std::string InferenceSettings::describe() const {
  char buf[160];
  std::snprintf(buf, sizeof buf, "%s, score \u2265 %.2f, NMS %.2f, bias %.2f", inferenceModeName(mode),
                scoreThreshold, nmsIou, seenBias);
  return buf;
}

}  // namespace zsi::ui
