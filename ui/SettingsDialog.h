#pragma once
// Preferences: the keyboard shortcuts of every action (remappable, conflicts refused, reset to
// the defaults) and the general settings (autosave delay, thumbnail size, image cache).

#include <QDialog>

class QSpinBox;
class QTableWidget;

namespace zsi::ui {

class ActionTable;

class SettingsDialog : public QDialog {
  Q_OBJECT
 public:
  SettingsDialog(ActionTable* actions, QWidget* parent = nullptr, bool shortcutsFirst = false);

 private:
  void fillShortcuts();
  ActionTable* actions_;
  QTableWidget* shortcuts_;
  QSpinBox* autosave_;
  QSpinBox* thumbnails_;
  QSpinBox* cache_;
};

}  // namespace zsi::ui
