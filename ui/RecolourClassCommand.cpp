#include "ui/RecolourClassCommand.h"

#include <QCoreApplication>

#include "ui/ProjectDocument.h"

namespace zsi::ui {

RecolourClassCommand::RecolourClassCommand(ProjectDocument* doc, std::size_t index, ClassColour colour)
    : doc_(doc), index_(index), before_(doc->classSet().classes.at(index).colour), after_(colour) {
  setText(QCoreApplication::translate("Commands", "Recolour %1")
              .arg(QString::fromStdString(doc->classSet().classes.at(index).name)));
}

void RecolourClassCommand::redo() { doc_->setClassColour(index_, after_); }
void RecolourClassCommand::undo() { doc_->setClassColour(index_, before_); }

}  // namespace zsi::ui
