#pragma once
// Writes the project: on request (Save) and, after every change, a recovery copy (debounced).
// The snapshot is taken on the GUI thread; the JSON is made and written on one worker thread,
// so writes never overlap and the GUI never waits for the disk.

#include <QObject>
#include <QString>
#include <QThreadPool>
#include <QTimer>

namespace zsi::ui {

class ProjectDocument;
class RecoveryStore;

class ProjectSaver : public QObject {
  Q_OBJECT
 public:
  ProjectSaver(ProjectDocument* doc, RecoveryStore* recovery, QObject* parent = nullptr);
  ~ProjectSaver() override;

  void setAutosaveDelay(int milliseconds);
  // Scripted runs write no recovery copies (they leave nothing to recover).
  void setRecoveryEnabled(bool on) { recoveryEnabled_ = on; }
  int autosaveDelay() const { return timer_.interval(); }
  // Writes the recovery copy now (asynchronously); emits autosaved when it is on disk.
  void autosaveNow();
  // Saves the project to `path` (asynchronously); emits saved. The document is marked saved when
  // nothing changed while writing.
  void save(const QString& path);
  // Blocks until queued writes are done (at shutdown).
  void waitForIdle();
  bool autosavePending() const { return timer_.isActive(); }

 signals:
  void autosaved(const QString& path);
  void saved(const QString& path, bool ok, const QString& message);

 private:
  ProjectDocument* doc_;
  RecoveryStore* recovery_;
  QTimer timer_;
  QThreadPool pool_;
  int saveSerial_ = 0;
  bool recoveryEnabled_ = true;
};

}  // namespace zsi::ui
