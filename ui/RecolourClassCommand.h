#pragma once
// Giving a class another display colour.

#include <QUndoCommand>

#include "core/wordvec/ClassColour.h"

namespace zsi::ui {

class ProjectDocument;

class RecolourClassCommand : public QUndoCommand {
 public:
  RecolourClassCommand(ProjectDocument* doc, std::size_t index, ClassColour colour);
  void redo() override;
  void undo() override;

 private:
  ProjectDocument* doc_;
  std::size_t index_;
  ClassColour before_, after_;
};

}  // namespace zsi::ui
