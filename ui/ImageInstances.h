#pragma once
// The instances of one image as the views show them: loaded annotations (not deleted),
// annotations made here, and predictions, each with its class, split, scores and review state.
// Built on the GUI thread from the document; cheap (no masks).

#include <array>
#include <string>
#include <vector>

#include "core/wordvec/ClassColour.h"
#include "ui/InstanceRef.h"
#include "ui/Prediction.h"

namespace zsi::ui {

class ProjectDocument;

struct InstanceRow {
  InstanceRef ref;
  std::string className;
  int split = -1;  // 1 unseen, 0 seen, -1 the class is not in the class set
  float score = -1, topSeen = -1, topUnseen = -1;  // -1: not a prediction
  double area = 0;
  std::array<double, 4> bbox{};  // x, y, w, h
  ReviewState state = ReviewState::Accepted;  // annotations count as accepted
  bool outdated = false;  // a prediction made with other settings
  bool crowd = false;
  ClassColour colour;
};

class ImageInstances {
 public:
  static std::vector<InstanceRow> list(const ProjectDocument& doc, std::size_t imageIndex);
};

}  // namespace zsi::ui
