// MainWindow: opening datasets, folders and projects; saving, exporting; crash recovery; closing.

#include <QCloseEvent>
#include <QDir>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>
#include <QLocale>
#include <QMimeData>
#include <QSettings>
#include <QStatusBar>

#include "core/wordvec/BuiltinClassSets.h"
#include "ui/Background.h"
#include "ui/ClassesPanel.h"
#include "ui/DatasetBrowser.h"
#include "ui/DatasetLoader.h"
#include "ui/ExportDialog.h"
#include "ui/ImageCanvas.h"
#include "ui/ImageFolderScanner.h"
#include "ui/ImageLoader.h"
#include "ui/InferenceController.h"
#include "ui/MainWindow.h"
#include "ui/ModelPanel.h"
#include "ui/ProjectDocument.h"
#include "ui/ProjectFile.h"
#include "ui/ProjectSaver.h"
#include "ui/RecoveryStore.h"
#include "ui/Settings.h"

namespace zsi::ui {

void MainWindow::chooseDataset() {
  if (!confirmDiscard()) return;
  const QString path = QFileDialog::getOpenFileName(this, tr("Open COCO Dataset"), Settings::get(Settings::LastDatasetDir),
                                                    tr("COCO instances (*.json);;All files (*)"));
  if (path.isEmpty()) return;
  Settings::set(Settings::LastDatasetDir, QFileInfo(path).absolutePath());
  QString root = DatasetLoader::guessImageRoot(path);
  if (QDir(root).entryList({QStringLiteral("*.jpg"), QStringLiteral("*.jpeg"), QStringLiteral("*.png")}, QDir::Files).isEmpty()) {
    const QString chosen = QFileDialog::getExistingDirectory(this, tr("Where are the images of %1?").arg(QFileInfo(path).fileName()), root);
    if (chosen.isEmpty()) return;
    root = chosen;
  }
  openDataset(path, root);
}

void MainWindow::chooseFolder() {
  if (!confirmDiscard()) return;
  const QString dir = QFileDialog::getExistingDirectory(this, tr("Open Image Folder"), Settings::get(Settings::LastDatasetDir));
  if (dir.isEmpty()) return;
  Settings::set(Settings::LastDatasetDir, dir);
  openFolder(dir);
}

void MainWindow::chooseProject() {
  if (!confirmDiscard()) return;
  const QString path = QFileDialog::getOpenFileName(this, tr("Open Project"), Settings::get(Settings::LastProjectDir),
                                                    tr("ZSI Studio projects (*.zsiproj);;All files (*)"));
  if (path.isEmpty()) return;
  openProject(path);
}

void MainWindow::openDataset(const QString& jsonPath, const QString& imageRoot) {
  pendingProject_.reset();
  loader_->openCoco(jsonPath, imageRoot);
  Settings::addRecent(Settings::RecentDatasets, QFileInfo(jsonPath).absoluteFilePath());
}

void MainWindow::openFolder(const QString& folder) {
  pendingProject_.reset();
  loader_->openFolder(folder);
  Settings::addRecent(Settings::RecentDatasets, QDir(folder).absolutePath());
}

void MainWindow::openProject(const QString& path) {
  showTask(tr("Reading %1").arg(QFileInfo(path).fileName()), -1, false);
  readingProject_ = true;
  const std::string p = path.toStdString();
  runInBackground(this, nullptr, [p] { return ProjectFile::read(p); },
                  [this, path](Result<ProjectSnapshot> r) {
                    readingProject_ = false;
                    hideTask();
                    if (!r.ok()) {
                      reportError(tr("Open Project"), QString::fromStdString(r.error().toString()));
                      return;
                    }
                    pendingProject_ = std::make_shared<ProjectSnapshot>(std::move(r.value()));
                    pendingProjectPath_ = QFileInfo(path).absoluteFilePath();
                    const ProjectSnapshot& s = *pendingProject_;
                    if (s.imageFolder) loader_->openFolder(QString::fromStdString(s.imageRoot));
                    else loader_->openCoco(QString::fromStdString(s.datasetPath), QString::fromStdString(s.imageRoot));
                  });
}

void MainWindow::recoverFrom(const QString& copyPath) {
  pendingRecoveryCopy_ = copyPath;
  openProject(copyPath);
}

void MainWindow::onDatasetLoaded(std::shared_ptr<const CocoDataset> dataset, const QString& path,
                                 const QString& imageRoot, bool folder, double seconds) {
  hideTask();
  current_ = -1;
  imageShown_ = false;
  ++revision_;
  overlayCache_.clear();
  selection_.clear();
  images_->reset();
  currentPath_.clear();
  if (!pendingProject_ && !folder && doc_->classSet().size() == 0) {
    // A COCO dataset starts with the standard zero-shot split, so seen/unseen mean something
    // from the first image on; any other set is one menu away.
    auto set = loadClassSet("48_17");
    if (set.ok()) {
      std::size_t known = 0;
      for (const auto& c : dataset->categories()) known += set->find(c.name) >= 0 ? 1 : 0;
      if (known * 2 >= set->size()) doc_->setClassSet(std::move(set.value()));
    }
  }
  doc_->setDataset(std::move(dataset), path, imageRoot, folder);
  doc_->setProjectPath(QString());
  std::vector<std::string> warnings;
  if (pendingProject_) {
    auto project = std::move(pendingProject_);
    ProjectFile::apply(*doc_, *project, &warnings);
    const bool recovered = !pendingRecoveryCopy_.isEmpty();
    if (recovered) {
      doc_->setProjectPath(QString::fromStdString(project->originPath));
      RecoveryStore::remove(pendingRecoveryCopy_);
      pendingRecoveryCopy_.clear();
      doc_->markDirty();  // recovered work is not saved anywhere yet
    } else {
      doc_->setProjectPath(pendingProjectPath_);
      doc_->markSaved();
      Settings::addRecent(Settings::RecentProjects, pendingProjectPath_);
      Settings::set(Settings::LastProjectDir, QFileInfo(pendingProjectPath_).absolutePath());
    }
    if (!project->modelPath.empty() && QFileInfo::exists(QString::fromStdString(project->modelPath)))
      inference_->loadModel(QString::fromStdString(project->modelPath), QString::fromStdString(project->device));
    else if (!project->modelPath.empty())
      warnings.push_back("the checkpoint " + project->modelPath + " is not there any more");
    emit projectOpened(doc_->projectPath());
  } else {
    doc_->markSaved();  // only a dataset: nothing to lose yet
  }
  for (const auto& w : warnings) statusBar()->showMessage(QString::fromStdString(w));
  statusBar()->showMessage(tr("%1: %n image(s) in %2 s", nullptr, static_cast<int>(doc_->imageCount()))
                               .arg(folder ? imageRoot : QFileInfo(path).fileName())
                               .arg(seconds, 0, 'f', 2));
  updateTitle();
  long long first = doc_->imageCount() > 0 ? 0 : -1;
  if (doc_->currentImageId() >= 0)
    if (auto i = doc_->dataset().imageIndex(doc_->currentImageId())) first = static_cast<long long>(*i);
  if (first >= 0) browser_->setCurrentImage(first);
  emit datasetOpened();
  emit settledChanged();
}

void MainWindow::saveOrSaveAs(bool forceAsk) {
  if (!doc_->hasDataset()) {
    statusBar()->showMessage(tr("Nothing to save: open a dataset first"));
    return;
  }
  QString path = doc_->projectPath();
  if (forceAsk || path.isEmpty()) {
    QString suggestion = Settings::get(Settings::LastProjectDir);
    if (suggestion.isEmpty()) suggestion = QFileInfo(doc_->datasetPath().isEmpty() ? doc_->imageRoot() : doc_->datasetPath()).absolutePath();
    path = QFileDialog::getSaveFileName(this, tr("Save Project"), suggestion, tr("ZSI Studio projects (*.zsiproj)"));
    if (path.isEmpty()) return;
    if (QFileInfo(path).suffix().isEmpty()) path += QStringLiteral(".zsiproj");
  }
  saveProject(path);
}

void MainWindow::saveProject(const QString& path) {
  showTask(tr("Saving"), -1, false);
  saver_->save(path);
}

void MainWindow::chooseExport(ExportRequest::Kind kind) {
  if (!doc_->hasDataset()) {
    statusBar()->showMessage(tr("Nothing to export: open a dataset first"));
    return;
  }
  auto snapshot = std::make_shared<ExportSnapshot>(ExportSnapshot::capture(*doc_));
  QString dir = Settings::get(Settings::LastExportDir);
  if (dir.isEmpty()) dir = QFileInfo(doc_->datasetPath().isEmpty() ? doc_->imageRoot() : doc_->datasetPath()).absolutePath();
  const QString stem = doc_->isImageFolder() ? QDir(doc_->imageRoot()).dirName() : QFileInfo(doc_->datasetPath()).completeBaseName();
  const QString name = kind == ExportRequest::Kind::Annotations ? stem + QStringLiteral("_reviewed.json")
                                                                : stem + QStringLiteral("_results.json");
  ExportDialog dialog(kind, *snapshot, QDir(dir).filePath(name), this);
  if (dialog.exec() != QDialog::Accepted) return;
  ExportRequest r = dialog.request();
  Settings::set(Settings::LastExportDir, QFileInfo(QString::fromStdString(r.path)).absolutePath());
  startExport(r);
}

void MainWindow::startExport(const ExportRequest& request) {
  if (exporting_ || !doc_->hasDataset()) return;
  exporting_ = true;
  showTask(tr("Exporting %1").arg(QFileInfo(QString::fromStdString(request.path)).fileName()), -1, false);
  auto snapshot = std::make_shared<ExportSnapshot>(ExportSnapshot::capture(*doc_));
  runInBackground(this, nullptr, [snapshot, request] { return ExportJob::run(*snapshot, request); },
                  [this, request](Result<ExportSummary> r) {
                    exporting_ = false;
                    hideTask();
                    const QString file = QString::fromStdString(request.path);
                    if (!r.ok()) {
                      reportError(tr("Export"), QString::fromStdString(r.error().toString()));
                      emit exportFinished(false, QString::fromStdString(r.error().toString()));
                      return;
                    }
                    const QString text = tr("Wrote %1 and read it back: %2").arg(file, QString::fromStdString(r->text()));
                    statusBar()->showMessage(text);
                    if (!scripted_) QMessageBox::information(this, tr("Export"), text);
                    emit exportFinished(true, text);
                    emit settledChanged();
                  });
}

void MainWindow::offerRecovery() {
  const QStringList copies = recovery_->orphaned();
  if (copies.isEmpty()) return;
  const QString newest = copies.front();
  QFileInfo fi(newest);
  const auto answer = QMessageBox::question(
      this, tr("Recover Unsaved Work"),
      tr("ZSI Studio did not close properly last time. Unsaved work from %1 can be recovered.\n\n"
         "Recover it now? (No discards it.)")
          .arg(QLocale().toString(fi.lastModified(), QLocale::ShortFormat)),
      QMessageBox::Yes | QMessageBox::No | QMessageBox::Cancel, QMessageBox::Yes);
  if (answer == QMessageBox::Yes) recoverFrom(newest);
  else if (answer == QMessageBox::No) RecoveryStore::remove(newest);
}

bool MainWindow::confirmDiscard() {
  if (scripted_ || !doc_->isModified() || !doc_->hasDataset()) return true;
  const auto answer = QMessageBox::warning(this, tr("Unsaved Changes"), tr("The project has unsaved changes. Save them?"),
                                           QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save);
  if (answer == QMessageBox::Cancel) return false;
  if (answer == QMessageBox::Save) {
    saveOrSaveAs(false);
    saver_->waitForIdle();
    QCoreApplication::sendPostedEvents(saver_);  // deliver the save result before deciding
    return !doc_->isModified();
  }
  return true;
}

void MainWindow::closeEvent(QCloseEvent* event) {
  if (!confirmDiscard()) {
    event->ignore();
    return;
  }
  inference_->cancel();
  loader_->cancel();
  saver_->waitForIdle();
  recovery_->discard();  // a clean exit: nothing to recover
  QSettings s;
  s.setValue(QStringLiteral("window/geometry"), saveGeometry());
  s.setValue(QStringLiteral("window/state"), saveState());
  event->accept();
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
  if (event->mimeData()->hasUrls()) event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
  const auto urls = event->mimeData()->urls();
  if (urls.isEmpty()) return;
  const QString path = urls.front().toLocalFile();
  const QFileInfo fi(path);
  if (fi.isDir()) {
    if (confirmDiscard()) openFolder(path);
  } else if (fi.suffix() == QLatin1String("zsiproj")) {
    if (confirmDiscard()) openProject(path);
  } else if (fi.suffix() == QLatin1String("safetensors")) {
    loadModel(path);
  } else if (fi.suffix() == QLatin1String("json")) {
    if (confirmDiscard()) openDataset(path);
  } else if (ImageFolderScanner::isImageFile(path)) {
    openImage(path);
  } else {
    statusBar()->showMessage(tr("Cannot open %1: drop a COCO .json, a folder, a project, a checkpoint or an image")
                                 .arg(fi.fileName()));
    return;
  }
  event->acceptProposedAction();
}

}  // namespace zsi::ui
