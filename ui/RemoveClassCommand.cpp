#include "ui/RemoveClassCommand.h"

#include <QCoreApplication>

#include "ui/ProjectDocument.h"

namespace zsi::ui {

RemoveClassCommand::RemoveClassCommand(ProjectDocument* doc, std::size_t index)
    : doc_(doc), index_(index), entry_(doc->classSet().classes.at(index)) {
  setText(QCoreApplication::translate("Commands", "Remove class %1").arg(QString::fromStdString(entry_.name)));
}

void RemoveClassCommand::redo() { doc_->removeClass(index_); }
void RemoveClassCommand::undo() { doc_->insertClass(index_, entry_); }

}  // namespace zsi::ui
