#include "ui/RunFollower.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <QPointer>

#include "ui/Background.h"

namespace zsi::ui {

RunFollower::RunFollower(const QString& runDir, QObject* parent)
    : QObject(parent),
      dir_(QDir(runDir).absolutePath()),
      reader_(std::make_unique<MetricsJsonlReader>(QDir(dir_).filePath(QStringLiteral("metrics.jsonl")).toStdString())),
      metrics_(std::make_unique<RunMetrics>()),
      cancel_(std::make_shared<std::atomic<bool>>(false)) {
  connect(&timer_, &QTimer::timeout, this, &RunFollower::poll);
}

RunFollower::~RunFollower() {
  // A worker still reading owns its copies; cancelling lets it finish quickly, its result is dropped.
  cancel_->store(true);
}

QString RunFollower::name() const { return QFileInfo(dir_).fileName(); }
QString RunFollower::metricsPath() const { return QDir(dir_).filePath(QStringLiteral("metrics.jsonl")); }

void RunFollower::start(int intervalMs) {
  timer_.start(intervalMs);
  poll();
}

void RunFollower::stop() { timer_.stop(); }

void RunFollower::poll() {
  if (!metrics_ || !reader_) return;  // a background read is running
  const std::uint64_t pending = reader_->pendingBytes();
  if (pending == 0) return;
  if (pending < backgroundBytes_) {
    const std::size_t before = metrics_->records;
    auto r = reader_->poll(*metrics_);
    if (!r.ok()) {
      lastError_ = QString::fromStdString(r.error().toString());
      return;
    }
    if (r->lines > 0 || r->restarted || metrics_->records != before) emit updated();
    return;
  }
  struct Job {
    std::unique_ptr<MetricsJsonlReader> reader;
    std::unique_ptr<RunMetrics> metrics;
  };
  auto job = std::make_shared<Job>(Job{std::move(reader_), std::move(metrics_)});
  cancel_ = std::make_shared<std::atomic<bool>>(false);
  Progress p;
  p.cancel = cancel_.get();
  QPointer<RunFollower> self(this);
  p.onProgress = [self](double fraction, const std::string&) {
    QMetaObject::invokeMethod(
        QCoreApplication::instance(), [self, fraction] { if (self) emit self->loadProgress(fraction); },
        Qt::QueuedConnection);
  };
  emit loadStarted();
  runInBackground(
      this, nullptr,
      [job, p, cancel = cancel_]() {  // `cancel` keeps the flag alive for p
        auto r = job->reader->poll(*job->metrics, &p);
        return std::make_pair(job, r.ok() ? QString() : QString::fromStdString(r.error().toString()));
      },
      [this](std::pair<std::shared_ptr<Job>, QString> done) {
        reader_ = std::move(done.first->reader);
        metrics_ = std::move(done.first->metrics);
        lastError_ = done.second;
        // A cancelled read would only start over at the next tick: pause until asked again.
        if (!done.second.isEmpty()) timer_.stop();
        emit updated();
        emit loadFinished(done.second.isEmpty(), done.second);
      });
}

void RunFollower::cancelLoad() { cancel_->store(true); }

QString RunFollower::latestCheckpoint() const {
  QFile latest(QDir(dir_).filePath(QStringLiteral("checkpoints/latest")));
  if (!latest.open(QIODevice::ReadOnly)) return {};
  const QString stem = QString::fromUtf8(latest.readAll()).trimmed();
  if (stem.isEmpty()) return {};
  const QString path = QDir(dir_).filePath(QStringLiteral("checkpoints/") + stem + QStringLiteral(".safetensors"));
  return QFileInfo::exists(path) ? path : QString();
}

}  // namespace zsi::ui
