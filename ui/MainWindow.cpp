#include "ui/MainWindow.h"

#include <QApplication>
#include <QCloseEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QImageReader>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QScreen>
#include <QSettings>
#include <QStatusBar>
#include <QStyle>
#include <QToolBar>

#include "core/engine/EngineInfo.h"
#include "core/util/Version.h"
#include "ui/ActionTable.h"
#include "ui/ImageCanvas.h"

namespace zsi::ui {

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
  setObjectName(QStringLiteral("MainWindow"));
  setWindowTitle(tr("ZSI Studio"));
  setWindowIcon(QIcon(QStringLiteral(":/icons/zsi-studio.png")));
  setDockNestingEnabled(true);
  setCorner(Qt::BottomLeftCorner, Qt::LeftDockWidgetArea);
  setCorner(Qt::BottomRightCorner, Qt::RightDockWidgetArea);

  actions_ = new ActionTable(this);
  canvas_ = new ImageCanvas(this);
  canvas_->setObjectName(QStringLiteral("ImageCanvas"));
  setCentralWidget(canvas_);

  zoomLabel_ = new QLabel(this);
  positionLabel_ = new QLabel(this);
  statusBar()->addPermanentWidget(positionLabel_);
  statusBar()->addPermanentWidget(zoomLabel_);

  buildMenus();
  connectActions();
  updateZoomLabel(canvas_->zoom());
  statusBar()->showMessage(tr("Ready"));
}

void MainWindow::buildMenus() {
  QMenu* file = menuBar()->addMenu(tr("&File"));
  file->addAction(actions_->get("file.openImage"));
  file->addSeparator();
  file->addAction(actions_->get("file.quit"));

  QMenu* view = menuBar()->addMenu(tr("&View"));
  view->addAction(actions_->get("view.zoomIn"));
  view->addAction(actions_->get("view.zoomOut"));
  view->addAction(actions_->get("view.fit"));
  view->addAction(actions_->get("view.actualSize"));

  QMenu* help = menuBar()->addMenu(tr("&Help"));
  help->addAction(actions_->get("help.about"));

  QToolBar* tb = addToolBar(tr("Main"));
  tb->setObjectName(QStringLiteral("MainToolBar"));
  tb->setIconSize(QSize(20, 20));
  actions_->get("file.openImage")->setIcon(style()->standardIcon(QStyle::SP_DialogOpenButton));
  tb->addAction(actions_->get("file.openImage"));
  tb->addSeparator();
  tb->addAction(actions_->get("view.zoomIn"));
  tb->addAction(actions_->get("view.zoomOut"));
  tb->addAction(actions_->get("view.fit"));
  tb->addAction(actions_->get("view.actualSize"));
}

void MainWindow::connectActions() {
  connect(actions_->get("file.openImage"), &QAction::triggered, this, [this] {
    QSettings s;
    QString dir = s.value(QStringLiteral("paths/lastImageDir")).toString();
    QString path = QFileDialog::getOpenFileName(this, tr("Open Image"), dir,
                                                tr("Images (*.jpg *.jpeg *.png *.bmp *.tif *.tiff *.webp);;All files (*)"));
    if (path.isEmpty()) return;
    s.setValue(QStringLiteral("paths/lastImageDir"), QFileInfo(path).absolutePath());
    openImage(path);
  });
  connect(actions_->get("file.quit"), &QAction::triggered, this, &QWidget::close);
  connect(actions_->get("view.zoomIn"), &QAction::triggered, canvas_, &ImageCanvas::zoomIn);
  connect(actions_->get("view.zoomOut"), &QAction::triggered, canvas_, &ImageCanvas::zoomOut);
  connect(actions_->get("view.fit"), &QAction::triggered, canvas_, &ImageCanvas::zoomToFit);
  connect(actions_->get("view.actualSize"), &QAction::triggered, canvas_, &ImageCanvas::zoomActualSize);
  connect(actions_->get("help.about"), &QAction::triggered, this, &MainWindow::showAbout);
  connect(canvas_, &ImageCanvas::zoomChanged, this, &MainWindow::updateZoomLabel);
  connect(canvas_, &ImageCanvas::cursorMoved, this, [this](QPointF p, bool inside) {
    positionLabel_->setText(inside ? tr("x %1  y %2").arg(int(p.x())).arg(int(p.y())) : QString());
  });
}

bool MainWindow::openImage(const QString& path, bool quiet) {
  QImageReader reader(path);
  // COCO ignores EXIF orientation: annotations refer to the stored pixel grid.
  reader.setAutoTransform(false);
  QImage image = reader.read();
  if (image.isNull()) {
    QString msg = tr("Cannot open image %1: %2").arg(path, reader.errorString());
    statusBar()->showMessage(msg);
    if (!quiet) QMessageBox::warning(this, tr("Open Image"), msg);
    return false;
  }
  currentPath_ = path;
  canvas_->setImage(image);
  setWindowTitle(tr("%1 \u2014 ZSI Studio").arg(QFileInfo(path).fileName()));
  statusBar()->showMessage(tr("%1  %2\u00d7%3").arg(QFileInfo(path).fileName()).arg(image.width()).arg(image.height()));
  return true;
}

void MainWindow::updateZoomLabel(double zoom) {
  zoomLabel_->setText(tr("%1 %").arg(qRound(zoom * 100)));
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
    resize(std::min(1280, avail.width()), std::min(820, avail.height()));
  }
  restoreState(s.value(QStringLiteral("window/state")).toByteArray());
}

void MainWindow::closeEvent(QCloseEvent* event) {
  QSettings s;
  s.setValue(QStringLiteral("window/geometry"), saveGeometry());
  s.setValue(QStringLiteral("window/state"), saveState());
  event->accept();
}

}  // namespace zsi::ui
