#pragma once
// Follows one run directory: polls its metrics.jsonl (a timer; file-system notifications do not
// reach across NFS/Lustre, where runs of other machines live) and keeps its RunMetrics current.
// Small appends are read on the GUI thread (microseconds); a large backlog (attaching to a long
// run, a burst after a pause) is read on a worker with progress and cancel, the RunMetrics moved
// there and back so that only one thread ever touches it. While it is away, metrics() is null and
// the plots keep what they already show.

#include <QObject>
#include <QString>
#include <QTimer>
#include <atomic>
#include <memory>

#include "ui/MetricsJsonlReader.h"
#include "ui/RunMetrics.h"

namespace zsi::ui {

class RunFollower : public QObject {
  Q_OBJECT
 public:
  explicit RunFollower(const QString& runDir, QObject* parent = nullptr);
  ~RunFollower() override;

  const QString& dir() const { return dir_; }
  QString name() const;
  // Null while a background read holds the metrics.
  const RunMetrics* metrics() const { return metrics_.get(); }
  bool loading() const { return !metrics_; }

  void start(int intervalMs = 200);
  void stop();
  // Not polling: stopped, or a background read was cancelled (start() follows again).
  bool paused() const { return !timer_.isActive(); }
  // Reads what was appended now (also what the timer does).
  void poll();
  // Cancels a background read; what it had read is kept and the rest follows at the next poll.
  void cancelLoad();
  // Backlogs above this many bytes are read on a worker.
  void setBackgroundThreshold(std::uint64_t bytes) { backgroundBytes_ = bytes; }

  // The newest complete checkpoint (checkpoints/latest), empty when none.
  QString latestCheckpoint() const;
  QString metricsPath() const;
  QString lastError() const { return lastError_; }

 signals:
  void updated();                          // new points, or the file restarted
  void loadStarted();                      // a background read began
  void loadProgress(double fraction);
  void loadFinished(bool ok, const QString& message);

 private:
  QString dir_;
  std::unique_ptr<MetricsJsonlReader> reader_;
  std::unique_ptr<RunMetrics> metrics_;
  std::shared_ptr<std::atomic<bool>> cancel_;
  QTimer timer_;
  std::uint64_t backgroundBytes_ = 4u << 20;
  QString lastError_;
};

}  // namespace zsi::ui
