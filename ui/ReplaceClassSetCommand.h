#pragma once
// Replacing the whole class set (a built-in set, a loaded file).

#include <QUndoCommand>

#include "core/wordvec/ClassSet.h"

namespace zsi::ui {

class ProjectDocument;

class ReplaceClassSetCommand : public QUndoCommand {
 public:
  ReplaceClassSetCommand(ProjectDocument* doc, ClassSet set);
  void redo() override;
  void undo() override;

 private:
  ProjectDocument* doc_;
  ClassSet before_, after_;
};

}  // namespace zsi::ui
