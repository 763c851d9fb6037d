#pragma once
// Crash recovery. While the studio runs, the project is copied after every change (debounced)
// to <app data>/recovery/<session>.zsiproj, and the session holds <session>.lock. A clean exit
// removes both. At the next start, a recovery copy whose lock nobody holds (its process died:
// QLockFile notices a dead owner) belongs to a crashed session and is offered back.

#include <QLockFile>
#include <QString>
#include <QStringList>
#include <memory>

namespace zsi::ui {

class RecoveryStore {
 public:
  // `dir` empty: <AppDataLocation>/recovery.
  explicit RecoveryStore(const QString& dir = QString());
  ~RecoveryStore();  // releases the lock but keeps the copy: only discard() forgets it

  // Starts this session (takes its lock); called before the first write.
  bool begin();
  const QString& path() const { return path_; }  // this session's recovery copy
  const QString& directory() const { return dir_; }
  // Forgets this session's copy: after a save or a clean exit.
  void discard();

  // Recovery copies of sessions that are not running, newest first.
  QStringList orphaned() const;
  // Removes an orphaned copy (after it was recovered or the user declined).
  static void remove(const QString& copyPath);

 private:
  QString dir_;
  QString path_;
  std::unique_ptr<QLockFile> lock_;
};

}  // namespace zsi::ui
