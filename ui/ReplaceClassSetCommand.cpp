#include "ui/ReplaceClassSetCommand.h"

#include <QCoreApplication>

#include "ui/ProjectDocument.h"

namespace zsi::ui {

ReplaceClassSetCommand::ReplaceClassSetCommand(ProjectDocument* doc, ClassSet set)
    : doc_(doc), before_(doc->classSet()), after_(std::move(set)) {
  setText(QCoreApplication::translate("Commands", "Use class set %1").arg(QString::fromStdString(after_.name)));
}

void ReplaceClassSetCommand::redo() { doc_->setClassSet(after_); }
void ReplaceClassSetCommand::undo() { doc_->setClassSet(before_); }

}  // namespace zsi::ui
