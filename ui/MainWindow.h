#pragma once
// The studio's main window: the image canvas in the centre; docks for the dataset browser, the
// classes, the model, the detections table and the evaluation; menus and toolbar from the
// ActionTable; a status bar with the running task (progress, cancel). It owns the document and
// the background services and wires them together. Window geometry and dock layout are saved
// with QSettings on close and restored at start.
//
// The implementation is split in three files: MainWindow.cpp (construction, menus, docks),
// MainWindowFiles.cpp (open, save, export, recovery, close) and MainWindowReview.cpp (showing an
// image and its overlay, selection, review edits, inference triggers).

#include <QMainWindow>
#include <QString>
#include <memory>
#include <unordered_map>
#include <vector>

#include "ui/ExportJob.h"
#include "ui/ImageOverlay.h"
#include "ui/InstanceRef.h"
#include "ui/OverlayStyle.h"

class QLabel;
class QMenu;
class QProgressBar;
class QToolButton;

namespace zsi::ui {

class ActionTable;
class ClassMetricsView;
class ClassesPanel;
class DatasetBrowser;
class DatasetLoader;
class DetectionsPanel;
class EmbeddingInspector;
class EvaluationPanel;
class ImageCanvas;
class ImageLoader;
class InferenceController;
class ModelPanel;
class ProjectDocument;
class ProjectSaver;
class RecoveryStore;
class RunMonitor;
class VectorService;
struct ProjectSnapshot;

class MainWindow : public QMainWindow {
  Q_OBJECT
 public:
  // `recoveryDir` empty: the user's application data folder.
  explicit MainWindow(QWidget* parent = nullptr, const QString& recoveryDir = QString());
  ~MainWindow() override;

  // ---- opening (asynchronous; `datasetOpened` or `errorOccurred` follows)
  void openDataset(const QString& jsonPath, const QString& imageRoot = QString());
  void openFolder(const QString& folder);
  void openProject(const QString& path);
  // Opens an image file into the canvas (no dataset); shows a dialog and returns false on
  // failure (unless `quiet`, for scripted runs, where the message goes to the status bar).
  bool openImage(const QString& path, bool quiet = false);
  void loadModel(const QString& checkpoint);
  // A class set by id ("48_17", "65_15", "demo") or file.
  void useClassSet(const QString& idOrPath);

  // ---- saving and exporting
  void saveProject(const QString& path);
  void startExport(const ExportRequest& request);
  // Crash recovery: copies of sessions that died, offered once at start (interactive runs).
  void offerRecovery();
  void recoverFrom(const QString& copyPath);

  // ---- the current image and the review
  long long currentImage() const { return current_; }
  void showImage(long long imageIndex);
  std::vector<InstanceRef> selection() const { return selection_; }
  void setSelection(const std::vector<InstanceRef>& refs);
  void acceptSelection();
  void acceptAllPending();
  void rejectSelection();
  void rejectAllPending();
  void deleteSelection();
  void relabelSelection(const QString& className);
  void runOnCurrentImage();

  // Nothing is loading, decoding, running or waiting to be drawn (scripted screenshots).
  bool isSettled() const;
  // No dialogs: errors become `errorOccurred` and the status bar (scripted runs, tests).
  void setScripted(bool scripted);

  ProjectDocument* document() const { return doc_; }
  ImageCanvas* canvas() const { return canvas_; }
  ActionTable* actions() const { return actions_; }
  DatasetBrowser* browser() const { return browser_; }
  ClassesPanel* classesPanel() const { return classes_; }
  ModelPanel* modelPanel() const { return modelPanel_; }
  DetectionsPanel* detectionsPanel() const { return detections_; }
  EvaluationPanel* evaluationPanel() const { return evaluation_; }
  InferenceController* inference() const { return inference_; }
  ProjectSaver* saver() const { return saver_; }
  RecoveryStore* recovery() const { return recovery_.get(); }
  DatasetLoader* loader() const { return loader_; }
  VectorService* vectors() const { return vectors_; }

  // Restores the saved geometry and dock layout, or a sensible default.
  void restoreWindowState();

  // ---- training and inspection (MainWindowTraining.cpp)
  RunMonitor* runMonitor() const { return monitor_; }
  ClassMetricsView* classMetrics() const { return classMetrics_; }
  EmbeddingInspector* inspector() const { return inspector_; }
  // Shows "monitor", "metrics" or "inspector" in front; scripted runs float it at `size` so a
  // screenshot shows it whole. Null for an unknown name.
  QWidget* showTrainingView(const QString& which, const QSize& size = QSize());

 signals:
  void datasetOpened();
  void projectOpened(const QString& path);
  void overlayShown(long long imageIndex);
  void settledChanged();
  void errorOccurred(const QString& message);
  void exportFinished(bool ok, const QString& message);

 protected:
  void closeEvent(class QCloseEvent* event) override;
  void dragEnterEvent(class QDragEnterEvent* event) override;
  void dropEvent(class QDropEvent* event) override;

 private:
  // MainWindow.cpp
  void buildDocks();
  void buildMenus();
  void buildStatusBar();
  void connectActions();
  void connectServices();
  void showAbout();
  void updateZoomLabel(double zoom);
  void updateTitle();
  void rebuildRecentMenu();
  void readStyle();
  void setStyleFlag(const char* actionId, bool on);
  void showTask(const QString& text, int percent, bool cancellable);
  void hideTask();
  void reportError(const QString& title, const QString& message);
  // MainWindowTraining.cpp
  void buildTrainingDocks();
  void buildTrainingMenu();
  void inspectCurrentImage();
  // MainWindowFiles.cpp
  void chooseDataset();
  void chooseFolder();
  void chooseProject();
  void saveOrSaveAs(bool forceAsk);
  void chooseExport(ExportRequest::Kind kind);
  void onDatasetLoaded(std::shared_ptr<const class zsi::CocoDataset> dataset, const QString& path,
                       const QString& imageRoot, bool folder, double seconds);
  bool confirmDiscard();
  // MainWindowReview.cpp
  void requestOverlay();
  void applyOverlay(std::shared_ptr<const ImageOverlay> overlay);
  void documentChanged(qint64 imageIndex);
  void settingsChangedForCurrent();
  void autoInferIfWanted();
  std::vector<std::size_t> selectedPredictions() const;
  QString chooseClassName();

  ActionTable* actions_ = nullptr;
  ProjectDocument* doc_ = nullptr;
  std::unique_ptr<RecoveryStore> recovery_;
  ProjectSaver* saver_ = nullptr;
  DatasetLoader* loader_ = nullptr;
  ImageLoader* images_ = nullptr;
  VectorService* vectors_ = nullptr;
  InferenceController* inference_ = nullptr;
  ImageCanvas* canvas_ = nullptr;
  DatasetBrowser* browser_ = nullptr;
  ClassesPanel* classes_ = nullptr;
  ModelPanel* modelPanel_ = nullptr;
  DetectionsPanel* detections_ = nullptr;
  EvaluationPanel* evaluation_ = nullptr;
  RunMonitor* monitor_ = nullptr;
  ClassMetricsView* classMetrics_ = nullptr;
  EmbeddingInspector* inspector_ = nullptr;
  QString inspectorModel_;  // the checkpoint the inspector should load when it is shown
  QMenu* recentMenu_ = nullptr;
  QMenu* viewMenu_ = nullptr;
  QLabel* zoomLabel_ = nullptr;
  QLabel* positionLabel_ = nullptr;
  QLabel* taskLabel_ = nullptr;
  QProgressBar* taskBar_ = nullptr;
  QToolButton* taskCancel_ = nullptr;
  QString currentPath_;  // a single image opened with openImage

  bool scripted_ = false;
  bool exporting_ = false;
  bool readingProject_ = false;
  long long current_ = -1;
  bool imageShown_ = false;
  std::uint64_t revision_ = 1;  // bumped by every change that alters overlays
  std::uint64_t overlayRequested_ = 0;
  std::uint64_t overlayShown_ = 0;
  long long overlayShownImage_ = -1;
  std::unordered_map<std::size_t, std::shared_ptr<const ImageOverlay>> overlayCache_;
  std::vector<InstanceRef> selection_;
  OverlayStyle style_;
  std::shared_ptr<ProjectSnapshot> pendingProject_;
  QString pendingProjectPath_;
  QString pendingRecoveryCopy_;
};

}  // namespace zsi::ui
