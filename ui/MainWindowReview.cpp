// MainWindow: showing the current image and its overlay, selection, review edits and the
// triggers of inference; the wiring of the background services.

#include <QDockWidget>
#include <QFileInfo>
#include <QInputDialog>
#include <QMessageBox>
#include <QStatusBar>
#include <algorithm>

#include "ui/AcceptPredictionsCommand.h"
#include "ui/ActionTable.h"
#include "ui/Background.h"
#include "ui/ClassesPanel.h"
#include "ui/DatasetBrowser.h"
#include "ui/DatasetLoader.h"
#include "ui/DeleteInstancesCommand.h"
#include "ui/DetectionsPanel.h"
#include "ui/EvaluationPanel.h"
#include "ui/ImageCanvas.h"
#include "ui/ImageListModel.h"
#include "ui/ImageLoader.h"
#include "ui/InferenceController.h"
#include "ui/MainWindow.h"
#include "ui/ModelPanel.h"
#include "ui/OverlayBuilder.h"
#include "ui/ProjectDocument.h"
#include "ui/ProjectSaver.h"
#include "ui/RelabelInstancesCommand.h"
#include "ui/Settings.h"
#include "ui/TaskProgress.h"
#include "ui/ThumbnailCache.h"
#include "ui/VectorService.h"

namespace zsi::ui {
namespace {
constexpr std::size_t kCachedOverlays = 16;
}

void MainWindow::connectServices() {
  connect(loader_, &DatasetLoader::started, this, [this](const QString& what) { showTask(what, 0, true); emit settledChanged(); });
  connect(loader_->progress(), &TaskProgress::changed, this, [this](double f, const QString& stage) {
    if (loader_->busy()) showTask(stage, qRound(f * 100), true);
  });
  connect(loader_, &DatasetLoader::loaded, this, &MainWindow::onDatasetLoaded);
  connect(loader_, &DatasetLoader::failed, this, [this](const QString& m) {
    hideTask();
    pendingProject_.reset();
    reportError(tr("Open Dataset"), m);
    emit settledChanged();
  });
  connect(loader_, &DatasetLoader::cancelled, this, [this] {
    hideTask();
    pendingProject_.reset();
    statusBar()->showMessage(tr("Loading cancelled"));
    emit settledChanged();
  });
  connect(vectors_->progress(), &TaskProgress::changed, this, [this](double f, const QString& stage) {
    if (vectors_->opening()) showTask(tr("Word vectors: %1").arg(stage), qRound(f * 100), true);
  });
  connect(vectors_, &VectorService::opened, this, [this] { hideTask(); emit settledChanged(); });
  connect(vectors_, &VectorService::openFailed, this, [this](const QString& m) {
    hideTask();
    reportError(tr("Word Vectors"), m);
    emit settledChanged();
  });
  connect(classes_, &ClassesPanel::message, statusBar(), [this](const QString& m) { statusBar()->showMessage(m, 8000); });

  connect(browser_, &DatasetBrowser::currentImageChanged, this, &MainWindow::showImage);
  connect(browser_->thumbnails(), &ThumbnailCache::becameIdle, this, &MainWindow::settledChanged);
  // isSettled() waits for a deferred rebuild (after a class-set edit), which may end after the
  // overlay is shown: without this, a scripted run would wait for a signal that never comes.
  connect(browser_, &DatasetBrowser::catalogRebuilt, this, &MainWindow::settledChanged);
  connect(images_, &ImageLoader::ready, this, [this](qulonglong key, const QImage& image) {
    if (static_cast<long long>(key) != current_) return;
    canvas_->setImage(image, true);
    imageShown_ = true;
    emit settledChanged();
  });
  connect(images_, &ImageLoader::failed, this, [this](qulonglong key, const QString& m) {
    if (static_cast<long long>(key) != current_) return;
    canvas_->setImage(QImage());
    canvas_->setPlaceholderText(m);
    imageShown_ = true;
    statusBar()->showMessage(m);
    emit errorOccurred(m);
    emit settledChanged();
  });

  connect(canvas_, &ImageCanvas::instanceClicked, this, [this](const InstanceRef& ref, bool additive) {
    std::vector<InstanceRef> sel = additive ? selection_ : std::vector<InstanceRef>();
    auto it = std::find(sel.begin(), sel.end(), ref);
    if (it != sel.end()) sel.erase(it);
    else sel.push_back(ref);
    setSelection(sel);
  });
  connect(canvas_, &ImageCanvas::backgroundClicked, this, [this] { setSelection({}); });
  connect(canvas_, &ImageCanvas::instanceDoubleClicked, this, [this](const InstanceRef& ref) {
    setSelection({ref});
    if (ref.isPrediction()) acceptSelection();
  });
  connect(canvas_, &ImageCanvas::hoveredChanged, this, [this](int row) {
    const auto& o = canvas_->overlay();
    if (row < 0 || !o) return;
    const InstanceRow& r = o->rows[static_cast<std::size_t>(row)];
    statusBar()->showMessage(QStringLiteral("%1%2").arg(QString::fromStdString(r.className),
                                                        r.score >= 0 ? QStringLiteral("  %1").arg(r.score, 0, 'f', 3) : QString()),
                             3000);
  });
  connect(detections_, &DetectionsPanel::selectionChanged, this, [this](const std::vector<InstanceRef>& refs) {
    selection_ = refs;
    canvas_->setSelection(refs);
  });
  connect(detections_, &DetectionsPanel::acceptRequested, this, &MainWindow::acceptSelection);
  connect(detections_, &DetectionsPanel::rejectRequested, this, &MainWindow::rejectSelection);
  connect(detections_, &DetectionsPanel::deleteRequested, this, &MainWindow::deleteSelection);
  connect(detections_, &DetectionsPanel::acceptAllRequested, this, &MainWindow::acceptAllPending);
  connect(detections_, &DetectionsPanel::relabelRequested, this, [this] {
    const QString name = chooseClassName();
    if (!name.isEmpty()) relabelSelection(name);
  });

  connect(doc_, &ProjectDocument::annotationsChanged, this, &MainWindow::documentChanged);
  connect(doc_, &ProjectDocument::predictionsChanged, this, &MainWindow::documentChanged);
  connect(doc_, &ProjectDocument::classesChanged, this, [this] {
    documentChanged(-1);
    settingsChangedForCurrent();
  });
  connect(doc_, &ProjectDocument::inferenceSettingsChanged, this, [this] {
    documentChanged(-1);
    settingsChangedForCurrent();
  });
  connect(doc_, &ProjectDocument::modelChanged, this, [this] {
    documentChanged(-1);
    autoInferIfWanted();
  });
  connect(doc_, &ProjectDocument::modifiedChanged, this, &MainWindow::updateTitle);
  connect(doc_, &ProjectDocument::projectPathChanged, this, &MainWindow::updateTitle);
  connect(saver_, &ProjectSaver::saved, this, [this](const QString& path, bool ok, const QString& m) {
    hideTask();
    if (!ok) {
      reportError(tr("Save Project"), m);
      return;
    }
    Settings::addRecent(Settings::RecentProjects, path);
    statusBar()->showMessage(tr("Saved %1").arg(path), 5000);
    updateTitle();
  });

  connect(inference_, &InferenceController::modelLoadStarted, this, [this](const QString& p) {
    showTask(tr("Loading model %1").arg(QFileInfo(p).fileName()), -1, false);
    emit settledChanged();
  });
  connect(inference_, &InferenceController::modelLoaded, this, [this](const QString& s) {
    hideTask();
    statusBar()->showMessage(tr("Model ready: %1").arg(s), 8000);
    emit settledChanged();
  });
  connect(inference_, &InferenceController::modelFailed, this, [this](const QString& m) {
    hideTask();
    reportError(tr("Load Checkpoint"), m);
    emit settledChanged();
  });
  connect(inference_, &InferenceController::imageFailed, this, [this](qint64, const QString& m) {
    statusBar()->showMessage(m);
    emit errorOccurred(m);
    emit settledChanged();
  });
  connect(inference_, &InferenceController::batchProgress, this, [this](int done, int total, double) {
    showTask(tr("Inference %1/%2").arg(done).arg(total), total ? done * 100 / total : 0, true);
  });
  connect(inference_, &InferenceController::batchFinished, this, [this] { hideTask(); });
  connect(inference_, &InferenceController::idle, this, &MainWindow::settledChanged);
  connect(modelPanel_, &ModelPanel::runImageRequested, this, &MainWindow::runOnCurrentImage);
  connect(modelPanel_, &ModelPanel::runSelectionRequested, this, [this] { inference_->run(browser_->selectedImages(), true); });
  connect(modelPanel_, &ModelPanel::runAllRequested, this, [this] { inference_->run(browser_->visibleImages(), true); });
  connect(modelPanel_, &ModelPanel::autoInferChanged, this, [this](bool on) {
    if (on) autoInferIfWanted();
  });
  connect(evaluation_, &EvaluationPanel::finished, this, [this](bool, const QString& m) { statusBar()->showMessage(m, 8000); });
}

bool MainWindow::openImage(const QString& path, bool quiet) {
  QString error;
  QImage image = ImageLoader::decode(path, &error);
  if (image.isNull()) {
    statusBar()->showMessage(error);
    if (!quiet) QMessageBox::warning(this, tr("Open Image"), error);
    return false;
  }
  currentPath_ = path;
  canvas_->setOverlay(nullptr);
  canvas_->setImage(image);
  updateTitle();
  statusBar()->showMessage(tr("%1  %2\u00d7%3").arg(QFileInfo(path).fileName()).arg(image.width()).arg(image.height()));
  return true;
}

void MainWindow::loadModel(const QString& checkpoint) { inference_->loadModel(checkpoint, modelPanel_->device()); }

void MainWindow::useClassSet(const QString& idOrPath) {
  if (QFileInfo(idOrPath).isFile()) classes_->loadSetFile(idOrPath);
  else classes_->useBuiltin(idOrPath);
}

void MainWindow::showImage(long long imageIndex) {
  if (imageIndex < 0 || static_cast<std::size_t>(imageIndex) >= doc_->imageCount()) return;
  if (browser_->currentImage() != imageIndex || browser_->model()->rowOfImage(static_cast<std::size_t>(imageIndex)) < 0) {
    browser_->setCurrentImage(imageIndex);  // comes back here through currentImageChanged
    if (current_ == imageIndex) return;
  }
  current_ = imageIndex;
  imageShown_ = false;
  selection_.clear();
  canvas_->setSelection({});
  const std::size_t img = static_cast<std::size_t>(imageIndex);
  doc_->setCurrentImageId(doc_->dataset().images()[img].id);
  // A cached overlay of this image is still right when nothing changed since it was made.
  auto cached = overlayCache_.find(img);
  if (cached != overlayCache_.end() && cached->second->version == revision_) applyOverlay(cached->second);
  else canvas_->setOverlay(nullptr);
  images_->request(img, doc_->imagePath(img));
  // Prefetch the neighbours in list order: next and previous are one key away.
  const auto& rows = browser_->visibleImages();
  auto at = std::lower_bound(rows.begin(), rows.end(), img);
  if (at != rows.end() && *at == img) {
    if (at + 1 != rows.end()) images_->prefetch(*(at + 1), doc_->imagePath(*(at + 1)));
    if (at != rows.begin()) images_->prefetch(*(at - 1), doc_->imagePath(*(at - 1)));
  }
  if (cached == overlayCache_.end() || cached->second->version != revision_) requestOverlay();
  const auto& rec = doc_->dataset().images()[img];
  statusBar()->showMessage(tr("%1  (id %2, %3\u00d7%4)").arg(doc_->imageName(img)).arg(rec.id).arg(rec.width).arg(rec.height));
  autoInferIfWanted();
  emit settledChanged();
}

void MainWindow::requestOverlay() {
  if (current_ < 0 || !doc_->hasDataset()) return;
  const std::uint64_t version = revision_;
  overlayRequested_ = version;
  auto request = std::make_shared<OverlayRequest>(OverlayBuilder::request(*doc_, static_cast<std::size_t>(current_), version));
  runInBackground(this, nullptr, [request] { return std::make_shared<const ImageOverlay>(OverlayBuilder::build(*request)); },
                  [this](std::shared_ptr<const ImageOverlay> o) {
                    if (o->version != revision_) return;  // the document changed meanwhile: a newer one is coming
                    if (overlayCache_.size() >= kCachedOverlays) overlayCache_.clear();
                    overlayCache_[o->imageIndex] = o;
                    if (static_cast<long long>(o->imageIndex) == current_) applyOverlay(o);
                  });
}

void MainWindow::applyOverlay(std::shared_ptr<const ImageOverlay> o) {
  canvas_->setOverlay(o);
  overlayShown_ = o->version;
  overlayShownImage_ = static_cast<long long>(o->imageIndex);
  // Keep only the selected instances that still exist.
  std::vector<InstanceRef> keep;
  for (const InstanceRef& r : selection_)
    for (const InstanceRow& row : o->rows)
      if (row.ref == r) keep.push_back(r);
  selection_ = keep;
  canvas_->setSelection(selection_);
  std::size_t gt = 0, preds = 0, pending = 0;
  for (const InstanceRow& r : o->rows) {
    if (r.ref.isPrediction()) {
      ++preds;
      pending += r.state == ReviewState::Pending ? 1 : 0;
    } else {
      ++gt;
    }
  }
  QString caption = tr("%1 \u2014 %2 annotations, %3 predictions (%4 to review)")
                        .arg(doc_->imageName(o->imageIndex)).arg(gt).arg(preds).arg(pending);
  if (doc_->predictionsOutdated(o->imageIndex)) caption += tr(" \u2014 predictions made with other settings");
  detections_->setRows(o->rows, caption);
  detections_->setSelection(selection_);
  emit overlayShown(static_cast<long long>(o->imageIndex));
  emit settledChanged();
}

void MainWindow::documentChanged(qint64 imageIndex) {
  ++revision_;
  if (imageIndex < 0 || imageIndex == current_) requestOverlay();
  emit settledChanged();
}

void MainWindow::settingsChangedForCurrent() {
  // The class set or a detection setting changed: re-score the current image from its cached
  // network outputs (cheap) when it has predictions; other images become outdated.
  if (current_ < 0 || !inference_->hasModel()) return;
  if (doc_->predictions().get(static_cast<std::size_t>(current_)) || modelPanel_->autoInfer())
    inference_->refresh(static_cast<std::size_t>(current_));
}

void MainWindow::autoInferIfWanted() {
  if (current_ < 0 || !modelPanel_->autoInfer() || !inference_->hasModel()) return;
  const std::size_t img = static_cast<std::size_t>(current_);
  if (!doc_->predictions().get(img) || doc_->predictionsOutdated(img)) inference_->run({img}, false);
}

void MainWindow::runOnCurrentImage() {
  if (current_ < 0) {
    statusBar()->showMessage(tr("No image to run on"));
    return;
  }
  inference_->run({static_cast<std::size_t>(current_)}, false);
  emit settledChanged();
}

bool MainWindow::isSettled() const {
  if (loader_->busy() || readingProject_ || pendingProject_ || vectors_->opening() || inference_->loadingModel() || inference_->busy() ||
      exporting_ || classes_->embedding())
    return false;
  if (current_ >= 0 && (!imageShown_ || overlayShown_ != revision_ || overlayShownImage_ != current_)) return false;
  return !browser_->rebuildPending() && browser_->visibleThumbnailsReady();
}

void MainWindow::setSelection(const std::vector<InstanceRef>& refs) {
  selection_ = refs;
  canvas_->setSelection(refs);
  detections_->setSelection(refs);
}

std::vector<std::size_t> MainWindow::selectedPredictions() const {
  std::vector<std::size_t> out;
  for (const InstanceRef& r : selection_)
    if (r.isPrediction()) out.push_back(r.index);
  return out;
}

void MainWindow::acceptSelection() {
  if (current_ < 0) return;
  auto preds = selectedPredictions();
  if (preds.empty()) {
    statusBar()->showMessage(tr("Select predictions to accept (click them, or Shift+Y for all)"));
    return;
  }
  auto* cmd = new AcceptPredictionsCommand(doc_, static_cast<std::size_t>(current_), preds);
  if (cmd->count() == 0) {
    delete cmd;
    return;
  }
  doc_->undoStack()->push(cmd);
}

void MainWindow::acceptAllPending() {
  if (current_ < 0) return;
  const ImagePredictions* p = doc_->predictions().get(static_cast<std::size_t>(current_));
  if (!p) return;
  std::vector<std::size_t> pending;
  for (std::size_t i = 0; i < p->size(); ++i)
    if (p->state[i] == ReviewState::Pending) pending.push_back(i);
  if (pending.empty()) return;
  doc_->undoStack()->push(new AcceptPredictionsCommand(doc_, static_cast<std::size_t>(current_), pending));
}

void MainWindow::rejectSelection() {
  if (current_ < 0) return;
  std::vector<InstanceRef> refs;
  for (std::size_t i : selectedPredictions()) refs.push_back({InstanceRef::Source::Prediction, i});
  if (refs.empty()) return;
  auto* cmd = new DeleteInstancesCommand(doc_, static_cast<std::size_t>(current_), refs);
  if (cmd->count() == 0) {
    delete cmd;
    return;
  }
  doc_->undoStack()->push(cmd);
}

void MainWindow::rejectAllPending() {
  if (current_ < 0) return;
  const ImagePredictions* p = doc_->predictions().get(static_cast<std::size_t>(current_));
  if (!p) return;
  std::vector<InstanceRef> refs;
  for (std::size_t i = 0; i < p->size(); ++i)
    if (p->state[i] == ReviewState::Pending) refs.push_back({InstanceRef::Source::Prediction, i});
  if (refs.empty()) return;
  doc_->undoStack()->push(new DeleteInstancesCommand(doc_, static_cast<std::size_t>(current_), refs));
}

void MainWindow::deleteSelection() {
  if (current_ < 0 || selection_.empty()) return;
  auto* cmd = new DeleteInstancesCommand(doc_, static_cast<std::size_t>(current_), selection_);
  if (cmd->count() == 0) {
    delete cmd;
    return;
  }
  doc_->undoStack()->push(cmd);
  setSelection({});
}

void MainWindow::relabelSelection(const QString& className) {
  if (current_ < 0 || selection_.empty() || className.trimmed().isEmpty()) return;
  auto* cmd = new RelabelInstancesCommand(doc_, static_cast<std::size_t>(current_), selection_, className.trimmed().toStdString());
  if (cmd->count() == 0) {
    delete cmd;
    return;
  }
  doc_->undoStack()->push(cmd);
}

QString MainWindow::chooseClassName() {
  if (selection_.empty()) {
    statusBar()->showMessage(tr("Select instances to relabel"));
    return {};
  }
  QStringList names;
  for (const auto& c : doc_->classSet().classes) names << QString::fromStdString(c.name);
  if (doc_->hasDataset())
    for (const auto& c : doc_->dataset().categories())
      if (!names.contains(QString::fromStdString(c.name))) names << QString::fromStdString(c.name);
  bool ok = false;
  const QString name = QInputDialog::getItem(this, tr("Relabel"), tr("New class:"), names, 0, true, &ok);
  return ok ? name : QString();
}

}  // namespace zsi::ui
