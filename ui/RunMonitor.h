#pragma once
// The training monitor: a list of runs (started here, or any run directory, e.g. one a cluster
// job writes on a shared file system), each followed through its metrics.jsonl; five live plots
// (losses by name, learning rate, speed, accuracy/gradient/memory, evaluation per epoch) with
// series toggles, smoothing, log scale, zoom and pan, hover values and the checked runs overlaid;
// the log of runs started here; stop (graceful, the trainer saves a checkpoint), resume, and
// "open the latest checkpoint" (openCheckpointRequested, the main window loads it). The run list
// and the hidden series persist in QSettings.
//
// Split in two files: RunMonitor.cpp (widgets, plots, export) and RunMonitorRuns.cpp (the run
// list, training processes, persistence).

#include <QHash>
#include <QSet>
#include <QString>
#include <QTimer>
#include <QWidget>
#include <map>

#include "ui/RunMetrics.h"
#include "ui/TrainingProcess.h"

class QCheckBox;
class QLabel;
class QListWidget;
class QListWidgetItem;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QSlider;
class QToolButton;

namespace zsi::ui {

class MetricsPlot;
class RunFollower;
class TrainingDialog;

class RunMonitor : public QWidget {
  Q_OBJECT
 public:
  explicit RunMonitor(QWidget* parent = nullptr);
  ~RunMonitor() override;

  // ---- runs
  RunFollower* attach(const QString& runDir);  // the existing follower when already attached
  void detach(const QString& runDir);
  QStringList runs() const;
  RunFollower* follower(const QString& runDir) const;
  QString currentRun() const;
  void setCurrentRun(const QString& runDir);
  void setRunShown(const QString& runDir, bool shown);  // overlaid in the plots
  void restoreRuns();                                   // the persisted list (interactive start)
  // Scripted runs (screenshots) leave the user's saved run list alone.
  void setPersistent(bool persistent) { persistent_ = persistent; }

  // ---- training
  void showTrainingDialog();
  TrainingDialog* trainingDialog() const { return dialog_; }
  TrainingProcess* startTraining(const TrainingRequest& request);
  TrainingProcess* process(const QString& runDir) const;
  bool stopRun(const QString& runDir);
  TrainingProcess* resumeRun(const QString& runDir);
  // The run's newest complete checkpoint; emits openCheckpointRequested. False when none.
  bool openLatestCheckpoint(const QString& runDir);
  // Where `zsi` is (default: next to the studio).
  void setZsiProgram(const QString& program) { zsiProgram_ = program; }

  // ---- plots
  MetricsPlot* plot(SeriesGroup group) const { return plots_[static_cast<int>(group)]; }
  void setSmoothing(double weight);
  void setLogScale(bool on);
  void setSeriesShown(const QString& series, bool shown);
  QStringList seriesNames() const;
  bool exportPng(const QString& path);
  bool exportCsv(const QString& runDir, const QString& path, QString* error = nullptr);
  // Syncs the plots with the runs now (normally coalesced on a zero timer).
  void syncNow();
  // No background read is running and the plots show every record read.
  bool isSettled() const;
  QString logText() const;
  QString errorText() const;

 signals:
  void openCheckpointRequested(const QString& path);
  void runsChanged();
  void plotsUpdated();
  void errorOccurred(const QString& message);
  void trainingFinished(const QString& runDir, bool ok, const QString& message);

 private:
  // RunMonitor.cpp
  void buildUi();
  void scheduleSync();
  void updateSeriesList();
  void updateButtons();
  void showLog();
  void showError(const QString& message);
  bool isHidden(const QString& series) const;
  QSet<QString> hiddenNow() const;
  // RunMonitorRuns.cpp
  QListWidgetItem* itemFor(const QString& runDir) const;
  void refreshRunItem(const QString& runDir);
  void saveRuns() const;
  void connectProcess(TrainingProcess* p, const QString& runDir);
  void followerLoad(RunFollower* f, bool started, double fraction);

  MetricsPlot* plots_[kSeriesGroups] = {};
  QListWidget* runList_ = nullptr;
  QListWidget* seriesList_ = nullptr;
  QSlider* smoothing_ = nullptr;
  QLabel* smoothingLabel_ = nullptr;
  QCheckBox* logScale_ = nullptr;
  QPushButton *trainButton_ = nullptr, *attachButton_ = nullptr, *removeButton_ = nullptr, *stopButton_ = nullptr,
              *resumeButton_ = nullptr, *openButton_ = nullptr, *pngButton_ = nullptr, *csvButton_ = nullptr;
  QPlainTextEdit* log_ = nullptr;
  QLabel* error_ = nullptr;
  QLabel* hover_ = nullptr;
  QProgressBar* loadBar_ = nullptr;
  QToolButton* loadCancel_ = nullptr;
  QWidget* plotArea_ = nullptr;
  TrainingDialog* dialog_ = nullptr;

  std::map<QString, RunFollower*> followers_;
  std::map<QString, TrainingProcess*> processes_;
  // Switched off / on by the user. Evaluation series are many (group × IoU × AP/recall): only the
  // unseen AP and the harmonic mean at 0.5 show until the user picks others.
  QSet<QString> hidden_, shown_;
  QTimer syncTimer_;
  QString zsiProgram_;
  bool restoring_ = false;
  bool persistent_ = true;
};

}  // namespace zsi::ui
