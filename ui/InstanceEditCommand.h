#pragma once
// The common part of the review commands (accept, relabel, delete/reject) on the instances of
// one image. A command remembers the generation of the image's predictions it was made on: when
// the image has been inferred again since, its prediction indices name other detections, so the
// command leaves the predictions alone and only replays its annotation edits.

#include <QUndoCommand>
#include <cstdint>

#include "ui/Prediction.h"

namespace zsi::ui {

class AnnotationEdits;
class ProjectDocument;

class InstanceEditCommand : public QUndoCommand {
 public:
  void redo() final { apply(true); }
  void undo() final { apply(false); }

 protected:
  InstanceEditCommand(ProjectDocument* doc, std::size_t imageIndex);

  // The image's predictions as they were when the command was made (null when there were none).
  const ImagePredictions* initialPredictions() const;
  // The same predictions, writable, or null when they have been replaced since.
  ImagePredictions* livePredictions() const;
  // Tells the views what changed.
  void notify(bool predictionsTouched) const;
  // Index in AnnotationEdits::added of the annotation with this id (the latest), or -1.
  static long long addedIndexOfId(const AnnotationEdits& edits, std::int64_t id);

  virtual void apply(bool forward) = 0;

  ProjectDocument* doc_;
  std::size_t image_;

 private:
  std::uint64_t generation_ = 0;
};

}  // namespace zsi::ui
