#pragma once
// `zsi train` as a child process of the studio (docs/TRAINING.md): the request becomes its
// command line, its output is collected for the log view, stop() sends SIGTERM (the trainer
// finishes the step, saves a checkpoint and exits 0) and a failure is reported with the child's
// own message (its last stderr lines). The studio reads the run's progress from metrics.jsonl
// (RunFollower), not from this output, so a run started elsewhere is shown the same way.

#include <QObject>
#include <QProcess>
#include <QString>
#include <QStringList>

namespace zsi::ui {

struct TrainingRequest {
  QString config;              // training or model config; may be empty with resume
  QString data, images;        // training set (with resume: default the run's)
  QString val, valImages;      // optional validation set
  QString classes;             // 48_17, 65_15 or a class-set file; empty: the config's
  QString out;                 // the run directory
  QString device = QStringLiteral("cpu");
  int workers = 0;             // 0: the config's
  long long maxIters = 0;      // 0: the config's
  bool resume = false;

  QStringList arguments() const;
  // Empty when the request can be started, else what is missing.
  QString problem() const;
};

class TrainingProcess : public QObject {
  Q_OBJECT
 public:
  explicit TrainingProcess(QObject* parent = nullptr);
  ~TrainingProcess() override;

  // The `zsi` executable: next to the studio, one folder up (tests), or on PATH.
  static QString findZsi();
  void setProgram(const QString& program) { program_ = program; }
  const QString& program() const { return program_; }

  // Starts the child; false (and `finished` with the reason) when it cannot start.
  bool start(const TrainingRequest& request);
  void stop();  // graceful: SIGTERM, the trainer saves a checkpoint
  void kill();  // at once (the last checkpoint stays valid)
  bool running() const { return process_.state() != QProcess::NotRunning; }
  const TrainingRequest& request() const { return request_; }
  const QString& log() const { return log_; }
  bool stopRequested() const { return stopRequested_; }

 signals:
  void output(const QString& text);
  void started();
  // ok: exit status 0 (finished, or stopped with a checkpoint). message: the child's error.
  void finished(bool ok, int exitCode, const QString& message);

 private:
  void read(QProcess::ProcessChannel channel);

  QProcess process_;
  QString program_;
  TrainingRequest request_;
  QString log_, stderrTail_;
  bool stopRequested_ = false;
};

}  // namespace zsi::ui
