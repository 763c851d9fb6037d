#include "ui/AddClassCommand.h"

#include <QCoreApplication>

#include "ui/ProjectDocument.h"

namespace zsi::ui {

AddClassCommand::AddClassCommand(ProjectDocument* doc, ClassSetEntry entry, double norm)
    : doc_(doc), entry_(std::move(entry)), norm_(norm) {
  setText(QCoreApplication::translate("Commands", "Add class %1").arg(QString::fromStdString(entry_.name)));
}

void AddClassCommand::redo() {
  const ClassSet& set = doc_->classSet();
  at_ = set.size();
  if (set.classes.empty() || set.dim() != entry_.vector.size()) {
    // A new set: take the vector's space. The background starts as the class mean, as the
    // official files were built, and follows the classes until a model fixes it.
    before_ = set;
    ClassSet next = set;
    next.classes.clear();
    next.classes.push_back(entry_);
    next.norm = norm_;
    if (next.name.empty()) next.name = "Custom";
    next.setBackgroundToClassMean();
    at_ = 0;
    replacedSet_ = true;
    doc_->setClassSet(std::move(next));
    return;
  }
  replacedSet_ = false;
  before_ = ClassSet();
  doc_->insertClass(at_, entry_);
}

void AddClassCommand::undo() {
  if (replacedSet_) {
    doc_->setClassSet(before_);
    return;
  }
  doc_->removeClass(at_);
}

}  // namespace zsi::ui
