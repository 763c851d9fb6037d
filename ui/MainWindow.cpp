#include "ui/MainWindow.h"

#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QScreen>
#include <QSettings>
#include <QStatusBar>
#include <QStyle>
#include <QToolBar>
#include <QToolButton>
#include <QUndoStack>

#include "core/engine/EngineInfo.h"
#include "core/util/Version.h"
#include "ui/ActionTable.h"
#include "ui/ClassesPanel.h"
#include "ui/DatasetBrowser.h"
#include "ui/DatasetLoader.h"
#include "ui/DetectionsPanel.h"
#include "ui/EvaluationPanel.h"
#include "ui/ImageCanvas.h"
#include "ui/ImageLoader.h"
#include "ui/InferenceController.h"
#include "ui/ModelPanel.h"
#include "ui/ProjectDocument.h"
#include "ui/ProjectFile.h"
#include "ui/ProjectSaver.h"
#include "ui/RecoveryStore.h"
#include "ui/Settings.h"
#include "ui/SettingsDialog.h"
#include "ui/TaskProgress.h"
#include "ui/VectorService.h"

namespace zsi::ui {

MainWindow::MainWindow(QWidget* parent, const QString& recoveryDir) : QMainWindow(parent) {
  setObjectName(QStringLiteral("MainWindow"));
  setWindowTitle(tr("ZSI Studio"));
  setWindowIcon(QIcon(QStringLiteral(":/icons/zsi-studio.png")));
  setDockNestingEnabled(true);
  setAcceptDrops(true);
  setCorner(Qt::BottomLeftCorner, Qt::LeftDockWidgetArea);
  setCorner(Qt::BottomRightCorner, Qt::RightDockWidgetArea);

  actions_ = new ActionTable(this);
  doc_ = new ProjectDocument(this);
  recovery_ = std::make_unique<RecoveryStore>(recoveryDir);
  saver_ = new ProjectSaver(doc_, recovery_.get(), this);
  saver_->setAutosaveDelay(Settings::get(Settings::AutosaveSeconds) * 1000);
  loader_ = new DatasetLoader(this);
  images_ = new ImageLoader(this);
  images_->setBudgetBytes(static_cast<qint64>(Settings::get(Settings::ImageCacheMegabytes)) << 20);
  vectors_ = new VectorService(this);
  inference_ = new InferenceController(doc_, this);

  canvas_ = new ImageCanvas(this);
  canvas_->setObjectName(QStringLiteral("ImageCanvas"));
  setCentralWidget(canvas_);

  buildDocks();
  buildMenus();
  buildStatusBar();
  connectActions();
  connectServices();
  readStyle();
  updateZoomLabel(canvas_->zoom());
  updateTitle();
  statusBar()->showMessage(tr("Ready"));
}

MainWindow::~MainWindow() {
  // Background writes must reach the disk before the document goes.
  saver_->waitForIdle();
}

void MainWindow::setScripted(bool scripted) {
  scripted_ = scripted;
  saver_->setRecoveryEnabled(!scripted);
}

void MainWindow::buildDocks() {
  browser_ = new DatasetBrowser(doc_, this);
  classes_ = new ClassesPanel(doc_, vectors_, this);
  modelPanel_ = new ModelPanel(doc_, inference_, this);
  detections_ = new DetectionsPanel(this);
  evaluation_ = new EvaluationPanel(doc_, this);
  auto dock = [this](QWidget* w, const QString& title, const char* name, Qt::DockWidgetArea area) {
    auto* d = new QDockWidget(title, this);
    d->setObjectName(QLatin1String(name));
    d->setWidget(w);
    d->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable | QDockWidget::DockWidgetClosable);
    addDockWidget(area, d);
    return d;
  };
  QDockWidget* images = dock(browser_, tr("Images"), "ImagesDock", Qt::LeftDockWidgetArea);
  QDockWidget* classes = dock(classes_, tr("Classes"), "ClassesDock", Qt::RightDockWidgetArea);
  QDockWidget* model = dock(modelPanel_, tr("Model"), "ModelDock", Qt::RightDockWidgetArea);
  QDockWidget* dets = dock(detections_, tr("Detections"), "DetectionsDock", Qt::BottomDockWidgetArea);
  QDockWidget* eval = dock(evaluation_, tr("Evaluation"), "EvaluationDock", Qt::BottomDockWidgetArea);
  tabifyDockWidget(classes, model);
  classes->raise();
  tabifyDockWidget(dets, eval);
  dets->raise();
  resizeDocks({images, classes}, {300, 380}, Qt::Horizontal);
  resizeDocks({dets}, {200}, Qt::Vertical);
  buildTrainingDocks();
}

void MainWindow::buildMenus() {
  auto add = [this](QMenu* m, std::initializer_list<const char*> ids) {
    for (const char* id : ids) {
      if (!id) m->addSeparator();
      else m->addAction(actions_->get(id));
    }
  };
  QMenu* file = menuBar()->addMenu(tr("&File"));
  add(file, {"file.openDataset", "file.openFolder", "file.openImage", nullptr, "file.openProject"});
  recentMenu_ = file->addMenu(tr("Open &Recent"));
  connect(recentMenu_, &QMenu::aboutToShow, this, &MainWindow::rebuildRecentMenu);
  add(file, {"file.save", "file.saveAs", nullptr, "file.exportAnnotations", "file.exportResults", nullptr,
             "file.settings", nullptr, "file.quit"});
  QMenu* edit = menuBar()->addMenu(tr("&Edit"));
  add(edit, {"edit.undo", "edit.redo", nullptr, "edit.accept", "edit.acceptAll", "edit.reject", "edit.rejectAll",
             "edit.relabel", "edit.delete"});
  viewMenu_ = menuBar()->addMenu(tr("&View"));
  add(viewMenu_, {"view.zoomIn", "view.zoomOut", "view.fit", "view.actualSize", nullptr, "view.groundTruth",
                  "view.predictions", "view.seen", "view.unseen", "view.rejected", nullptr, "view.boxes",
                  "view.labels", "view.opacityUp", "view.opacityDown", nullptr});
  QMenu* panels = viewMenu_->addMenu(tr("&Panels"));
  for (QDockWidget* d : findChildren<QDockWidget*>()) panels->addAction(d->toggleViewAction());
  QMenu* nav = menuBar()->addMenu(tr("&Go"));
  add(nav, {"nav.previous", "nav.next", "nav.nextPending"});
  QMenu* classes = menuBar()->addMenu(tr("&Classes"));
  add(classes, {"classes.coco4817", "classes.coco6515", "classes.demo", nullptr, "classes.load", "classes.save",
                nullptr, "classes.loadVectors"});
  QMenu* model = menuBar()->addMenu(tr("&Model"));
  add(model, {"model.load", nullptr, "model.inferImage", "model.inferSelection", "model.inferAll",
              "model.inferOutdated", "model.cancel", nullptr, "tools.evaluate"});
  buildTrainingMenu();
  QMenu* help = menuBar()->addMenu(tr("&Help"));
  add(help, {"help.shortcuts", "help.about"});

  QToolBar* tb = addToolBar(tr("Main"));
  tb->setObjectName(QStringLiteral("MainToolBar"));
  tb->setIconSize(QSize(20, 20));
  tb->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
  actions_->get("file.openDataset")->setIcon(style()->standardIcon(QStyle::SP_DialogOpenButton));
  actions_->get("file.openImage")->setIcon(style()->standardIcon(QStyle::SP_FileIcon));
  actions_->get("file.save")->setIcon(style()->standardIcon(QStyle::SP_DialogSaveButton));
  actions_->get("edit.undo")->setIcon(style()->standardIcon(QStyle::SP_ArrowBack));
  actions_->get("edit.redo")->setIcon(style()->standardIcon(QStyle::SP_ArrowForward));
  actions_->get("model.inferImage")->setIcon(style()->standardIcon(QStyle::SP_MediaPlay));
  actions_->get("edit.accept")->setIcon(style()->standardIcon(QStyle::SP_DialogApplyButton));
  actions_->get("edit.reject")->setIcon(style()->standardIcon(QStyle::SP_DialogCancelButton));
  for (const char* id : {"file.openDataset", "file.save"}) tb->addAction(actions_->get(id));
  tb->addSeparator();
  for (const char* id : {"edit.undo", "edit.redo"}) tb->addAction(actions_->get(id));
  tb->addSeparator();
  for (const char* id : {"model.inferImage", "edit.accept", "edit.reject"}) tb->addAction(actions_->get(id));
  tb->addSeparator();
  for (const char* id : {"view.groundTruth", "view.predictions", "view.seen", "view.unseen"}) tb->addAction(actions_->get(id));
  tb->addSeparator();
  for (const char* id : {"view.fit", "view.actualSize"}) tb->addAction(actions_->get(id));
  // Icons only for the toggles and zoom: their text is short enough to read beside them.
}

void MainWindow::buildStatusBar() {
  taskLabel_ = new QLabel(this);
  taskBar_ = new QProgressBar(this);
  taskBar_->setMaximumWidth(180);
  taskBar_->setRange(0, 100);
  taskCancel_ = new QToolButton(this);
  taskCancel_->setText(tr("Cancel"));
  zoomLabel_ = new QLabel(this);
  positionLabel_ = new QLabel(this);
  statusBar()->addPermanentWidget(taskLabel_);
  statusBar()->addPermanentWidget(taskBar_);
  statusBar()->addPermanentWidget(taskCancel_);
  statusBar()->addPermanentWidget(positionLabel_);
  statusBar()->addPermanentWidget(zoomLabel_);
  hideTask();
  connect(taskCancel_, &QToolButton::clicked, this, [this] {
    loader_->cancel();
    vectors_->cancelOpen();
    inference_->cancel();
  });
}

void MainWindow::showTask(const QString& text, int percent, bool cancellable) {
  taskLabel_->setText(text);
  taskLabel_->show();
  taskBar_->setValue(percent);
  taskBar_->setVisible(percent >= 0);
  taskCancel_->setVisible(cancellable);
}

void MainWindow::hideTask() {
  taskLabel_->hide();
  taskBar_->hide();
  taskCancel_->hide();
}

void MainWindow::reportError(const QString& title, const QString& message) {
  statusBar()->showMessage(message);
  emit errorOccurred(message);
  if (!scripted_) QMessageBox::warning(this, title, message);
}

void MainWindow::connectActions() {
  auto on = [this](const char* id, auto fn) { connect(actions_->get(id), &QAction::triggered, this, fn); };
  on("file.openDataset", [this] { chooseDataset(); });
  on("file.openFolder", [this] { chooseFolder(); });
  on("file.openImage", [this] {
    const QString path = QFileDialog::getOpenFileName(this, tr("Open Image"), Settings::get(Settings::LastDatasetDir),
                                                      tr("Images (*.jpg *.jpeg *.png *.bmp *.tif *.tiff *.webp);;All files (*)"));
    if (path.isEmpty()) return;
    Settings::set(Settings::LastDatasetDir, QFileInfo(path).absolutePath());
    openImage(path);
  });
  on("file.openProject", [this] { chooseProject(); });
  on("file.save", [this] { saveOrSaveAs(false); });
  on("file.saveAs", [this] { saveOrSaveAs(true); });
  on("file.exportAnnotations", [this] { chooseExport(ExportRequest::Kind::Annotations); });
  on("file.exportResults", [this] { chooseExport(ExportRequest::Kind::Results); });
  on("file.settings", [this] { SettingsDialog(actions_, this).exec(); });
  on("help.shortcuts", [this] { SettingsDialog(actions_, this, true).exec(); });
  on("file.quit", [this] { close(); });

  QUndoStack* undo = doc_->undoStack();
  on("edit.undo", [undo] { undo->undo(); });
  on("edit.redo", [undo] { undo->redo(); });
  auto undoState = [this, undo] {
    actions_->get("edit.undo")->setEnabled(undo->canUndo());
    actions_->get("edit.redo")->setEnabled(undo->canRedo());
    actions_->get("edit.undo")->setText(undo->canUndo() ? tr("&Undo %1").arg(undo->undoText()) : tr("&Undo"));
    actions_->get("edit.redo")->setText(undo->canRedo() ? tr("&Redo %1").arg(undo->redoText()) : tr("&Redo"));
  };
  connect(undo, &QUndoStack::indexChanged, this, undoState);
  undoState();
  on("edit.accept", [this] { acceptSelection(); });
  on("edit.acceptAll", [this] { acceptAllPending(); });
  on("edit.reject", [this] { rejectSelection(); });
  on("edit.rejectAll", [this] { rejectAllPending(); });
  on("edit.delete", [this] { deleteSelection(); });
  on("edit.relabel", [this] {
    const QString name = chooseClassName();
    if (!name.isEmpty()) relabelSelection(name);
  });

  on("view.zoomIn", [this] { canvas_->zoomIn(); });
  on("view.zoomOut", [this] { canvas_->zoomOut(); });
  on("view.fit", [this] { canvas_->zoomToFit(); });
  on("view.actualSize", [this] { canvas_->zoomActualSize(); });
  for (const char* id : {"view.groundTruth", "view.predictions", "view.seen", "view.unseen", "view.rejected",
                         "view.boxes", "view.labels"})
    connect(actions_->get(id), &QAction::toggled, this, [this, id](bool v) { setStyleFlag(id, v); });
  on("view.opacityUp", [this] {
    style_.opacity = std::min(1.0, style_.opacity + 0.1);
    Settings::set(Settings::OverlayOpacity, style_.opacity);
    canvas_->setOverlayStyle(style_);
  });
  on("view.opacityDown", [this] {
    style_.opacity = std::max(0.0, style_.opacity - 0.1);
    Settings::set(Settings::OverlayOpacity, style_.opacity);
    canvas_->setOverlayStyle(style_);
  });
  on("nav.next", [this] { browser_->step(+1); });
  on("nav.previous", [this] { browser_->step(-1); });
  on("nav.nextPending", [this] {
    if (!browser_->step(+1, true)) statusBar()->showMessage(tr("No further image with predictions to review"));
  });
  on("model.load", [this] { modelPanel_->chooseCheckpoint(); });
  on("model.inferImage", [this] { runOnCurrentImage(); });
  on("model.inferSelection", [this] { inference_->run(browser_->selectedImages(), true); });
  on("model.inferAll", [this] { inference_->run(browser_->visibleImages(), true); });
  on("model.inferOutdated", [this] {
    std::vector<std::size_t> todo;
    for (std::size_t i : doc_->predictions().images())
      if (doc_->predictionsOutdated(i)) todo.push_back(i);
    if (todo.empty()) statusBar()->showMessage(tr("No outdated predictions"));
    inference_->run(todo, true);
  });
  on("model.cancel", [this] {
    loader_->cancel();
    inference_->cancel();
  });
  on("classes.coco4817", [this] { classes_->useBuiltin(QStringLiteral("48_17")); });
  on("classes.coco6515", [this] { classes_->useBuiltin(QStringLiteral("65_15")); });
  on("classes.demo", [this] { classes_->useBuiltin(QStringLiteral("demo")); });
  on("classes.load", [this] { classes_->chooseAndLoadSet(); });
  on("classes.save", [this] { classes_->chooseAndSaveSet(); });
  on("classes.loadVectors", [this] { classes_->chooseVectorFile(); });
  on("tools.evaluate", [this] {
    if (auto* d = qobject_cast<QDockWidget*>(evaluation_->parentWidget())) {
      d->show();
      d->raise();
    }
    evaluation_->evaluate();
  });
  on("help.about", [this] { showAbout(); });
  connect(canvas_, &ImageCanvas::zoomChanged, this, &MainWindow::updateZoomLabel);
  connect(canvas_, &ImageCanvas::cursorMoved, this, [this](QPointF p, bool inside) {
    positionLabel_->setText(inside ? tr("x %1  y %2").arg(int(p.x())).arg(int(p.y())) : QString());
  });
}

void MainWindow::readStyle() {
  style_.opacity = Settings::get(Settings::OverlayOpacity);
  const std::pair<const char*, bool> flags[] = {
      {"view.groundTruth", Settings::get(Settings::ShowGroundTruth)}, {"view.predictions", Settings::get(Settings::ShowPredictions)},
      {"view.seen", Settings::get(Settings::ShowSeen)},               {"view.unseen", Settings::get(Settings::ShowUnseen)},
      {"view.rejected", Settings::get(Settings::ShowRejected)},       {"view.boxes", Settings::get(Settings::ShowBoxes)},
      {"view.labels", Settings::get(Settings::ShowLabels)}};
  for (const auto& [id, v] : flags) {
    QSignalBlocker block(actions_->get(id));
    actions_->get(id)->setChecked(v);
    setStyleFlag(id, v);
  }
}

void MainWindow::setStyleFlag(const char* id, bool v) {
  const QString s = QLatin1String(id);
  if (s == QLatin1String("view.groundTruth")) { style_.groundTruth = v; Settings::set(Settings::ShowGroundTruth, v); }
  else if (s == QLatin1String("view.predictions")) { style_.predictions = v; Settings::set(Settings::ShowPredictions, v); }
  else if (s == QLatin1String("view.seen")) { style_.seen = v; Settings::set(Settings::ShowSeen, v); }
  else if (s == QLatin1String("view.unseen")) { style_.unseen = v; Settings::set(Settings::ShowUnseen, v); }
  else if (s == QLatin1String("view.rejected")) { style_.rejected = v; Settings::set(Settings::ShowRejected, v); }
  else if (s == QLatin1String("view.boxes")) { style_.boxes = v; Settings::set(Settings::ShowBoxes, v); }
  else if (s == QLatin1String("view.labels")) { style_.labels = v; Settings::set(Settings::ShowLabels, v); }
  canvas_->setOverlayStyle(style_);
}

void MainWindow::updateZoomLabel(double zoom) { zoomLabel_->setText(tr("%1 %").arg(qRound(zoom * 100))); }

void MainWindow::updateTitle() {
  QString name = doc_->projectPath().isEmpty() ? QString() : QFileInfo(doc_->projectPath()).fileName();
  if (name.isEmpty() && doc_->hasDataset())
    name = doc_->isImageFolder() ? QFileInfo(doc_->imageRoot()).fileName() : QFileInfo(doc_->datasetPath()).fileName();
  if (name.isEmpty() && !currentPath_.isEmpty()) name = QFileInfo(currentPath_).fileName();
  setWindowTitle(name.isEmpty() ? tr("ZSI Studio") : tr("%1%2 \u2014 ZSI Studio").arg(name, doc_->isModified() ? QStringLiteral("*") : QString()));
}

void MainWindow::rebuildRecentMenu() {
  recentMenu_->clear();
  const QStringList projects = Settings::get(Settings::RecentProjects);
  const QStringList datasets = Settings::get(Settings::RecentDatasets);
  for (const QString& p : projects)
    recentMenu_->addAction(QFileInfo(p).fileName() + QStringLiteral("  \u2014  ") + p, this, [this, p] { openProject(p); });
  if (!projects.isEmpty() && !datasets.isEmpty()) recentMenu_->addSeparator();
  for (const QString& d : datasets)
    recentMenu_->addAction(QFileInfo(d).fileName() + QStringLiteral("  \u2014  ") + d, this, [this, d] {
      if (QFileInfo(d).isDir()) openFolder(d);
      else openDataset(d);
    });
  if (recentMenu_->isEmpty()) recentMenu_->addAction(tr("(none yet)"))->setEnabled(false);
}

void MainWindow::showAbout() {
  QMessageBox::about(
      this, tr("About ZSI Studio"),
      tr("<h3>ZSI Studio %1</h3><p>Zero-shot instance segmentation: browse datasets, define classes "
         "by name, run and train the ZSI engine.</p><p>Commit %2<br>%3<br>Qt %4</p>")
          .arg(QString::fromStdString(projectVersion()), QString::fromStdString(gitCommit()),
               QString::fromStdString(engineBuildSummary()), QString::fromLatin1(qVersion())));
}

void MainWindow::restoreWindowState() {
  QSettings s;
  if (!restoreGeometry(s.value(QStringLiteral("window/geometry")).toByteArray())) {
    QRect avail = screen() ? screen()->availableGeometry() : QRect(0, 0, 1440, 900);
    resize(std::min(1440, avail.width()), std::min(900, avail.height()));
  }
  restoreState(s.value(QStringLiteral("window/state")).toByteArray());
}

}  // namespace zsi::ui
