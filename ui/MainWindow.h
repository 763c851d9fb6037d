#pragma once
// The studio's main window: menus and toolbar from the ActionTable, the image canvas in the
// centre, dock areas around it for the panels, a status bar. Window geometry and dock layout are
// saved with QSettings on close and restored at start.

#include <QMainWindow>

class QLabel;

namespace zsi::ui {

class ActionTable;
class ImageCanvas;

class MainWindow : public QMainWindow {
  Q_OBJECT
 public:
  explicit MainWindow(QWidget* parent = nullptr);

  // Opens an image file into the canvas; shows a dialog and returns false on failure
  // (unless `quiet`, for scripted runs, where the message goes to the status bar and the log).
  bool openImage(const QString& path, bool quiet = false);
  ImageCanvas* canvas() const { return canvas_; }
  ActionTable* actions() const { return actions_; }

  // Restores the saved geometry and dock layout, or a sensible default.
  void restoreWindowState();

 protected:
  void closeEvent(class QCloseEvent* event) override;

 private:
  void buildMenus();
  void connectActions();
  void showAbout();
  void updateZoomLabel(double zoom);

  ActionTable* actions_ = nullptr;
  ImageCanvas* canvas_ = nullptr;
  QLabel* zoomLabel_ = nullptr;
  QLabel* positionLabel_ = nullptr;
  QString currentPath_;
};

}  // namespace zsi::ui
