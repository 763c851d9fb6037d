#include "ui/DatasetLoader.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>

#include "core/coco/CocoReader.h"
#include "ui/Background.h"
#include "ui/ImageFolderScanner.h"
#include "ui/TaskProgress.h"

namespace zsi::ui {

DatasetLoader::DatasetLoader(QObject* parent) : QObject(parent), progress_(new TaskProgress(this)) {}

QString DatasetLoader::guessImageRoot(const QString& jsonPath) {
  QFileInfo fi(jsonPath);
  QDir dir = fi.absoluteDir();
  QStringList names{QStringLiteral("images")};
  QString stem = fi.completeBaseName();
  if (stem.startsWith(QStringLiteral("instances_"))) names << stem.mid(10);
  names << stem;
  for (const QDir& base : {dir, QDir(dir.absoluteFilePath(QStringLiteral("..")))}) {
    for (const QString& n : names) {
      if (QFileInfo(base.filePath(n)).isDir()) return QDir::cleanPath(base.absoluteFilePath(n));
    }
  }
  return dir.absolutePath();
}

void DatasetLoader::openCoco(const QString& jsonPath, const QString& imageRoot) {
  progress_->reset();
  const int request = ++request_;
  busy_ = true;
  const QString root = imageRoot.isEmpty() ? guessImageRoot(jsonPath) : imageRoot;
  emit started(tr("Loading %1").arg(QFileInfo(jsonPath).fileName()));
  Progress p = progress_->progress();
  const std::string path = QFileInfo(jsonPath).absoluteFilePath().toStdString();
  runInBackground(
      this, nullptr,
      [path, p] {
        QElapsedTimer t;
        t.start();
        auto r = loadCocoDataset(path, p);
        return std::make_pair(std::move(r), t.nsecsElapsed() / 1e9);
      },
      [this, request, jsonPath, root](std::pair<Result<CocoDataset>, double> r) {
        if (request != request_) return;  // a newer load replaced this one
        busy_ = false;
        if (!r.first.ok()) {
          if (r.first.error().message == kCancelledMessage) emit cancelled();
          else emit failed(QString::fromStdString(r.first.error().toString()));
          return;
        }
        auto ds = std::make_shared<const CocoDataset>(std::move(r.first.value()));
        emit loaded(ds, QFileInfo(jsonPath).absoluteFilePath(), root, false, r.second);
      });
}

void DatasetLoader::openFolder(const QString& folder) {
  progress_->reset();
  const int request = ++request_;
  busy_ = true;
  emit started(tr("Scanning %1").arg(QDir(folder).dirName()));
  Progress p = progress_->progress();
  const QString abs = QDir(folder).absolutePath();
  runInBackground(
      this, nullptr,
      [abs, p] {
        QElapsedTimer t;
        t.start();
        auto r = ImageFolderScanner::scan(abs, p);
        return std::make_pair(std::move(r), t.nsecsElapsed() / 1e9);
      },
      [this, request, abs](std::pair<Result<CocoDataset>, double> r) {
        if (request != request_) return;
        busy_ = false;
        if (!r.first.ok()) {
          if (r.first.error().message == kCancelledMessage) emit cancelled();
          else emit failed(QString::fromStdString(r.first.error().toString()));
          return;
        }
        auto ds = std::make_shared<const CocoDataset>(std::move(r.first.value()));
        emit loaded(ds, QString(), abs, true, r.second);
      });
}

void DatasetLoader::cancel() {
  if (!busy_) return;
  progress_->cancel();
}

}  // namespace zsi::ui
