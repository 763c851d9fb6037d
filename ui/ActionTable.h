#pragma once
// Every user action is declared once here (id, menu text, default shortcut, tip). Menus, the
// toolbar and the shortcut settings all read this table, so a shortcut shown in a menu is always
// the one that works, and remapping it changes it everywhere.

#include <QAction>
#include <QHash>
#include <QKeySequence>
#include <QObject>
#include <QString>
#include <vector>

namespace zsi::ui {

struct ActionSpec {
  const char* id;          // stable key, also the QSettings key for a remapped shortcut
  const char* text;        // menu text with & mnemonic
  QKeySequence shortcut;   // default
  const char* tip;
  QKeySequence alternate = QKeySequence();  // a second default (Ctrl+Y for redo); not remapped
  bool checkable = false;                   // a view toggle
};

const std::vector<ActionSpec>& actionSpecs();

// Owns the QActions made from the table; shortcuts come from QSettings when remapped.
class ActionTable : public QObject {
  Q_OBJECT
 public:
  explicit ActionTable(QObject* parent = nullptr);
  QAction* get(const char* id) const;
  QList<QAction*> all() const;
  // Writes a remapped shortcut to the settings and applies it now; empty = default.
  void setShortcut(const QString& id, const QKeySequence& seq);
  static QKeySequence defaultShortcut(const QString& id);
  // The action already using `seq` (other than `exceptId`), or null.
  QAction* conflictFor(const QKeySequence& seq, const QString& exceptId) const;

 private:
  void applyShortcut(QAction* action, const ActionSpec& spec, const QKeySequence& primary);
  QHash<QString, QAction*> actions_;
};

}  // namespace zsi::ui
