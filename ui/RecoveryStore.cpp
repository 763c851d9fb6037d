#include "ui/RecoveryStore.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>
#include <QUuid>
#include <algorithm>

namespace zsi::ui {

RecoveryStore::RecoveryStore(const QString& dir) : dir_(dir) {
  if (dir_.isEmpty())
    dir_ = QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).filePath(QStringLiteral("recovery"));
}

RecoveryStore::~RecoveryStore() = default;

bool RecoveryStore::begin() {
  if (lock_) return true;
  if (!QDir().mkpath(dir_)) return false;
  const QString id = QUuid::createUuid().toString(QUuid::WithoutBraces);
  path_ = QDir(dir_).filePath(id + QStringLiteral(".zsiproj"));
  lock_ = std::make_unique<QLockFile>(QDir(dir_).filePath(id + QStringLiteral(".lock")));
  lock_->setStaleLockTime(0);  // only a dead owner makes a lock stale, never its age
  if (!lock_->tryLock(0)) {
    lock_.reset();
    return false;
  }
  return true;
}

void RecoveryStore::discard() {
  if (!path_.isEmpty()) QFile::remove(path_);
}

QStringList RecoveryStore::orphaned() const {
  QDir d(dir_);
  QFileInfoList copies = d.entryInfoList({QStringLiteral("*.zsiproj")}, QDir::Files, QDir::Time);
  QStringList out;
  for (const QFileInfo& fi : copies) {
    if (fi.absoluteFilePath() == QFileInfo(path_).absoluteFilePath()) continue;
    QLockFile probe(d.filePath(fi.completeBaseName() + QStringLiteral(".lock")));
    probe.setStaleLockTime(0);
    if (!probe.tryLock(0)) continue;  // its session is alive
    probe.unlock();
    out << fi.absoluteFilePath();
  }
  return out;
}

void RecoveryStore::remove(const QString& copyPath) {
  QFileInfo fi(copyPath);
  QFile::remove(copyPath);
  QFile::remove(fi.absoluteDir().filePath(fi.completeBaseName() + QStringLiteral(".lock")));
}

}  // namespace zsi::ui
