#include "ui/SettingsDialog.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHeaderView>
#include <QKeySequenceEdit>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>

#include "ui/ActionTable.h"
#include "ui/Settings.h"

namespace zsi::ui {

SettingsDialog::SettingsDialog(ActionTable* actions, QWidget* parent, bool shortcutsFirst)
    : QDialog(parent), actions_(actions) {
  setWindowTitle(tr("Preferences"));
  resize(640, 560);
  auto* tabs = new QTabWidget(this);

  auto* general = new QWidget(tabs);
  autosave_ = new QSpinBox(general);
  autosave_->setRange(1, 600);
  autosave_->setSuffix(tr(" s"));
  autosave_->setValue(Settings::get(Settings::AutosaveSeconds));
  thumbnails_ = new QSpinBox(general);
  thumbnails_->setRange(48, 256);
  thumbnails_->setSuffix(tr(" px"));
  thumbnails_->setValue(Settings::get(Settings::ThumbnailSize));
  cache_ = new QSpinBox(general);
  cache_->setRange(64, 16384);
  cache_->setSuffix(tr(" MB"));
  cache_->setValue(Settings::get(Settings::ImageCacheMegabytes));
  auto* form = new QFormLayout(general);
  form->addRow(tr("Recovery copy after an edit"), autosave_);
  form->addRow(tr("Thumbnail size (next start)"), thumbnails_);
  form->addRow(tr("Decoded image cache"), cache_);

  auto* keys = new QWidget(tabs);
  shortcuts_ = new QTableWidget(keys);
  shortcuts_->setColumnCount(3);
  shortcuts_->setHorizontalHeaderLabels({tr("Action"), tr("Shortcut"), tr("Default")});
  shortcuts_->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
  shortcuts_->verticalHeader()->setVisible(false);
  auto* reset = new QPushButton(tr("Reset all to defaults"), keys);
  auto* kl = new QVBoxLayout(keys);
  kl->addWidget(new QLabel(tr("Click a shortcut and press the new keys; clear it to use the default."), keys));
  kl->addWidget(shortcuts_, 1);
  kl->addWidget(reset, 0, Qt::AlignLeft);
  fillShortcuts();

  tabs->addTab(general, tr("General"));
  tabs->addTab(keys, tr("Keyboard"));
  if (shortcutsFirst) tabs->setCurrentIndex(1);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
  auto* lay = new QVBoxLayout(this);
  lay->addWidget(tabs);
  lay->addWidget(buttons);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::accept);
  connect(this, &QDialog::finished, this, [this] {
    Settings::set(Settings::AutosaveSeconds, autosave_->value());
    Settings::set(Settings::ThumbnailSize, thumbnails_->value());
    Settings::set(Settings::ImageCacheMegabytes, cache_->value());
  });
  connect(reset, &QPushButton::clicked, this, [this] {
    for (QAction* a : actions_->all()) actions_->setShortcut(a->objectName(), QKeySequence());
    fillShortcuts();
  });
}

void SettingsDialog::fillShortcuts() {
  const auto all = actions_->all();
  shortcuts_->setRowCount(static_cast<int>(all.size()));
  int row = 0;
  for (QAction* a : all) {
    const QString id = a->objectName();
    auto* name = new QTableWidgetItem(QString(a->text()).remove(QLatin1Char('&')));
    name->setToolTip(id);
    name->setFlags(Qt::ItemIsEnabled);
    shortcuts_->setItem(row, 0, name);
    auto* edit = new QKeySequenceEdit(a->shortcut(), shortcuts_);
    shortcuts_->setCellWidget(row, 1, edit);
    auto* def = new QTableWidgetItem(ActionTable::defaultShortcut(id).toString(QKeySequence::NativeText));
    def->setFlags(Qt::ItemIsEnabled);
    shortcuts_->setItem(row, 2, def);
    connect(edit, &QKeySequenceEdit::editingFinished, this, [this, edit, id] {
      const QKeySequence seq = edit->keySequence();
      if (QAction* other = actions_->conflictFor(seq, id)) {
        QMessageBox::warning(this, tr("Shortcut in use"),
                             tr("%1 is already the shortcut of \u201c%2\u201d.")
                                 .arg(seq.toString(QKeySequence::NativeText), QString(other->text()).remove(QLatin1Char('&'))));
        edit->setKeySequence(actions_->get(id.toLatin1().constData())->shortcut());
        return;
      }
      actions_->setShortcut(id, seq);
      if (seq.isEmpty()) edit->setKeySequence(ActionTable::defaultShortcut(id));
    });
    ++row;
  }
  shortcuts_->resizeColumnToContents(2);
}

}  // namespace zsi::ui
