#include "ui/ActionTable.h"

#include <QSettings>

namespace zsi::ui {

const std::vector<ActionSpec>& actionSpecs() {
  static const std::vector<ActionSpec> specs = {
      {"file.openImage", "Open &Image\u2026", QKeySequence(Qt::CTRL | Qt::Key_I),
       "Open a single image file"},
      {"file.quit", "&Quit", QKeySequence::Quit, "Quit ZSI Studio"},
      {"view.zoomIn", "Zoom &In", QKeySequence::ZoomIn, "Zoom in"},
      {"view.zoomOut", "Zoom &Out", QKeySequence::ZoomOut, "Zoom out"},
      {"view.fit", "&Fit to Window", QKeySequence(Qt::Key_F), "Fit the image to the window"},
      {"view.actualSize", "&Actual Size (1:1)", QKeySequence(Qt::Key_1), "Show the image at 100 %"},
      {"help.about", "&About ZSI Studio", QKeySequence(), "Version and build information"},
  };
  return specs;
}

ActionTable::ActionTable(QObject* parent) : QObject(parent) {
  QSettings settings;
  for (const auto& spec : actionSpecs()) {
    auto* a = new QAction(tr(spec.text), this);
    a->setObjectName(QString::fromLatin1(spec.id));
    a->setToolTip(tr(spec.tip));
    a->setStatusTip(tr(spec.tip));
    QString key = QStringLiteral("shortcuts/") + QLatin1String(spec.id);
    QKeySequence seq = settings.contains(key)
                           ? QKeySequence(settings.value(key).toString(), QKeySequence::PortableText)
                           : spec.shortcut;
    a->setShortcut(seq);
    actions_.insert(QString::fromLatin1(spec.id), a);
  }
}

QAction* ActionTable::get(const char* id) const {
  return actions_.value(QString::fromLatin1(id), nullptr);
}

QList<QAction*> ActionTable::all() const {
  QList<QAction*> out;
  for (const auto& spec : actionSpecs()) out.append(get(spec.id));
  return out;
}

QKeySequence ActionTable::defaultShortcut(const QString& id) {
  for (const auto& spec : actionSpecs()) {
    if (id == QLatin1String(spec.id)) return spec.shortcut;
  }
  return {};
}

void ActionTable::setShortcut(const QString& id, const QKeySequence& seq) {
  QAction* a = actions_.value(id, nullptr);
  if (!a) return;
  QSettings settings;
  QString key = QStringLiteral("shortcuts/") + id;
  if (seq.isEmpty() || seq == defaultShortcut(id)) {
    settings.remove(key);
    a->setShortcut(defaultShortcut(id));
  } else {
    settings.setValue(key, seq.toString(QKeySequence::PortableText));
    a->setShortcut(seq);
  }
}

}  // namespace zsi::ui
