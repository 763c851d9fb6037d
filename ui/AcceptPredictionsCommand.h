#pragma once
// Accepting predictions: each becomes an annotation of the working dataset (its mask, box and
// class, relabel included) and is marked accepted. Undo removes the annotations again.

#include <vector>

#include "ui/InstanceEditCommand.h"
#include "ui/Prediction.h"
#include "ui/UserAnnotation.h"

namespace zsi::ui {

class AcceptPredictionsCommand : public InstanceEditCommand {
 public:
  // Predictions already accepted are left out; check count() before pushing.
  AcceptPredictionsCommand(ProjectDocument* doc, std::size_t imageIndex,
                           const std::vector<std::size_t>& predictionIndices);
  std::size_t count() const { return items_.size(); }

 private:
  struct Item {
    std::size_t prediction;
    ReviewState before;
    UserAnnotation annotation;
  };
  void apply(bool forward) override;

  std::vector<Item> items_;
};

// The annotation a prediction becomes (mask as full-image RLE, COCO box and area).
UserAnnotation annotationFromPrediction(const ImagePredictions& p, std::size_t i,
                                        std::size_t imageIndex);

}  // namespace zsi::ui
