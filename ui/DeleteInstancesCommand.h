#pragma once
// Deleting instances of one image: loaded and accepted annotations are flagged deleted (kept for
// undo, left out of exports); predictions are rejected, and an accepted prediction's annotation
// goes with it. "Reject" is this command on predictions only.

#include <QUndoCommand>
#include <vector>

#include "ui/InstanceRef.h"
#include "ui/Prediction.h"

namespace zsi::ui {

class ProjectDocument;

class DeleteInstancesCommand : public QUndoCommand {
 public:
  DeleteInstancesCommand(ProjectDocument* doc, std::size_t imageIndex,
                         const std::vector<InstanceRef>& refs);
  std::size_t count() const { return items_.size(); }
  void redo() override;
  void undo() override;

 private:
  struct Item {
    InstanceRef ref;
    ReviewState before = ReviewState::Pending;
    long long linkedAnnotation = -1;  // index in AnnotationEdits::added of an accepted prediction
    bool linkedWasDeleted = false;
  };
  void apply(bool forward);

  ProjectDocument* doc_;
  std::size_t image_;
  std::uint64_t generation_ = 0;
  std::vector<Item> items_;
};

}  // namespace zsi::ui
