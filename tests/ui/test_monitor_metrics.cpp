// The per-class metrics view on the shared COCO sample and pycocotools' reference detections:
// the GZSI summary and per-class numbers equal the reference (eval_seed777.json), the table sorts
// numerically, filters seen/unseen, selecting classes shows their PR curves, activating a class
// emits its name (the main window filters the dataset with it), and a bad file is reported.

#include <QSignalSpy>
#include <QTableWidget>
#include <QtTest>
#include <qcustomplot.h>

#include "tests/ui/SharedDataGuard.h"
#include "ui/ClassMetricsView.h"

using namespace zsi;
using namespace zsi::ui;

namespace {
QString shared(const char* relative) { return QStringLiteral(ZSI_SHARED_DATA_DIR "/") + QLatin1String(relative); }

int column(QTableWidget* t, const QString& header) {
  for (int c = 0; c < t->columnCount(); ++c)
    if (t->horizontalHeaderItem(c)->text() == header) return c;
  return -1;
}
}  // namespace

class TestMonitorMetrics : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() { test::requireSharedData(); }
  void perClassTableCurvesAndFilter() {
    ClassMetricsView v;
    v.resize(1200, 700);
    v.show();
    QSignalSpy done(&v, &ClassMetricsView::finished);
    v.evaluateFiles(shared("coco-sample/instances_val2017_sample.json"),
                    shared("coco-sample/reference/detections_seed777.json"), IouType::Bbox, QStringLiteral("48_17"));
    QVERIFY(v.running());
    QVERIFY(done.wait(120000) || !done.isEmpty());
    QVERIFY2(done.first().at(0).toBool(), qPrintable(done.first().at(1).toString()));
    const EvalReport* r = v.report();
    QVERIFY(r && r->gzsi);
    // pycocotools, eval_seed777.json: bbox, GZSI at IoU 0.5.
    QVERIFY(qAbs(r->gzsi->seenAp - 0.5562862732854855) < 1e-12);
    QVERIFY(qAbs(r->gzsi->unseenAp - 0.5187909326429019) < 1e-12);
    QVERIFY(qAbs(r->gzsi->hmAp - 0.5368847426822758) < 1e-12);
    QVERIFY(v.summaryText().contains(QStringLiteral("53.7")));

    QTableWidget* t = v.table();
    QCOMPARE(t->rowCount(), static_cast<int>(r->perClass.size()));
    const int ap = column(t, QStringLiteral("AP@0.5"));
    QVERIFY(ap > 0);
    QVERIFY(column(t, QStringLiteral("R@0.6")) > ap);
    // person: AP@0.5 0.6629846251760534 in the reference.
    const auto person = t->findItems(QStringLiteral("person"), Qt::MatchExactly);
    QCOMPARE(person.size(), 1);
    QCOMPARE(t->item(person.first()->row(), ap)->text(), QStringLiteral("0.663"));
    QCOMPARE(t->item(person.first()->row(), 1)->text(), QStringLiteral("seen"));

    // Sorting is numeric.
    t->sortItems(ap, Qt::DescendingOrder);
    for (int row = 1; row < t->rowCount(); ++row)
      QVERIFY(t->item(row - 1, ap)->data(Qt::UserRole).toDouble() >= t->item(row, ap)->data(Qt::UserRole).toDouble());

    // Seen / unseen filter.
    v.setGroupFilter(QStringLiteral("unseen"));
    QCOMPARE(t->rowCount(), 17);
    for (int row = 0; row < t->rowCount(); ++row) QCOMPARE(t->item(row, 1)->text(), QStringLiteral("unseen"));

    // Selecting rows shows their PR curves.
    t->clearSelection();
    t->selectRow(2);
    QCOMPARE(v.curves()->graphCount(), 1);
    QVERIFY(v.curves()->graph(0)->name().startsWith(t->item(2, 0)->text()));
    QVERIFY(v.curves()->graph(0)->dataCount() > 10);

    // Activating a class asks for the dataset filter.
    QSignalSpy activated(&v, &ClassMetricsView::classActivated);
    const QString name = t->item(3, 0)->text();
    emit t->itemActivated(t->item(3, ap));
    QCOMPARE(activated.size(), 1);
    QCOMPARE(activated.first().first().toString(), name);
  }

  void badResultsFileIsReported() {
    ClassMetricsView v;
    QSignalSpy done(&v, &ClassMetricsView::finished);
    v.evaluateFiles(shared("coco-sample/instances_val2017_sample.json"), QStringLiteral("/nonexistent/results.json"),
                    IouType::Bbox, QString());
    QVERIFY(done.wait(60000) || !done.isEmpty());
    QCOMPARE(done.first().at(0).toBool(), false);
    QVERIFY2(done.first().at(1).toString().contains(QStringLiteral("results.json")), qPrintable(done.first().at(1).toString()));
    QVERIFY(v.summaryText().contains(QStringLiteral("results.json")));
  }
};

QTEST_MAIN(TestMonitorMetrics)
#include "test_monitor_metrics.moc"
