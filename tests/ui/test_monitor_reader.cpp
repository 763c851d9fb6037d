// metrics.jsonl reading for the training monitor: every record kind, field order, incremental
// polls that read only what was appended (a half-written line waits), resumed runs superseding
// re-logged iterations, bad lines counted and named, a replaced file read from its start.

#include <QTemporaryDir>
#include <QtTest>
#include <cmath>
#include <fstream>

#include "ui/MetricsJsonlReader.h"
#include "ui/RunMetrics.h"

using namespace zsi::ui;

namespace {

std::string stepLine(int it, double loss, bool iterationLast = false) {
  char buf[512];
  if (iterationLast)
    std::snprintf(buf, sizeof buf,
                  "{\"event\":\"step\",\"losses\":{\"loss_mask\":%g,\"loss\":%g},\"lr\":0.01,\"images_per_s\":4.5,"
                  "\"memory_mb\":{\"host_rss\":400},\"time\":1764340000.5,\"iteration\":%d}\n",
                  loss / 2, loss, it);
  else
    std::snprintf(buf, sizeof buf,
                  "{\"event\":\"step\",\"iteration\":%d,\"epoch\":1,\"epoch_iteration\":%d,\"lr\":%g,"
                  "\"losses\":{\"loss_rpn_cls\":0.5,\"loss_mask\":%g,\"loss\":%g},\"acc\":75.0,\"grad_norm\":3.1,"
                  "\"iterations\":1,\"iteration_s\":0.4,\"data_s\":0.01,\"images_per_s\":4.9,"
                  "\"memory_mb\":{\"host_rss\":412.0,\"host_peak\":431.5},\"time\":1764340000.6}\n",
                  it, it, 0.001 * it, loss / 2, loss);
  return buf;
}

const char* kStart =
    "{\"schema\":\"zsi-train-metrics\",\"version\":1,\"event\":\"start\",\"iteration\":0,\"epoch\":1,"
    "\"max_iterations\":240,\"iterations_per_epoch\":3,\"epochs\":100,\"world_size\":1,\"global_batch\":2,"
    "\"train_images\":6,\"device\":\"cpu\",\"seed\":7,\"time\":1764340000.1}\n";

const char* kEval =
    "{\"event\":\"eval\",\"iteration\":3,\"epoch\":1,\"mode\":\"gzsi\",\"images\":4,\"detections\":10,\"seconds\":1.0,"
    "\"bbox\":{\"iou\":[0.4,0.5,0.6],\"all\":{\"ap\":[0.3,0.2,0.1],\"recall\":[0.5,0.4,0.3]},"
    "\"unseen\":{\"ap\":[0.06,0.05,0.04],\"recall\":[0.2,0.1,0.05]},"
    "\"gzsi\":{\"iou\":0.5,\"seen_ap\":0.3,\"unseen_ap\":0.05,\"hm_ap\":0.0857,\"seen_recall\":0.4,"
    "\"unseen_recall\":0.1,\"hm_recall\":0.16}},\"time\":1764340003}\n";

void append(const QString& path, const std::string& text) {
  std::ofstream out(path.toStdString(), std::ios::app | std::ios::binary);
  out << text;
}

const StepColumn* column(const RunMetrics& m, const std::string& name) {
  for (const auto& c : m.columns())
    if (c.name == name) return &c;
  return nullptr;
}

const EvalSeries* evalSeries(const RunMetrics& m, const std::string& name) {
  for (const auto& e : m.evalSeries())
    if (e.name == name) return &e;
  return nullptr;
}

}  // namespace

class TestMonitorReader : public QObject {
  Q_OBJECT
  QTemporaryDir dir_;

  QString file(const char* name) { return dir_.filePath(QLatin1String(name)); }

 private slots:
  void readsEveryRecordKind() {
    const QString path = file("kinds.jsonl");
    append(path, kStart);
    for (int i = 1; i <= 3; ++i) append(path, stepLine(i, 3.0 - 0.5 * i));
    append(path, "{\"event\":\"checkpoint\",\"iteration\":3,\"epoch\":1,\"reason\":\"epoch\",\"path\":\"/r/checkpoints/iter_00000003.safetensors\",\"seconds\":0.1,\"time\":1764340002}\n");
    append(path, "{\"event\":\"epoch\",\"epoch\":1,\"iteration\":3,\"time\":1764340002}\n");
    append(path, kEval);
    append(path, "{\"event\":\"end\",\"iteration\":3,\"status\":\"finished\",\"seconds\":3,\"checkpoint\":\"/r/checkpoints/iter_00000003.safetensors\",\"time\":1764340004}\n");
    MetricsJsonlReader reader(path.toStdString());
    RunMetrics m;
    auto r = reader.poll(m);
    QVERIFY(r.ok());
    QCOMPARE(r->lines, std::size_t(8));
    QCOMPARE(m.badLines, std::size_t(0));
    QCOMPARE(m.stepCount(), std::size_t(3));
    QCOMPARE(m.maxIterations, 240.0);
    QCOMPARE(m.device, std::string("cpu"));
    QCOMPARE(m.status, std::string("finished"));
    QCOMPARE(m.lastCheckpoint, std::string("/r/checkpoints/iter_00000003.safetensors"));
    const StepColumn* loss = column(m, "loss");
    QVERIFY(loss);
    QCOMPARE(loss->group, SeriesGroup::Loss);
    QCOMPARE(loss->values[2], 1.5f);
    QCOMPARE(column(m, "lr")->group, SeriesGroup::LearningRate);
    QCOMPARE(column(m, "lr")->values[1], 0.002f);
    QCOMPARE(column(m, "images_per_s")->group, SeriesGroup::Speed);
    QCOMPARE(column(m, "grad_norm")->group, SeriesGroup::Other);
    QCOMPARE(column(m, "memory_mb.host_peak")->values[0], 431.5f);
    QVERIFY(!column(m, "epoch"));  // counters are not series
    const EvalSeries* unseen = evalSeries(m, "bbox unseen AP@0.5");
    QVERIFY(unseen);
    QCOMPARE(unseen->epoch, std::vector<double>{1.0});
    QCOMPARE(unseen->value, std::vector<double>{0.05});
    QVERIFY(evalSeries(m, "bbox GZSI hm_ap@0.5"));
    QCOMPARE(evalSeries(m, "bbox GZSI hm_ap@0.5")->value[0], 0.0857);
    QVERIFY(!evalSeries(m, "bbox seen AP@0.5"));  // a group without classes is absent
  }

  void fieldOrderDoesNotMatter() {
    const QString path = file("order.jsonl");
    append(path, stepLine(1, 2.0, true));
    append(path, stepLine(2, 1.0, false));
    append(path, stepLine(3, 0.5, true));
    MetricsJsonlReader reader(path.toStdString());
    RunMetrics m;
    QVERIFY(reader.poll(m).ok());
    QCOMPARE(m.stepIterations(), (std::vector<double>{1, 2, 3}));
    QCOMPARE(column(m, "loss")->values, (std::vector<float>{2.0f, 1.0f, 0.5f}));
    QCOMPARE(column(m, "loss_mask")->values, (std::vector<float>{1.0f, 0.5f, 0.25f}));
    // A series that appears later is absent (NaN) before.
    QVERIFY(std::isnan(column(m, "loss_rpn_cls")->values[0]));
    QCOMPARE(column(m, "loss_rpn_cls")->values[1], 0.5f);
    QVERIFY(std::isnan(column(m, "loss_rpn_cls")->values[2]));
  }

  void pollsReadOnlyWhatWasAppended() {
    const QString path = file("grow.jsonl");
    MetricsJsonlReader reader(path.toStdString());
    RunMetrics m;
    auto r = reader.poll(m);
    QVERIFY(r.ok());
    QVERIFY(r->missing);
    append(path, kStart);
    append(path, stepLine(1, 2.0));
    QCOMPARE(reader.poll(m)->lines, std::size_t(2));
    const std::uint64_t afterTwo = reader.offset();
    QCOMPARE(afterTwo, static_cast<std::uint64_t>(QFileInfo(path).size()));
    // Half a line: nothing yet, the offset stays before it.
    const std::string line = stepLine(2, 1.0);
    append(path, line.substr(0, 40));
    QCOMPARE(reader.pendingBytes(), std::uint64_t(40));
    QCOMPARE(reader.poll(m)->lines, std::size_t(0));
    QCOMPARE(reader.offset(), afterTwo);
    QCOMPARE(m.stepCount(), std::size_t(1));
    append(path, line.substr(40));
    QCOMPARE(reader.poll(m)->lines, std::size_t(1));
    QCOMPARE(m.stepCount(), std::size_t(2));
    QCOMPARE(column(m, "loss")->values[1], 1.0f);
    QCOMPARE(reader.pendingBytes(), std::uint64_t(0));
    QCOMPARE(reader.poll(m)->lines, std::size_t(0));
  }

  void resumeSupersedesRelaggedIterations() {
    const QString path = file("resume.jsonl");
    append(path, kStart);
    for (int i = 1; i <= 5; ++i) append(path, stepLine(i, 10.0 + i));
    append(path, kEval);  // iteration 3
    MetricsJsonlReader reader(path.toStdString());
    RunMetrics m;
    QVERIFY(reader.poll(m).ok());
    const auto generation = m.generation();
    // Killed after iteration 5; the last checkpoint was at 2: steps 3.. are logged again.
    append(path, "{\"event\":\"resume\",\"schema\":\"zsi-train-metrics\",\"version\":1,\"iteration\":2,\"epoch\":1,\"max_iterations\":240,\"time\":1764340010}\n");
    for (int i = 3; i <= 6; ++i) append(path, stepLine(i, 20.0 + i));
    QVERIFY(reader.poll(m).ok());
    QVERIFY(m.generation() > generation);
    QCOMPARE(m.stepIterations(), (std::vector<double>{1, 2, 3, 4, 5, 6}));
    QCOMPARE(column(m, "loss")->values, (std::vector<float>{11, 12, 23, 24, 25, 26}));
    QCOMPARE(evalSeries(m, "bbox unseen AP@0.5")->value.size(), std::size_t(0));
    QCOMPARE(m.status, std::string("running"));
  }

  void badLinesAreCountedAndNamed() {
    const QString path = file("bad.jsonl");
    append(path, kStart);
    append(path, "this is not json\n");
    append(path, "[1,2,3]\n");
    append(path, "{\"event\":\"step\",\"losses\":{\"loss\":1}}\n");  // no iteration
    append(path, stepLine(1, 2.0));
    append(path, "{\"event\":\"step\",\"iteration\":2,\"lr\":\"fast\",\"losses\":{\"loss\":1.5}}\n");  // lr not a number
    append(path, "\n");
    MetricsJsonlReader reader(path.toStdString());
    RunMetrics m;
    QVERIFY(reader.poll(m).ok());
    QCOMPARE(m.badLines, std::size_t(3));
    QCOMPARE(m.warnings.size(), std::size_t(3));
    QVERIFY2(QString::fromStdString(m.warnings[0]).endsWith(QStringLiteral("bad.jsonl:2: not JSON: ")) ||
                 m.warnings[0].find("bad.jsonl:2: not JSON") != std::string::npos,
             m.warnings[0].c_str());
    QVERIFY(m.warnings[1].find("bad.jsonl:3:") != std::string::npos);
    QVERIFY(m.warnings[2].find("bad.jsonl:4:") != std::string::npos);
    // The good steps, including the numeric members of the odd one, are kept.
    QCOMPARE(m.stepIterations(), (std::vector<double>{1, 2}));
    QCOMPARE(column(m, "loss")->values[1], 1.5f);
  }

  void replacedFileStartsOver() {
    const QString path = file("replaced.jsonl");
    append(path, kStart);
    for (int i = 1; i <= 4; ++i) append(path, stepLine(i, 1.0));
    MetricsJsonlReader reader(path.toStdString());
    RunMetrics m;
    QVERIFY(reader.poll(m).ok());
    QCOMPARE(m.stepCount(), std::size_t(4));
    QFile::remove(path);
    append(path, kStart);
    append(path, stepLine(1, 7.0));
    auto r = reader.poll(m);
    QVERIFY(r.ok());
    QVERIFY(r->restarted);
    QCOMPARE(m.stepCount(), std::size_t(1));
    QCOMPARE(column(m, "loss")->values[0], 7.0f);
  }

  // A large backlog is parsed in two halves on two threads: the same result as line by line,
  // with a resume, a new series, an evaluation and a bad line in the second half.
  void twoThreadParseEqualsSerial() {
    std::string text = kStart;
    const int n = 24000;  // ~9 MB: above the two-thread threshold
    for (int i = 1; i <= n; ++i) {
      if (i == 18000) text += "{\"event\":\"resume\",\"iteration\":15000,\"epoch\":1,\"time\":1764340010}\n";
      if (i == 19000) text += "garbage\n";
      if (i == 20000) text += kEval;
      const int it = i < 18000 ? i : i - 3000;
      text += stepLine(it, 1.0 + i % 7, i % 5 == 0);
      if (i > 21000)  // a series that only the second half has
        text += "{\"event\":\"step\",\"iteration\":" + std::to_string(it) + ".5,\"losses\":{\"loss_infomax\":0.25}}\n";
    }
    text += "{\"event\":\"end\",\"iteration\":21000,\"status\":\"interrupted\",\"seconds\":3,\"checkpoint\":\"c\",\"time\":1764340020}\n";
    const QString whole = file("whole.jsonl"), pieces = file("pieces.jsonl");
    append(whole, text);
    MetricsJsonlReader a(whole.toStdString());
    RunMetrics ma;
    QVERIFY(a.poll(ma).ok());
    MetricsJsonlReader b(pieces.toStdString());
    RunMetrics mb;
    for (std::size_t at = 0; at < text.size(); at += 500000) {
      append(pieces, text.substr(at, 500000));
      QVERIFY(b.poll(mb).ok());
    }
    QCOMPARE(ma.stepIterations(), mb.stepIterations());
    QCOMPARE(ma.columns().size(), mb.columns().size());
    for (const auto& c : mb.columns()) {
      const StepColumn* other = column(ma, c.name);
      QVERIFY2(other, c.name.c_str());
      QCOMPARE(other->group, c.group);
      QCOMPARE(other->values.size(), c.values.size());
      for (std::size_t i = 0; i < c.values.size(); ++i)
        QVERIFY(other->values[i] == c.values[i] || (std::isnan(other->values[i]) && std::isnan(c.values[i])));
    }
    QCOMPARE(ma.evalSeries().size(), mb.evalSeries().size());
    QCOMPARE(evalSeries(ma, "bbox unseen AP@0.5")->value, evalSeries(mb, "bbox unseen AP@0.5")->value);
    QCOMPARE(ma.records, mb.records);
    QCOMPARE(ma.badLines, std::size_t(1));
    QCOMPARE(ma.warnings.size(), std::size_t(1));
    // The same line number and message (the file names differ).
    QCOMPARE(QString::fromStdString(ma.warnings[0].substr(ma.warnings[0].find(".jsonl:"))),
             QString::fromStdString(mb.warnings[0].substr(mb.warnings[0].find(".jsonl:"))));
    QVERIFY(ma.warnings[0].find(".jsonl:19002: not JSON") != std::string::npos);
    QCOMPARE(ma.status, std::string("interrupted"));
    QCOMPARE(ma.lastIteration, mb.lastIteration);
    QCOMPARE(ma.lastCheckpoint, std::string("c"));
    // Resumed at 15000: the first session's 15001..17999 are gone, the second's are kept.
    QCOMPARE(ma.stepIterations()[14999], 15000.0);
    QCOMPARE(column(ma, "loss")->values[15000], static_cast<float>(1.0 + 18000 % 7));
  }

  void csvHasEveryColumn() {
    RunMetrics m;
    const int loss = m.column("loss", SeriesGroup::Loss);
    m.beginStep(1);
    m.setStep(loss, 2.5);
    const int lr = m.column("lr", SeriesGroup::LearningRate);
    m.beginStep(2);
    m.setStep(lr, 0.01);
    QCOMPARE(QString::fromStdString(m.stepsCsv()), QStringLiteral("iteration,loss,lr\n1,2.5,\n2,,0.00999999978\n"));
  }
};

QTEST_GUILESS_MAIN(TestMonitorReader)
#include "test_monitor_reader.moc"
