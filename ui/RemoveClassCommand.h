#pragma once
// Removing a class from the class set; undo puts it back at its place.

#include <QUndoCommand>

#include "core/wordvec/ClassSet.h"

namespace zsi::ui {

class ProjectDocument;

class RemoveClassCommand : public QUndoCommand {
 public:
  RemoveClassCommand(ProjectDocument* doc, std::size_t index);
  void redo() override;
  void undo() override;

 private:
  ProjectDocument* doc_;
  std::size_t index_;
  ClassSetEntry entry_;
};

}  // namespace zsi::ui
