#pragma once
// Making a class seen or unseen.

#include <QUndoCommand>

namespace zsi::ui {

class ProjectDocument;

class SetClassSplitCommand : public QUndoCommand {
 public:
  SetClassSplitCommand(ProjectDocument* doc, std::size_t index, bool unseen);
  void redo() override;
  void undo() override;

 private:
  ProjectDocument* doc_;
  std::size_t index_;
  bool unseen_;
};

}  // namespace zsi::ui
