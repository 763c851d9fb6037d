// MainWindow: the training monitor, the per-class metrics and the patch-embedding inspector
// (issue 12) as docks, their menu, and their wiring to the rest of the window: a run's checkpoint
// opens in the viewer, a class of the metrics filters the dataset, an evaluation fills the
// metrics, the shown image is inspected.

#include <QDockWidget>
#include <QMenuBar>
#include <QStatusBar>

#include "ui/ActionTable.h"
#include "ui/ClassMetricsView.h"
#include "ui/DatasetBrowser.h"
#include "ui/EmbeddingInspector.h"
#include "ui/EvaluationPanel.h"
#include "ui/ImageCatalog.h"
#include "ui/InferenceController.h"
#include "ui/MainWindow.h"
#include "ui/ProjectDocument.h"
#include "ui/RunMonitor.h"

namespace zsi::ui {

void MainWindow::buildTrainingDocks() {
  monitor_ = new RunMonitor(this);
  classMetrics_ = new ClassMetricsView(this);
  inspector_ = new EmbeddingInspector(this);
  auto dock = [this](QWidget* w, const QString& title, const char* name) {
    auto* d = new QDockWidget(title, this);
    d->setObjectName(QLatin1String(name));
    d->setWidget(w);
    d->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable | QDockWidget::DockWidgetClosable);
    addDockWidget(Qt::BottomDockWidgetArea, d);
    d->hide();  // opened from the View menu; the saved layout may show them again
    return d;
  };
  dock(monitor_, tr("Training"), "TrainingDock");
  dock(classMetrics_, tr("Per-class metrics"), "ClassMetricsDock");
  dock(inspector_, tr("Patch embeddings"), "EmbeddingsDock");

  connect(monitor_, &RunMonitor::openCheckpointRequested, this, [this](const QString& path) {
    loadModel(path);
    statusBar()->showMessage(tr("Loading %1").arg(path), 8000);
  });
  connect(classMetrics_, &ClassMetricsView::classActivated, this, [this](const QString& name) {
    ImageFilterSpec spec = browser_->filter();
    spec.className = name.toStdString();
    browser_->setFilter(spec);
    statusBar()->showMessage(tr("Images with %1").arg(name), 5000);
  });
  connect(evaluation_, &EvaluationPanel::finished, this, [this](bool ok, const QString&) {
    if (ok && evaluation_->last()) classMetrics_->setReport(evaluation_->last()->report);
  });
  // The inspector runs its own forward pass: only while it is visible.
  connect(inference_, &InferenceController::modelLoadStarted, this, [this](const QString& path) {
    inspectorModel_ = path;
    if (inspector_->isVisible()) inspector_->loadModel(path);
  });
  connect(this, &MainWindow::overlayShown, this, [this] {
    if (inspector_->isVisible()) inspectCurrentImage();
  });
  if (auto* d = qobject_cast<QDockWidget*>(inspector_->parentWidget()))
    connect(d, &QDockWidget::visibilityChanged, this, [this](bool visible) {
      if (!visible) return;
      if (!inspectorModel_.isEmpty()) {
        inspector_->loadModel(inspectorModel_);
        inspectorModel_.clear();
      }
      inspectCurrentImage();
    });
}

void MainWindow::inspectCurrentImage() {
  if (current_ >= 0) inspector_->setImageFile(doc_->imagePath(static_cast<std::size_t>(current_)));
  else if (!currentPath_.isEmpty()) inspector_->setImageFile(currentPath_);
}

void MainWindow::buildTrainingMenu() {
  QMenu* m = menuBar()->addMenu(tr("&Training"));
  m->addAction(actions_->get("tools.train"));
  m->addSeparator();
  m->addAction(actions_->get("view.trainingMonitor"));
  m->addAction(actions_->get("view.classMetrics"));
  m->addAction(actions_->get("view.embeddings"));
  connect(actions_->get("tools.train"), &QAction::triggered, this, [this] {
    showTrainingView(QStringLiteral("monitor"));
    monitor_->showTrainingDialog();
  });
  connect(actions_->get("view.trainingMonitor"), &QAction::triggered, this, [this] { showTrainingView(QStringLiteral("monitor")); });
  connect(actions_->get("view.classMetrics"), &QAction::triggered, this, [this] { showTrainingView(QStringLiteral("metrics")); });
  connect(actions_->get("view.embeddings"), &QAction::triggered, this, [this] { showTrainingView(QStringLiteral("inspector")); });
}

QWidget* MainWindow::showTrainingView(const QString& which, const QSize& size) {
  QWidget* w = which == QLatin1String("monitor")     ? static_cast<QWidget*>(monitor_)
               : which == QLatin1String("metrics")   ? static_cast<QWidget*>(classMetrics_)
               : which == QLatin1String("inspector") ? static_cast<QWidget*>(inspector_)
                                                     : nullptr;
  auto* d = w ? qobject_cast<QDockWidget*>(w->parentWidget()) : nullptr;
  if (!d) return nullptr;
  if (size.isValid()) {
    d->setFloating(true);
    d->resize(size);
  }
  d->show();
  d->raise();
  return d;
}

}  // namespace zsi::ui
