#pragma once
// Adding a class to the class set (typed name -> vector). The first class of an empty set also
// fixes the set's norm and background, which undo restores.

#include <QUndoCommand>

#include "core/wordvec/ClassSet.h"

namespace zsi::ui {

class ProjectDocument;

class AddClassCommand : public QUndoCommand {
 public:
  // `norm`: the length the vector was scaled to (a set without classes takes it).
  AddClassCommand(ProjectDocument* doc, ClassSetEntry entry, double norm);
  void redo() override;
  void undo() override;

 private:
  ProjectDocument* doc_;
  ClassSetEntry entry_;
  double norm_;
  ClassSet before_;  // only the fields a first class changes are restored from it
  std::size_t at_ = 0;
  bool replacedSet_ = false;
};

}  // namespace zsi::ui
