#include "ui/RunMonitor.h"

#include <QCheckBox>
#include <QFileDialog>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPainter>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSlider>
#include <QSplitter>
#include <QToolButton>
#include <QVBoxLayout>
#include <cmath>
#include <qcustomplot.h>

#include "core/util/AtomicFile.h"
#include "ui/MetricsPlot.h"
#include "ui/RunFollower.h"
#include "ui/TrainingDialog.h"

namespace zsi::ui {

RunMonitor::RunMonitor(QWidget* parent) : QWidget(parent), zsiProgram_(TrainingProcess::findZsi()) {
  buildUi();
  syncTimer_.setSingleShot(true);
  syncTimer_.setInterval(0);
  connect(&syncTimer_, &QTimer::timeout, this, &RunMonitor::syncNow);
  const QStringList hidden = QSettings().value(QStringLiteral("monitor/hiddenSeries")).toStringList();
  const QStringList shown = QSettings().value(QStringLiteral("monitor/shownSeries")).toStringList();
  hidden_ = QSet<QString>(hidden.begin(), hidden.end());
  shown_ = QSet<QString>(shown.begin(), shown.end());
}

RunMonitor::~RunMonitor() = default;

void RunMonitor::buildUi() {
  auto* outer = new QHBoxLayout(this);
  outer->setContentsMargins(4, 4, 4, 4);
  auto* split = new QSplitter(Qt::Horizontal, this);
  outer->addWidget(split);

  // Left: runs, their controls, series toggles and display options.
  auto* side = new QWidget(split);
  auto* sl = new QVBoxLayout(side);
  sl->setContentsMargins(0, 0, 0, 0);
  sl->addWidget(new QLabel(tr("<b>Runs</b> (checked: overlaid)"), side));
  runList_ = new QListWidget(side);
  runList_->setObjectName(QStringLiteral("runList"));
  sl->addWidget(runList_, 2);
  auto* runButtons = new QGridLayout;
  trainButton_ = new QPushButton(tr("Train…"), side);
  attachButton_ = new QPushButton(tr("Attach…"), side);
  removeButton_ = new QPushButton(tr("Remove"), side);
  stopButton_ = new QPushButton(tr("Stop"), side);
  resumeButton_ = new QPushButton(tr("Resume"), side);
  openButton_ = new QPushButton(tr("Open checkpoint"), side);
  stopButton_->setToolTip(tr("Stop gracefully: the trainer finishes its step and saves a checkpoint"));
  resumeButton_->setToolTip(tr("Continue the run from its latest checkpoint (zsi train --resume)"));
  openButton_->setToolTip(tr("Load the run's latest checkpoint into the viewer"));
  attachButton_->setToolTip(tr("Follow any run directory, e.g. one a cluster job writes on a shared file system"));
  runButtons->addWidget(trainButton_, 0, 0);
  runButtons->addWidget(attachButton_, 0, 1);
  runButtons->addWidget(removeButton_, 0, 2);
  runButtons->addWidget(stopButton_, 1, 0);
  runButtons->addWidget(resumeButton_, 1, 1);
  runButtons->addWidget(openButton_, 1, 2);
  sl->addLayout(runButtons);
  auto* loadRow = new QHBoxLayout;
  loadBar_ = new QProgressBar(side);
  loadBar_->setRange(0, 1000);
  loadBar_->setFormat(tr("reading metrics %p%"));
  loadCancel_ = new QToolButton(side);
  loadCancel_->setText(tr("Cancel"));
  loadRow->addWidget(loadBar_, 1);
  loadRow->addWidget(loadCancel_);
  loadBar_->hide();
  loadCancel_->hide();
  sl->addLayout(loadRow);

  sl->addWidget(new QLabel(tr("<b>Series</b>"), side));
  seriesList_ = new QListWidget(side);
  seriesList_->setObjectName(QStringLiteral("seriesList"));
  sl->addWidget(seriesList_, 3);
  auto* smoothRow = new QHBoxLayout;
  smoothRow->addWidget(new QLabel(tr("Smoothing"), side));
  smoothing_ = new QSlider(Qt::Horizontal, side);
  smoothing_->setRange(0, 99);
  smoothingLabel_ = new QLabel(QStringLiteral("0.00"), side);
  smoothRow->addWidget(smoothing_, 1);
  smoothRow->addWidget(smoothingLabel_);
  sl->addLayout(smoothRow);
  logScale_ = new QCheckBox(tr("Logarithmic loss axis"), side);
  sl->addWidget(logScale_);
  auto* exportRow = new QHBoxLayout;
  pngButton_ = new QPushButton(tr("Export PNG…"), side);
  csvButton_ = new QPushButton(tr("Export CSV…"), side);
  exportRow->addWidget(pngButton_);
  exportRow->addWidget(csvButton_);
  sl->addLayout(exportRow);
  hover_ = new QLabel(side);
  hover_->setWordWrap(true);
  hover_->setMinimumHeight(fontMetrics().height() * 2);
  sl->addWidget(hover_);

  // Right: the plots above the log.
  auto* right = new QSplitter(Qt::Vertical, split);
  plotArea_ = new QWidget(right);
  auto* grid = new QGridLayout(plotArea_);
  grid->setContentsMargins(0, 0, 0, 0);
  grid->setSpacing(2);
  for (int g = 0; g < kSeriesGroups; ++g) {
    plots_[g] = new MetricsPlot(static_cast<SeriesGroup>(g), plotArea_);
    connect(plots_[g], &MetricsPlot::hovered, hover_, &QLabel::setText);
  }
  grid->addWidget(plot(SeriesGroup::Loss), 0, 0, 1, 2);
  grid->addWidget(plot(SeriesGroup::Eval), 0, 2);
  grid->addWidget(plot(SeriesGroup::LearningRate), 1, 0);
  grid->addWidget(plot(SeriesGroup::Speed), 1, 1);
  grid->addWidget(plot(SeriesGroup::Other), 1, 2);
  grid->setRowStretch(0, 3);
  grid->setRowStretch(1, 2);
  auto* bottom = new QWidget(right);
  auto* bl = new QVBoxLayout(bottom);
  bl->setContentsMargins(0, 0, 0, 0);
  error_ = new QLabel(bottom);
  error_->setObjectName(QStringLiteral("trainingError"));
  error_->setWordWrap(true);
  error_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  error_->setStyleSheet(QStringLiteral("color: #b00020"));
  error_->hide();
  bl->addWidget(error_);
  log_ = new QPlainTextEdit(bottom);
  log_->setReadOnly(true);
  log_->setMaximumBlockCount(20000);
  log_->setFont(QFont(QStringLiteral("monospace")));
  log_->setPlaceholderText(tr("The output of runs started here; for other runs see train.log in the run directory."));
  bl->addWidget(log_);
  right->setStretchFactor(0, 4);
  right->setStretchFactor(1, 1);
  split->setStretchFactor(0, 0);
  split->setStretchFactor(1, 1);
  split->setSizes({260, 1000});

  connect(trainButton_, &QPushButton::clicked, this, &RunMonitor::showTrainingDialog);
  connect(attachButton_, &QPushButton::clicked, this, [this] {
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Attach to a run directory"));
    if (!dir.isEmpty()) attach(dir);
  });
  connect(removeButton_, &QPushButton::clicked, this, [this] {
    if (!currentRun().isEmpty()) detach(currentRun());
  });
  connect(stopButton_, &QPushButton::clicked, this, [this] { stopRun(currentRun()); });
  connect(resumeButton_, &QPushButton::clicked, this, [this] { resumeRun(currentRun()); });
  connect(openButton_, &QPushButton::clicked, this, [this] { openLatestCheckpoint(currentRun()); });
  connect(pngButton_, &QPushButton::clicked, this, [this] {
    const QString f = QFileDialog::getSaveFileName(this, tr("Export plots"), QStringLiteral("training.png"), tr("PNG (*.png)"));
    if (!f.isEmpty() && !exportPng(f)) showError(tr("Cannot write %1").arg(f));
  });
  connect(csvButton_, &QPushButton::clicked, this, [this] {
    if (currentRun().isEmpty()) return;
    const QString f = QFileDialog::getSaveFileName(this, tr("Export metrics"), QStringLiteral("metrics.csv"), tr("CSV (*.csv)"));
    QString error;
    if (!f.isEmpty() && !exportCsv(currentRun(), f, &error)) showError(error);
  });
  connect(smoothing_, &QSlider::valueChanged, this, [this](int v) { setSmoothing(v / 100.0); });
  connect(logScale_, &QCheckBox::toggled, this, &RunMonitor::setLogScale);
  connect(seriesList_, &QListWidget::itemChanged, this, [this](QListWidgetItem* item) {
    setSeriesShown(item->text(), item->checkState() == Qt::Checked);
  });
  connect(runList_, &QListWidget::itemChanged, this, [this](QListWidgetItem*) {
    if (restoring_) return;
    saveRuns();
    scheduleSync();
  });
  connect(runList_, &QListWidget::currentItemChanged, this, [this] {
    showLog();
    updateButtons();
  });
  connect(loadCancel_, &QToolButton::clicked, this, [this] {
    for (auto& [dir, f] : followers_)
      if (f->loading()) f->cancelLoad();
  });
  updateButtons();
}

void RunMonitor::scheduleSync() {
  if (!syncTimer_.isActive()) syncTimer_.start();
}

void RunMonitor::syncNow() {
  syncTimer_.stop();
  std::vector<PlotRun> shown;
  for (int i = 0; i < runList_->count(); ++i) {
    QListWidgetItem* item = runList_->item(i);
    if (item->checkState() != Qt::Checked) continue;
    const QString dir = item->data(Qt::UserRole).toString();
    const RunFollower* f = follower(dir);
    if (!f) continue;
    shown.push_back(PlotRun{dir, f->name(), f->metrics()});
  }
  const QSet<QString> hidden = hiddenNow();
  for (auto* p : plots_) p->sync(shown, hidden);
  for (auto& [dir, f] : followers_) refreshRunItem(dir);
  updateSeriesList();
  updateButtons();
  emit plotsUpdated();
}

void RunMonitor::updateSeriesList() {
  const QStringList names = seriesNames();
  bool same = seriesList_->count() == names.size();
  for (int i = 0; same && i < names.size(); ++i) same = seriesList_->item(i)->text() == names[i];
  if (same) return;
  const QSignalBlocker block(seriesList_);
  seriesList_->clear();
  for (const QString& n : names) {
    auto* item = new QListWidgetItem(n, seriesList_);
    item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
    item->setCheckState(isHidden(n) ? Qt::Unchecked : Qt::Checked);
  }
}

QStringList RunMonitor::seriesNames() const {
  QStringList names;
  // In plot order: losses first, then learning rate, speed, other, evaluation.
  for (int g = 0; g < kSeriesGroups; ++g)
    for (const auto& [dir, f] : followers_) {
      const RunMetrics* m = f->metrics();
      if (!m) continue;
      if (static_cast<SeriesGroup>(g) == SeriesGroup::Eval) {
        for (const auto& e : m->evalSeries())
          if (!names.contains(QString::fromStdString(e.name))) names << QString::fromStdString(e.name);
      } else {
        for (const auto& c : m->columns())
          if (static_cast<int>(c.group) == g && !names.contains(QString::fromStdString(c.name)))
            names << QString::fromStdString(c.name);
      }
    }
  return names;
}

void RunMonitor::setSmoothing(double weight) {
  for (auto* p : plots_)
    if (p->group() != SeriesGroup::Eval && p->group() != SeriesGroup::LearningRate) p->setSmoothing(weight);
  smoothingLabel_->setText(QString::number(weight, 'f', 2));
  const int v = static_cast<int>(std::lround(weight * 100));
  if (smoothing_->value() != v) {
    const QSignalBlocker block(smoothing_);
    smoothing_->setValue(v);
  }
}

void RunMonitor::setLogScale(bool on) {
  plot(SeriesGroup::Loss)->setLogScale(on);
  if (logScale_->isChecked() != on) {
    const QSignalBlocker block(logScale_);
    logScale_->setChecked(on);
  }
}

bool RunMonitor::isHidden(const QString& series) const {
  if (hidden_.contains(series)) return true;
  if (shown_.contains(series)) return false;
  for (const auto& [dir, f] : followers_) {
    const RunMetrics* m = f->metrics();
    if (!m) continue;
    for (const auto& e : m->evalSeries())
      if (QString::fromStdString(e.name) == series)
        return !(series.contains(QLatin1String("unseen AP@0.5")) || series.contains(QLatin1String("hm_ap@0.5")));
  }
  return false;
}

QSet<QString> RunMonitor::hiddenNow() const {
  QSet<QString> out;
  for (const QString& n : seriesNames())
    if (isHidden(n)) out.insert(n);
  return out;
}

void RunMonitor::setSeriesShown(const QString& series, bool shown) {
  if (shown) {
    hidden_.remove(series);
    shown_.insert(series);
  } else {
    hidden_.insert(series);
    shown_.remove(series);
  }
  QSettings s;
  s.setValue(QStringLiteral("monitor/hiddenSeries"), QStringList(hidden_.begin(), hidden_.end()));
  s.setValue(QStringLiteral("monitor/shownSeries"), QStringList(shown_.begin(), shown_.end()));
  const auto items = seriesList_->findItems(series, Qt::MatchExactly);
  for (auto* item : items) {
    const QSignalBlocker block(seriesList_);
    item->setCheckState(shown ? Qt::Checked : Qt::Unchecked);
  }
  syncNow();
}

bool RunMonitor::exportPng(const QString& path) {
  for (auto* p : plots_) p->plot()->replot(QCustomPlot::rpImmediateRefresh);
  return plotArea_->grab().save(path, "PNG");
}

bool RunMonitor::exportCsv(const QString& runDir, const QString& path, QString* error) {
  const RunFollower* f = follower(runDir);
  if (!f || !f->metrics()) {
    if (error) *error = tr("%1 is not loaded").arg(runDir);
    return false;
  }
  const RunMetrics& m = *f->metrics();
  std::string text = m.stepsCsv();
  // Evaluations after the steps, in a second table (their x is the epoch).
  if (!m.evalSeries().empty()) {
    text += "\nseries,epoch,iteration,value\n";
    for (const auto& e : m.evalSeries())
      for (std::size_t i = 0; i < e.value.size(); ++i)
        text += e.name + "," + std::to_string(e.epoch[i]) + "," + std::to_string(e.iteration[i]) + "," +
                std::to_string(e.value[i]) + "\n";
  }
  Status s = writeFileAtomic(path.toStdString(), text);
  if (!s.ok()) {
    if (error) *error = QString::fromStdString(s.error().toString());
    return false;
  }
  return true;
}

bool RunMonitor::isSettled() const {
  if (syncTimer_.isActive()) return false;
  for (const auto& [dir, f] : followers_)
    if (f->loading()) return false;
  return true;
}

QString RunMonitor::logText() const { return log_->toPlainText(); }
QString RunMonitor::errorText() const { return error_->isVisible() || !error_->text().isEmpty() ? error_->text() : QString(); }

void RunMonitor::showError(const QString& message) {
  error_->setText(message);
  error_->setVisible(!message.isEmpty());
  if (!message.isEmpty()) emit errorOccurred(message);
}

}  // namespace zsi::ui
