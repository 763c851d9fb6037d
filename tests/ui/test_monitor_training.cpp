// The monitor with real trainers (`zsi train` children, tiny demo data on the CPU):
//  * a run started from the training dialog gains plot points while it runs; Stop makes the
//    trainer save a checkpoint and end; Resume continues the same run directory (a resume record,
//    iterations past the stop); "open checkpoint" hands over the newest checkpoint file;
//  * attaching to a run directory that a separate `zsi train` process writes shows its new points;
//  * a child that refuses its input shows its own message.

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>
#include <csignal>

#include "tests/ui/MonitorTestUtil.h"
#include "ui/MetricsPlot.h"
#include "ui/RunFollower.h"
#include "ui/RunMonitor.h"
#include "ui/TrainingDialog.h"

using namespace zsi;
using namespace zsi::ui;

namespace {

bool waitFor(const std::function<bool()>& condition, int ms) {
  QDeadlineTimer deadline(ms);
  while (!condition()) {
    if (deadline.hasExpired()) return false;
    QTest::qWait(50);
  }
  return true;
}

double lastIteration(RunMonitor& m, const QString& run) {
  const RunFollower* f = m.follower(run);
  return f && f->metrics() ? f->metrics()->lastIteration : 0;
}

}  // namespace

class TestMonitorTraining : public QObject {
  Q_OBJECT
  QTemporaryDir tmp_;
  test::TinyTraining tiny_;

 private slots:
  void initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("ZSI Studio Tests"));
    QCoreApplication::setApplicationName(QStringLiteral("monitor-training"));
    QSettings().clear();
    QVERIFY2(QFileInfo(test::zsiForMonitorTests()).isExecutable(), qPrintable(test::zsiForMonitorTests()));
    QString error;
    QVERIFY2(test::makeTinyTraining(tmp_.path(), &tiny_, &error), qPrintable(error));
  }

  void trainStopResumeOpen() {
    const QString run = tmp_.filePath(QStringLiteral("dialog-run"));
    RunMonitor m;
    m.setZsiProgram(test::zsiForMonitorTests());
    m.resize(1400, 900);
    m.show();
    m.showTrainingDialog();
    TrainingDialog* d = m.trainingDialog();
    QVERIFY(d && d->isVisible());
    QVERIFY(!d->startButton()->isEnabled());  // nothing chosen yet
    TrainingRequest r;
    r.config = tiny_.config;
    r.data = tiny_.data;
    r.images = tiny_.images;
    r.classes = tiny_.classes;
    r.out = run;
    r.device = QStringLiteral("cpu");
    r.workers = 1;
    d->setRequest(r);
    QVERIFY(d->startButton()->isEnabled());
    QSignalSpy finished(&m, &RunMonitor::trainingFinished);
    QTest::mouseClick(d->startButton(), Qt::LeftButton);
    QVERIFY(!d->isVisible());
    TrainingProcess* p = m.process(run);
    QVERIFY(p);
    QVERIFY(waitFor([&] { return p->running(); }, 10000));

    // The plot gains points while it runs.
    MetricsPlot* losses = m.plot(SeriesGroup::Loss);
    QVERIFY2(waitFor([&] { return lastIteration(m, run) >= 2; }, 120000), qPrintable(m.logText()));
    const std::size_t before = losses->plottedPoints();
    QVERIFY(before > 0);
    QVERIFY2(waitFor([&] { return lastIteration(m, run) >= 4; }, 120000), qPrintable(m.logText()));
    QVERIFY(waitFor([&] { return m.isSettled(); }, 5000));
    m.syncNow();
    QVERIFY(losses->plottedPoints() > before);
    QVERIFY(m.seriesNames().contains(QStringLiteral("loss_semantic")));
    QVERIFY(m.logText().contains(QStringLiteral("iteration")));

    // Stop: a checkpoint, an "interrupted" end, exit status 0.
    QVERIFY(m.stopRun(run));
    QVERIFY(finished.wait(120000) || !finished.isEmpty());
    QCOMPARE(finished.first().at(1).toBool(), true);
    QVERIFY(waitFor([&] { return m.isSettled(); }, 5000));
    m.syncNow();
    const RunMetrics* metrics = m.follower(run)->metrics();
    QCOMPARE(metrics->status, std::string("interrupted"));
    const QString checkpoint = m.follower(run)->latestCheckpoint();
    QVERIFY(!checkpoint.isEmpty());
    const double stoppedAt = metrics->lastIteration;
    QVERIFY(checkpoint.contains(QStringLiteral("iter_%1").arg(static_cast<int>(stoppedAt), 8, 10, QLatin1Char('0'))));

    // Resume continues the same run directory.
    finished.clear();
    TrainingProcess* resumed = m.resumeRun(run);
    QVERIFY(resumed);
    QVERIFY(resumed->request().resume);
    QVERIFY2(waitFor([&] { return lastIteration(m, run) >= stoppedAt + 2; }, 120000), qPrintable(m.logText()));
    QCOMPARE(m.follower(run)->metrics()->status, std::string("running"));
    QVERIFY(m.stopRun(run));
    QVERIFY(finished.wait(120000) || !finished.isEmpty());
    QCOMPARE(finished.first().at(1).toBool(), true);
    QFile metricsFile(run + QStringLiteral("/metrics.jsonl"));
    QVERIFY(metricsFile.open(QIODevice::ReadOnly));
    const QByteArray all = metricsFile.readAll();
    QCOMPARE(all.count("\"event\":\"start\""), 1);
    QCOMPARE(all.count("\"event\":\"resume\""), 1);

    // Open the latest checkpoint: the newest one, after the resumed session.
    QSignalSpy open(&m, &RunMonitor::openCheckpointRequested);
    QVERIFY(m.openLatestCheckpoint(run));
    QCOMPARE(open.size(), 1);
    const QString newest = open.first().first().toString();
    QVERIFY(QFileInfo::exists(newest));
    QVERIFY(newest != checkpoint);
  }

  void followsARunWrittenByAnotherProcess() {
    const QString run = tmp_.filePath(QStringLiteral("separate-run"));
    QProcess trainer;
    trainer.setProcessChannelMode(QProcess::MergedChannels);
    trainer.start(test::zsiForMonitorTests(),
                  {QStringLiteral("train"), QStringLiteral("--config"), tiny_.config, QStringLiteral("--data"), tiny_.data,
                   QStringLiteral("--images"), tiny_.images, QStringLiteral("--out"), run, QStringLiteral("--progress"),
                   QStringLiteral("0")});
    QVERIFY(trainer.waitForStarted());
    RunMonitor m;
    m.show();
    m.attach(run);  // the folder may not even exist yet
    QVERIFY2(waitFor([&] { return lastIteration(m, run) >= 1; }, 120000), trainer.readAll().constData());
    const double first = lastIteration(m, run);
    const std::size_t points = m.plot(SeriesGroup::Loss)->plottedPoints();
    QVERIFY2(waitFor([&] { return lastIteration(m, run) >= first + 2; }, 120000), trainer.readAll().constData());
    QVERIFY(waitFor([&] { return m.isSettled(); }, 5000));
    m.syncNow();
    QVERIFY(m.plot(SeriesGroup::Loss)->plottedPoints() > points);
    QVERIFY(m.process(run) == nullptr);  // not ours: no stop button
    ::kill(static_cast<pid_t>(trainer.processId()), SIGTERM);
    QVERIFY(trainer.waitForFinished(120000));
    QCOMPARE(trainer.exitCode(), 0);
    QVERIFY(waitFor([&] { m.follower(run)->poll(); return m.follower(run)->metrics()->status == "interrupted"; }, 10000));
  }

  void childErrorsAreShown() {
    const QString bad = tmp_.filePath(QStringLiteral("broken.json"));
    QFile f(bad);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("{\"images\": [ {\"id\": 1, \"file_name\": ");
    f.close();
    RunMonitor m;
    m.setZsiProgram(test::zsiForMonitorTests());
    QSignalSpy finished(&m, &RunMonitor::trainingFinished);
    QSignalSpy errors(&m, &RunMonitor::errorOccurred);
    TrainingRequest r;
    r.config = tiny_.config;
    r.data = bad;
    r.images = tiny_.images;
    r.out = tmp_.filePath(QStringLiteral("failed-run"));
    QVERIFY(m.startTraining(r));
    QVERIFY(finished.wait(120000) || !finished.isEmpty());
    QCOMPARE(finished.first().at(1).toBool(), false);
    QVERIFY2(m.errorText().contains(QStringLiteral("broken.json")), qPrintable(m.errorText()));
    QVERIFY(!errors.isEmpty());
  }
};

QTEST_MAIN(TestMonitorTraining)
#include "test_monitor_training.moc"
