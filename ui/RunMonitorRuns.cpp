// RunMonitor: the run list, training processes and persistence (see RunMonitor.h).

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLabel>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QToolButton>

#include "ui/RunFollower.h"
#include "ui/RunMonitor.h"
#include "ui/TrainingDialog.h"

namespace zsi::ui {

namespace {
const QString kRunsKey = QStringLiteral("monitor/runs");
const QString kShownKey = QStringLiteral("monitor/shownRuns");
}  // namespace

RunFollower* RunMonitor::attach(const QString& runDir) {
  const QString dir = QDir(runDir).absolutePath();
  if (auto* f = follower(dir)) {
    setCurrentRun(dir);
    return f;
  }
  auto* f = new RunFollower(dir, this);
  followers_[dir] = f;
  connect(f, &RunFollower::updated, this, &RunMonitor::scheduleSync);
  connect(f, &RunFollower::loadStarted, this, [this, f] { followerLoad(f, true, 0); });
  connect(f, &RunFollower::loadProgress, this, [this, f](double x) { followerLoad(f, true, x); });
  connect(f, &RunFollower::loadFinished, this, [this, f](bool ok, const QString& message) {
    followerLoad(f, false, 1);
    if (!ok) showError(tr("%1: %2 (following paused; Resume or re-attach to continue)").arg(f->name(), message));
  });
  {
    const QSignalBlocker block(runList_);
    auto* item = new QListWidgetItem(QFileInfo(dir).fileName(), runList_);
    item->setData(Qt::UserRole, dir);
    item->setToolTip(dir);
    item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
    item->setCheckState(Qt::Checked);
  }
  f->start();
  setCurrentRun(dir);
  if (!restoring_) saveRuns();
  scheduleSync();
  emit runsChanged();
  return f;
}

void RunMonitor::detach(const QString& runDir) {
  const QString dir = QDir(runDir).absolutePath();
  auto it = followers_.find(dir);
  if (it == followers_.end()) return;
  delete itemFor(dir);
  it->second->deleteLater();
  followers_.erase(it);
  // A training started here keeps running; its process stays until it ends.
  saveRuns();
  scheduleSync();
  emit runsChanged();
}

QStringList RunMonitor::runs() const {
  QStringList out;
  for (int i = 0; i < runList_->count(); ++i) out << runList_->item(i)->data(Qt::UserRole).toString();
  return out;
}

RunFollower* RunMonitor::follower(const QString& runDir) const {
  auto it = followers_.find(QDir(runDir).absolutePath());
  return it == followers_.end() ? nullptr : it->second;
}

QString RunMonitor::currentRun() const {
  auto* item = runList_->currentItem();
  return item ? item->data(Qt::UserRole).toString() : QString();
}

void RunMonitor::setCurrentRun(const QString& runDir) {
  if (auto* item = itemFor(runDir)) runList_->setCurrentItem(item);
}

void RunMonitor::setRunShown(const QString& runDir, bool shown) {
  if (auto* item = itemFor(runDir)) item->setCheckState(shown ? Qt::Checked : Qt::Unchecked);
}

QListWidgetItem* RunMonitor::itemFor(const QString& runDir) const {
  const QString dir = QDir(runDir).absolutePath();
  for (int i = 0; i < runList_->count(); ++i)
    if (runList_->item(i)->data(Qt::UserRole).toString() == dir) return runList_->item(i);
  return nullptr;
}

void RunMonitor::refreshRunItem(const QString& runDir) {
  QListWidgetItem* item = itemFor(runDir);
  const RunFollower* f = follower(runDir);
  if (!item || !f) return;
  QString text = f->name();
  if (const RunMetrics* m = f->metrics()) {
    QString status = QString::fromStdString(m->status);
    if (auto* p = process(runDir); p && p->running()) status = p->stopRequested() ? tr("stopping") : tr("training");
    else if (m->status == "running" && m->records > 0) status = tr("running elsewhere?");
    if (m->records == 0) status = tr("waiting for metrics");
    text += QStringLiteral("  —  %1, it %2").arg(status).arg(m->lastIteration, 0, 'f', 0);
    if (m->maxIterations > 0) text += QStringLiteral("/%1").arg(m->maxIterations, 0, 'f', 0);
    if (m->badLines > 0) text += tr(", %1 bad lines").arg(m->badLines);
  } else {
    text += tr("  —  reading…");
  }
  if (f->paused() && !f->loading()) text += tr(" (paused)");
  if (item->text() != text) {
    const QSignalBlocker block(runList_);
    item->setText(text);
  }
}

void RunMonitor::saveRuns() const {
  if (!persistent_) return;
  QStringList all, shown;
  for (int i = 0; i < runList_->count(); ++i) {
    const QString dir = runList_->item(i)->data(Qt::UserRole).toString();
    all << dir;
    if (runList_->item(i)->checkState() == Qt::Checked) shown << dir;
  }
  QSettings s;
  s.setValue(kRunsKey, all);
  s.setValue(kShownKey, shown);
}

void RunMonitor::restoreRuns() {
  QSettings s;
  const QStringList all = s.value(kRunsKey).toStringList(), shown = s.value(kShownKey).toStringList();
  restoring_ = true;
  for (const QString& dir : all) {
    attach(dir);
    setRunShown(dir, shown.contains(dir));
  }
  restoring_ = false;
}

void RunMonitor::followerLoad(RunFollower*, bool, double fraction) {
  bool any = false;
  for (const auto& [dir, f] : followers_) any = any || f->loading();
  loadBar_->setVisible(any);
  loadCancel_->setVisible(any);
  loadBar_->setValue(static_cast<int>(fraction * 1000));
}

void RunMonitor::showTrainingDialog() {
  if (!dialog_) {
    dialog_ = new TrainingDialog(this);
    connect(dialog_, &QDialog::accepted, this, [this] { startTraining(dialog_->request()); });
  }
  dialog_->show();
  dialog_->raise();
}

TrainingProcess* RunMonitor::startTraining(const TrainingRequest& request) {
  const QString dir = QDir(request.out).absolutePath();
  if (auto* running = process(dir); running && running->running()) {
    showError(tr("%1 is already training").arg(dir));
    return nullptr;
  }
  auto* p = process(dir);
  if (!p) {
    p = new TrainingProcess(this);
    processes_[dir] = p;
    connectProcess(p, dir);
  }
  p->setProgram(zsiProgram_);
  TrainingRequest r = request;
  r.out = dir;
  showError(QString());
  attach(dir);
  setCurrentRun(dir);
  log_->appendPlainText(QString());
  p->start(r);
  updateButtons();
  return p;
}

void RunMonitor::connectProcess(TrainingProcess* p, const QString& dir) {
  connect(p, &TrainingProcess::output, this, [this, dir](const QString& text) {
    if (currentRun() != dir) return;
    log_->moveCursor(QTextCursor::End);
    log_->insertPlainText(text);
    log_->moveCursor(QTextCursor::End);
  });
  connect(p, &TrainingProcess::finished, this, [this, dir, p](bool ok, int code, const QString& message) {
    if (auto* f = follower(dir)) f->poll();  // the last records before the plots settle
    if (!ok) showError(tr("Training in %1 failed (exit status %2):\n%3").arg(QFileInfo(dir).fileName()).arg(code).arg(message));
    else if (p->stopRequested()) showError(QString());
    syncNow();
    emit trainingFinished(dir, ok, message);
  });
}

TrainingProcess* RunMonitor::process(const QString& runDir) const {
  auto it = processes_.find(QDir(runDir).absolutePath());
  return it == processes_.end() ? nullptr : it->second;
}

bool RunMonitor::stopRun(const QString& runDir) {
  auto* p = process(runDir);
  if (!p || !p->running()) return false;
  p->stop();
  updateButtons();
  return true;
}

TrainingProcess* RunMonitor::resumeRun(const QString& runDir) {
  if (runDir.isEmpty()) return nullptr;
  TrainingRequest r;
  if (auto* p = process(runDir)) {
    r = p->request();  // same device and workers as before
    r.config.clear();  // the run's own config.json is used
    r.data.clear();
    r.images.clear();
    r.val.clear();
    r.valImages.clear();
    r.classes.clear();
  } else {
    r.device.clear();  // the trainer's default
  }
  r.out = runDir;
  r.resume = true;
  if (auto* f = follower(runDir)) f->start();  // following again if it was paused
  return startTraining(r);
}

bool RunMonitor::openLatestCheckpoint(const QString& runDir) {
  auto* f = follower(runDir);
  const QString path = f ? f->latestCheckpoint() : QString();
  if (path.isEmpty()) {
    showError(tr("%1 has no checkpoint yet").arg(QFileInfo(runDir).fileName()));
    return false;
  }
  emit openCheckpointRequested(path);
  return true;
}

void RunMonitor::updateButtons() {
  const QString dir = currentRun();
  auto* p = process(dir);
  const bool training = p && p->running();
  auto* f = follower(dir);
  removeButton_->setEnabled(!dir.isEmpty());
  stopButton_->setEnabled(training);
  stopButton_->setToolTip(training || dir.isEmpty() ? tr("Stop gracefully: the trainer finishes its step and saves a checkpoint")
                                                    : tr("Only runs started from this studio can be stopped here"));
  resumeButton_->setEnabled(!dir.isEmpty() && !training && f && !f->latestCheckpoint().isEmpty());
  openButton_->setEnabled(f && !f->latestCheckpoint().isEmpty());
  csvButton_->setEnabled(f && f->metrics());
}

void RunMonitor::showLog() {
  const QString dir = currentRun();
  if (auto* p = process(dir)) {
    log_->setPlainText(p->log());
    log_->moveCursor(QTextCursor::End);
    return;
  }
  // A run started elsewhere: the end of its train.log.
  QFile f(QDir(dir).filePath(QStringLiteral("train.log")));
  if (!dir.isEmpty() && f.open(QIODevice::ReadOnly)) {
    if (f.size() > 65536) f.seek(f.size() - 65536);
    log_->setPlainText(QString::fromUtf8(f.readAll()));
    log_->moveCursor(QTextCursor::End);
  } else {
    log_->clear();
  }
}

}  // namespace zsi::ui
