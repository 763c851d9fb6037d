#include "ui/TrainingProcess.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>

namespace zsi::ui {

QStringList TrainingRequest::arguments() const {
  QStringList a{QStringLiteral("train")};
  auto add = [&a](const char* option, const QString& value) {
    if (!value.isEmpty()) a << QString::fromLatin1(option) << value;
  };
  add("--config", config);
  add("--data", data);
  add("--images", images);
  add("--val", val);
  add("--val-images", valImages);
  add("--classes", classes);
  add("--out", out);
  add("--device", device);
  if (workers > 0) add("--workers", QString::number(workers));
  if (maxIters > 0) add("--max-iters", QString::number(maxIters));
  if (resume) a << QStringLiteral("--resume");
  // Plain lines: the log view is not a terminal.
  a << QStringLiteral("--progress") << QStringLiteral("0");
  return a;
}

QString TrainingRequest::problem() const {
  if (out.isEmpty()) return QObject::tr("Choose an output (run) directory.");
  if (resume) return {};
  if (config.isEmpty()) return QObject::tr("Choose a training config.");
  if (data.isEmpty()) return QObject::tr("Choose the training data (a COCO instances JSON).");
  if (images.isEmpty()) return QObject::tr("Choose the image folder of the training data.");
  return {};
}

TrainingProcess::TrainingProcess(QObject* parent) : QObject(parent), program_(findZsi()) {
  connect(&process_, &QProcess::readyReadStandardOutput, this, [this] { read(QProcess::StandardOutput); });
  connect(&process_, &QProcess::readyReadStandardError, this, [this] { read(QProcess::StandardError); });
  connect(&process_, &QProcess::started, this, &TrainingProcess::started);
  connect(&process_, &QProcess::errorOccurred, this, [this](QProcess::ProcessError e) {
    if (e != QProcess::FailedToStart) return;
    const QString m = tr("cannot start %1: %2").arg(program_, process_.errorString());
    log_ += m + QLatin1Char('\n');
    emit output(m + QLatin1Char('\n'));
    emit finished(false, -1, m);
  });
  connect(&process_, qOverload<int, QProcess::ExitStatus>(&QProcess::finished), this,
          [this](int code, QProcess::ExitStatus status) {
            read(QProcess::StandardOutput);
            read(QProcess::StandardError);
            const bool ok = status == QProcess::NormalExit && code == 0;
            QString message;
            if (!ok) {
              message = stderrTail_.trimmed();
              if (message.isEmpty())
                message = status == QProcess::CrashExit ? tr("zsi train crashed") : tr("zsi train exited with status %1").arg(code);
            }
            emit finished(ok, status == QProcess::NormalExit ? code : -1, message);
          });
}

TrainingProcess::~TrainingProcess() {
  if (running()) {
    // The studio is closing: let the trainer save its checkpoint, but do not hang forever.
    process_.terminate();
    if (!process_.waitForFinished(30000)) {
      process_.kill();
      process_.waitForFinished(5000);
    }
  }
}

QString TrainingProcess::findZsi() {
  const QString dir = QCoreApplication::applicationDirPath();
  for (const QString& candidate : {dir + QStringLiteral("/zsi"), dir + QStringLiteral("/../zsi")})
    if (QFileInfo(candidate).isExecutable()) return QFileInfo(candidate).canonicalFilePath();
  const QString onPath = QStandardPaths::findExecutable(QStringLiteral("zsi"));
  return onPath.isEmpty() ? QStringLiteral("zsi") : onPath;
}

bool TrainingProcess::start(const TrainingRequest& request) {
  if (running()) return false;
  request_ = request;
  stopRequested_ = false;
  stderrTail_.clear();
  if (const QString p = request.problem(); !p.isEmpty()) {
    emit finished(false, -1, p);
    return false;
  }
  const QStringList args = request.arguments();
  const QString line = QStringLiteral("$ ") + program_ + QLatin1Char(' ') + args.join(QLatin1Char(' ')) + QLatin1Char('\n');
  log_ += line;
  emit output(line);
  process_.setProgram(program_);
  process_.setArguments(args);
  process_.start();
  return true;
}

void TrainingProcess::stop() {
  if (!running()) return;
  stopRequested_ = true;
  process_.terminate();  // SIGTERM on Unix
}

void TrainingProcess::kill() {
  if (running()) process_.kill();
}

void TrainingProcess::read(QProcess::ProcessChannel channel) {
  process_.setReadChannel(channel);
  const QString text = QString::fromLocal8Bit(process_.readAll());
  if (text.isEmpty()) return;
  if (channel == QProcess::StandardError) {
    stderrTail_ += text;
    // The message of a failure is its last lines; keep a bounded tail.
    if (stderrTail_.size() > 4000) stderrTail_ = stderrTail_.right(4000);
  }
  log_ += text;
  if (log_.size() > 2'000'000) log_ = log_.right(1'000'000);
  emit output(text);
}

}  // namespace zsi::ui
