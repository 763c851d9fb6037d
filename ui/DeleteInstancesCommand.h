#pragma once
// Deleting instances of one image: loaded and accepted annotations are flagged deleted (kept for
// undo, left out of exports); predictions are rejected, and an accepted prediction's annotation
// goes with it. "Reject" is this command on predictions only.

#include <vector>

#include "ui/InstanceEditCommand.h"
#include "ui/InstanceRef.h"

namespace zsi::ui {

class DeleteInstancesCommand : public InstanceEditCommand {
 public:
  DeleteInstancesCommand(ProjectDocument* doc, std::size_t imageIndex,
                         const std::vector<InstanceRef>& refs);
  std::size_t count() const { return items_.size(); }

 private:
  struct Item {
    InstanceRef ref;
    ReviewState before = ReviewState::Pending;
    long long linkedAnnotation = -1;  // index in AnnotationEdits::added of an accepted prediction
    bool linkedWasDeleted = false;
  };
  void apply(bool forward) override;

  std::vector<Item> items_;
};

}  // namespace zsi::ui
