// The training monitor's widgets, offscreen, with a writer appending metrics.jsonl at 10 Hz the way
// a trainer does: the plots gain points as lines arrive, series toggles, smoothing, log scale,
// zoom, hover values, several runs overlaid, PNG and CSV export, a large backlog read in the
// background with progress and cancel, and the run list surviving a restart.

#include <QCheckBox>
#include <QFile>
#include <QImage>
#include <QListWidget>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>
#include <qcustomplot.h>

#include "tests/ui/MonitorTestUtil.h"
#include "ui/MetricsPlot.h"
#include "ui/RunFollower.h"
#include "ui/RunMonitor.h"

using namespace zsi;
using namespace zsi::ui;

namespace {

void appendBytes(const QString& path, const QByteArray& bytes) {
  QFile f(path);
  QVERIFY(f.open(QIODevice::Append));
  f.write(bytes);
}

bool waitFor(const std::function<bool()>& condition, int ms = 20000) {
  QDeadlineTimer deadline(ms);
  while (!condition()) {
    if (deadline.hasExpired()) return false;
    QTest::qWait(20);
  }
  return true;
}

QCPGraph* graphNamed(MetricsPlot* p, const QString& name) {
  for (int i = 0; i < p->plot()->graphCount(); ++i)
    if (p->plot()->graph(i)->name() == name) return p->plot()->graph(i);
  return nullptr;
}

}  // namespace

class TestMonitorGui : public QObject {
  Q_OBJECT
  QTemporaryDir tmp_;

 private slots:
  void initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("ZSI Studio Tests"));
    QCoreApplication::setApplicationName(QStringLiteral("monitor-gui"));
    QSettings().clear();
  }

  void followsAppendsAsTheyArrive() {
    const QString run = tmp_.filePath(QStringLiteral("live"));
    QDir().mkpath(run);
    const QString metrics = run + QStringLiteral("/metrics.jsonl");
    RunMonitor m;
    m.resize(1400, 900);
    m.show();
    m.attach(run);  // before the trainer wrote anything
    QVERIFY(m.follower(run)->metrics()->records == 0);
    appendBytes(metrics, test::startRecord());
    int next = 1;
    QTimer writer;
    connect(&writer, &QTimer::timeout, this, [&] { appendBytes(metrics, test::stepRecord(next, 5.0 / next)), ++next; });
    writer.start(100);
    MetricsPlot* losses = m.plot(SeriesGroup::Loss);
    QVERIFY(waitFor([&] { return losses->plottedPoints() >= 3 * 5; }));
    const std::size_t early = losses->plottedPoints();
    QVERIFY(waitFor([&] { return losses->plottedPoints() >= early + 3 * 5; }));
    writer.stop();
    QVERIFY(waitFor([&] { return m.follower(run)->metrics()->stepCount() == static_cast<std::size_t>(next - 1); }));
    QVERIFY(waitFor([&] { return m.isSettled(); }));
    const int steps = next - 1;
    QCOMPARE(losses->plottedPoints(), static_cast<std::size_t>(3 * steps));  // loss, loss_mask, loss_rpn_cls
    QCOMPARE(m.plot(SeriesGroup::LearningRate)->plottedPoints(), static_cast<std::size_t>(steps));
    QCOMPARE(m.plot(SeriesGroup::Speed)->lineCount(), 3);
    QVERIFY(m.seriesNames().contains(QStringLiteral("loss_mask")));
    QVERIFY(m.plot(SeriesGroup::Loss)->following());

    // Series toggle.
    QCPGraph* mask = graphNamed(losses, QStringLiteral("loss_mask"));
    QVERIFY(mask && mask->visible());
    m.setSeriesShown(QStringLiteral("loss_mask"), false);
    QVERIFY(!mask->visible());
    m.setSeriesShown(QStringLiteral("loss_mask"), true);
    QVERIFY(mask->visible());

    // Smoothing changes the values, not the points; 0 gives the raw values back.
    QCPGraph* total = graphNamed(losses, QStringLiteral("loss"));
    const double rawLast = (total->data()->constEnd() - 1)->value;
    QVERIFY(qAbs(rawLast - 5.0 / steps) < 1e-5);  // the record has 6 digits
    m.setSmoothing(0.9);
    const double smoothLast = (total->data()->constEnd() - 1)->value;
    QVERIFY2(smoothLast > rawLast * 1.2, qPrintable(QString::number(smoothLast)));
    QCOMPARE(total->dataCount(), steps);
    m.setSmoothing(0);
    QCOMPARE((total->data()->constEnd() - 1)->value, rawLast);

    // Log scale.
    m.setLogScale(true);
    QCOMPARE(losses->plot()->yAxis->scaleType(), QCPAxis::stLogarithmic);
    m.setLogScale(false);
    QCOMPARE(losses->plot()->yAxis->scaleType(), QCPAxis::stLinear);

    // Hover: the pixel of a known point names its series, iteration and value.
    losses->plot()->replot(QCustomPlot::rpImmediateRefresh);
    const auto point = total->data()->at(4);
    const QPointF pixel(losses->plot()->xAxis->coordToPixel(point->key), losses->plot()->yAxis->coordToPixel(point->value));
    const QString text = losses->valueAt(pixel);
    QVERIFY2(text.contains(QStringLiteral("iteration 5:")), qPrintable(text));

    // Zoom: stops following; double-click semantics (resetView) follow again.
    losses->setXRange(2, 6);
    QVERIFY(!losses->following());
    appendBytes(metrics, test::stepRecord(next, 0.01));
    QVERIFY(waitFor([&] { return total->dataCount() == steps + 1; }));
    QCOMPARE(losses->plot()->xAxis->range().lower, 2.0);
    losses->resetView();
    QVERIFY(losses->following());
    QVERIFY(losses->plot()->xAxis->range().upper >= steps + 1);

    // Exports.
    const QString png = tmp_.filePath(QStringLiteral("plots.png"));
    QVERIFY(m.exportPng(png));
    QImage image(png);
    QVERIFY(image.width() > 400 && image.height() > 300);
    const QString csv = tmp_.filePath(QStringLiteral("live.csv"));
    QString error;
    QVERIFY2(m.exportCsv(run, csv, &error), qPrintable(error));
    QFile c(csv);
    QVERIFY(c.open(QIODevice::ReadOnly));
    const QList<QByteArray> rows = c.readAll().split('\n');
    QVERIFY(rows[0].startsWith("iteration,"));
    QVERIFY(rows[0].contains("loss_mask"));
    QCOMPARE(rows.size(), steps + 1 + 1 + 1);  // header, steps, the extra one, trailing newline
  }

  void overlaysRunsAndRemembersThem() {
    const QString a = tmp_.filePath(QStringLiteral("runA")), b = tmp_.filePath(QStringLiteral("runB"));
    for (const QString& dir : {a, b}) {
      QDir().mkpath(dir);
      QByteArray text = test::startRecord();
      for (int i = 1; i <= 20; ++i) text += test::stepRecord(i, dir == a ? 2.0 / i : 3.0 / i);
      text += "{\"event\":\"eval\",\"iteration\":20,\"epoch\":1,\"mode\":\"gzsd\",\"bbox\":{\"iou\":[0.4,0.5,0.6],"
              "\"seen\":{\"ap\":[0.4,0.3,0.2],\"recall\":[0.6,0.5,0.4]},\"unseen\":{\"ap\":[0.1,0.08,0.06],"
              "\"recall\":[0.4,0.35,0.3]},\"gzsi\":{\"iou\":0.5,\"seen_ap\":0.3,\"unseen_ap\":0.08,\"hm_ap\":0.126,"
              "\"seen_recall\":0.5,\"unseen_recall\":0.35,\"hm_recall\":0.41}},\"time\":2.0}\n";
      appendBytes(dir + QStringLiteral("/metrics.jsonl"), text);
    }
    {
      RunMonitor m;
      m.attach(a);
      m.attach(b);
      QVERIFY(waitFor([&] { return m.isSettled() && m.plot(SeriesGroup::Loss)->lineCount() == 6; }));
      m.syncNow();
      QVERIFY(graphNamed(m.plot(SeriesGroup::Loss), QStringLiteral("runA · loss")));
      QVERIFY(graphNamed(m.plot(SeriesGroup::Loss), QStringLiteral("runB · loss")));
      QCOMPARE(m.plot(SeriesGroup::Loss)->plot()->legend->itemCount(), 6);
      // Evaluation: 16 series per run, of which unseen AP and HM at 0.5 show until picked.
      MetricsPlot* eval = m.plot(SeriesGroup::Eval);
      QCOMPARE(eval->lineCount(), 2 * 16);
      QCOMPARE(eval->plot()->legend->itemCount(), 2 * 2);
      QVERIFY(graphNamed(eval, QStringLiteral("runA · bbox GZSI hm_ap@0.5"))->visible());
      QVERIFY(!graphNamed(eval, QStringLiteral("runA · bbox seen AP@0.5"))->visible());
      m.setSeriesShown(QStringLiteral("bbox seen AP@0.5"), true);
      QVERIFY(graphNamed(eval, QStringLiteral("runA · bbox seen AP@0.5"))->visible());
      m.setRunShown(b, false);
      m.syncNow();
      QCOMPARE(m.plot(SeriesGroup::Loss)->lineCount(), 3);
    }
    RunMonitor again;
    again.restoreRuns();
    QVERIFY(again.runs().contains(QDir(a).absolutePath()));
    QVERIFY(again.runs().contains(QDir(b).absolutePath()));
    QVERIFY(waitFor([&] { return again.isSettled(); }));
    again.syncNow();
    QCOMPARE(again.plot(SeriesGroup::Loss)->lineCount(), 3);  // runB still unchecked
  }

  void largeBacklogReadsInBackgroundWithCancel() {
    const QString run = tmp_.filePath(QStringLiteral("big"));
    QDir().mkpath(run);
    QByteArray text = test::startRecord();
    for (int i = 1; i <= 30000; ++i) text += test::stepRecord(i, 1.0 + (i % 100) * 0.01);
    appendBytes(run + QStringLiteral("/metrics.jsonl"), text);
    RunMonitor m;
    QSignalSpy started(&m, &RunMonitor::runsChanged);
    RunFollower* f = m.attach(run);  // > 4 MiB: read on a worker
    QVERIFY(f->loading());
    QVERIFY(!m.isSettled());
    QVERIFY(waitFor([&] { return m.isSettled(); }));
    m.syncNow();
    QCOMPARE(f->metrics()->stepCount(), std::size_t(30000));
    // Bucketed: at most kMaxPoints per line on screen, the extremes kept.
    MetricsPlot* losses = m.plot(SeriesGroup::Loss);
    QVERIFY(losses->plottedPoints() <= 3u * MetricsPlot::kMaxPoints);
    QCPGraph* total = graphNamed(losses, QStringLiteral("loss"));
    bool found = false;
    QCPRange y = total->getValueRange(found);
    QVERIFY(found);
    QCOMPARE(static_cast<float>(y.upper), 1.99f);
    QCOMPARE(static_cast<float>(y.lower), 1.0f);
    // Zooming in re-buckets the visible range: every record there is shown.
    losses->setXRange(1000, 1100);
    QVERIFY(waitFor([&] { return total->dataCount() < 200 && total->dataCount() >= 101; }, 5000));

    // Cancel: a second, larger backlog; cancelling keeps the follower paused, not crashed.
    const QString run2 = tmp_.filePath(QStringLiteral("big2"));
    QDir().mkpath(run2);
    QByteArray more;
    for (int i = 1; i <= 120000; ++i) more += test::stepRecord(i, 1.0);
    appendBytes(run2 + QStringLiteral("/metrics.jsonl"), more);
    RunFollower* g = m.attach(run2);
    QVERIFY(g->loading());
    g->cancelLoad();
    QVERIFY(waitFor([&] { return !g->loading(); }));
    if (g->metrics()->stepCount() < 120000) {  // the cancel arrived before the end
      QVERIFY(g->paused());
      QVERIFY(!g->lastError().isEmpty());
      g->start();
      QVERIFY(waitFor([&] { return !g->loading() && g->metrics()->stepCount() == 120000; }));
    }
  }
};

QTEST_MAIN(TestMonitorGui)
#include "test_monitor_gui.moc"
