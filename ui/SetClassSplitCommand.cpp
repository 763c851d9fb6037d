#include "ui/SetClassSplitCommand.h"

#include <QCoreApplication>

#include "ui/ProjectDocument.h"

namespace zsi::ui {

SetClassSplitCommand::SetClassSplitCommand(ProjectDocument* doc, std::size_t index, bool unseen)
    : doc_(doc), index_(index), unseen_(unseen) {
  const QString name = QString::fromStdString(doc->classSet().classes.at(index).name);
  setText(unseen ? QCoreApplication::translate("Commands", "Make %1 unseen").arg(name)
                 : QCoreApplication::translate("Commands", "Make %1 seen").arg(name));
}

void SetClassSplitCommand::redo() { doc_->setClassUnseen(index_, unseen_); }
void SetClassSplitCommand::undo() { doc_->setClassUnseen(index_, !unseen_); }

}  // namespace zsi::ui
