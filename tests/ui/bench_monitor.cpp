// bench_monitor: the training monitor on a huge log (issue 12, acceptance 4), on this machine.
//
//   bench_monitor [--lines N] [--seconds S] [--dir DIR]
//
//  1. Writes a metrics.jsonl of N step records (default 1,000,000; the trainer's own line shape:
//     8 losses, acc, grad_norm, timings, memory; ~470 bytes a line) plus an evaluation per 10,000.
//  2. Reference: reading the file's bytes (I/O alone), then MetricsJsonlReader alone (parse).
//  3. The studio: RunMonitor attaches to the run; time until every record is in the plots and the
//     five plots have been drawn once (1440×900 window, offscreen).
//  4. Live: a timer appends one record every 100 ms to that run for S seconds (default 10) while
//     the monitor follows it; frame time = one sync of the plots + drawing all five; the GUI
//     thread's responsiveness = how late a 10 ms probe timer fires.
// Prints a Markdown block for docs/BENCHMARKS.md. Not a ctest: run by hand, Release build.

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QScopedValueRollback>
#include <QTimer>
#include <algorithm>
#include <ctime>
#include <cstdio>
#include <string>
#include <vector>

#include <qcustomplot.h>

#include "core/util/Version.h"
#include "ui/MetricsJsonlReader.h"
#include "ui/MetricsPlot.h"
#include "ui/RunFollower.h"
#include "ui/RunMonitor.h"

using namespace zsi;
using namespace zsi::ui;

namespace {

std::string stepLine(long long it, double t) {
  char buf[768];
  const double l = 2.0 / (1.0 + it * 1e-5) + 0.05 * ((it * 7919) % 101) / 101.0;
  std::snprintf(buf, sizeof buf,
                "{\"event\":\"step\",\"iteration\":%lld,\"epoch\":%lld,\"epoch_iteration\":%lld,\"lr\":%.10g,"
                "\"losses\":{\"bbox_loss_ed\":%.6g,\"loss\":%.6g,\"loss_bbox\":%.6g,\"loss_ed\":%.6g,\"loss_mask\":%.6g,"
                "\"loss_rpn_bbox\":%.6g,\"loss_rpn_cls\":%.6g,\"loss_semantic\":%.6g},\"acc\":%.4f,\"grad_norm\":%.5g,"
                "\"iterations\":20,\"iteration_s\":0.4123,\"data_s\":0.0021,\"images_per_s\":4.87,"
                "\"memory_mb\":{\"host_rss\":412.5,\"host_peak\":431.5},\"time\":%.3f}\n",
                it * 20, it / 5000 + 1, it % 5000 + 1, 0.01 / (1 + it / 400000), l * 0.01, l, l * 0.1, l * 0.02, l * 0.25,
                l * 0.01, l * 0.05, l * 0.5, 80 + 10.0 * ((it * 31) % 17) / 17.0, 3.0 + (it % 13) * 0.1, t);
  return buf;
}

std::string evalLine(long long it, long long epoch) {
  char buf[512];
  std::snprintf(buf, sizeof buf,
                "{\"event\":\"eval\",\"iteration\":%lld,\"epoch\":%lld,\"mode\":\"gzsd\",\"images\":500,\"detections\":9000,"
                "\"seconds\":30.0,\"bbox\":{\"iou\":[0.4,0.5,0.6],\"seen\":{\"ap\":[0.4,0.35,0.3],\"recall\":[0.6,0.55,0.5]},"
                "\"unseen\":{\"ap\":[0.1,0.08,0.06],\"recall\":[0.4,0.35,0.3]},\"gzsi\":{\"iou\":0.5,\"seen_ap\":0.35,"
                "\"unseen_ap\":0.08,\"hm_ap\":0.13,\"seen_recall\":0.55,\"unseen_recall\":0.35,\"hm_recall\":0.43}},\"time\":1.0}\n",
                it, epoch);
  return buf;
}

// CPU seconds of the whole process: on a shared machine the wall clock also measures the others.
double cpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + ts.tv_nsec / 1e9;
}

double median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}
double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())))];
}

}  // namespace

int main(int argc, char** argv) {
  long long lines = 1000000;
  int seconds = 10;
  QString dirArg;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i];
    if (a == "--lines") lines = std::atoll(argv[i + 1]);
    else if (a == "--seconds") seconds = std::atoi(argv[i + 1]);
    else if (a == "--dir") dirArg = QString::fromLocal8Bit(argv[i + 1]);
  }
  if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
  QApplication app(argc, argv);
  QStandardPaths::setTestModeEnabled(true);
  QCoreApplication::setOrganizationName(QStringLiteral("ZSI Studio Bench"));

  QTemporaryDir tmp(dirArg.isEmpty() ? QDir::tempPath() + QStringLiteral("/bench_monitor-XXXXXX") : dirArg + QStringLiteral("/bench_monitor-XXXXXX"));
  const QString run = tmp.filePath(QStringLiteral("run"));
  QDir().mkpath(run);
  const QString path = run + QStringLiteral("/metrics.jsonl");

  // 1. The log.
  QElapsedTimer t;
  t.start();
  {
    std::FILE* f = std::fopen(path.toLocal8Bit().constData(), "wb");
    std::string block;
    block += "{\"schema\":\"zsi-train-metrics\",\"version\":1,\"event\":\"start\",\"iteration\":0,\"epoch\":1,\"max_iterations\":30000000,"
             "\"iterations_per_epoch\":100000,\"epochs\":300,\"world_size\":8,\"global_batch\":16,\"train_images\":1600000,"
             "\"device\":\"cuda\",\"seed\":0,\"time\":1.0}\n";
    for (long long i = 1; i <= lines; ++i) {
      block += stepLine(i, 1764340000.0 + i);
      if (i % 10000 == 0) block += evalLine(i * 20, i / 10000);
      if (block.size() > (8u << 20)) {
        std::fwrite(block.data(), 1, block.size(), f);
        block.clear();
      }
    }
    std::fwrite(block.data(), 1, block.size(), f);
    std::fclose(f);
  }
  const double writeS = t.elapsed() / 1000.0;
  const double sizeMb = QFileInfo(path).size() / 1e6;

  // 2. References: bytes, then the parser alone.
  t.restart();
  {
    QFile f(path);
    f.open(QIODevice::ReadOnly);
    std::vector<char> buf(16 << 20);
    qint64 total = 0;
    while (qint64 n = f.read(buf.data(), static_cast<qint64>(buf.size()))) {
      if (n < 0) break;
      total += n;
    }
    (void)total;
  }
  const double readBytesS = t.elapsed() / 1000.0;
  t.restart();
  double cpu0 = cpuSeconds();
  std::size_t parsedSteps = 0;
  {
    MetricsJsonlReader reader(path.toStdString());
    RunMetrics m;
    auto r = reader.poll(m);
    parsedSteps = m.stepCount();
    if (!r.ok()) std::fprintf(stderr, "reader: %s\n", r.error().toString().c_str());
  }
  const double parseS = t.elapsed() / 1000.0, parseCpu = cpuSeconds() - cpu0;

  // 3. The studio opens the run.
  RunMonitor monitor;
  monitor.resize(1440, 900);
  monitor.show();
  QCoreApplication::processEvents();
  t.restart();
  cpu0 = cpuSeconds();
  RunFollower* follower = monitor.attach(run);
  while (!monitor.isSettled() || !follower->metrics() || follower->metrics()->stepCount() < static_cast<std::size_t>(lines)) {
    QEventLoop loop;
    QTimer::singleShot(2, &loop, &QEventLoop::quit);
    loop.exec();
  }
  monitor.syncNow();
  for (int g = 0; g < kSeriesGroups; ++g) monitor.plot(static_cast<SeriesGroup>(g))->plot()->replot(QCustomPlot::rpImmediateRefresh);
  const double openS = t.elapsed() / 1000.0, openCpu = cpuSeconds() - cpu0;
  std::size_t plotted = 0;
  for (int g = 0; g < kSeriesGroups; ++g) plotted += monitor.plot(static_cast<SeriesGroup>(g))->plottedPoints();

  // 4. Live appends at 10 Hz, with the probe timer measuring the GUI thread's lateness.
  std::vector<double> frames, frameCpu, syncCpu, lateness;
  long long next = lines + 1;
  QElapsedTimer probeClock;
  probeClock.start();
  qint64 lastProbe = 0;
  QTimer probe;
  probe.setTimerType(Qt::PreciseTimer);
  QObject::connect(&probe, &QTimer::timeout, [&] {
    const qint64 now = probeClock.nsecsElapsed();
    if (lastProbe > 0) lateness.push_back((now - lastProbe) / 1e6 - 10.0);
    lastProbe = now;
  });
  QTimer writer;
  QObject::connect(&writer, &QTimer::timeout, [&] {
    QFile f(path);
    f.open(QIODevice::Append);
    const long long it = next++;
    f.write(QByteArray::fromStdString(stepLine(it, 1764340000.0 + static_cast<double>(it))));
  });
  bool inFrame = false;
  QObject::connect(&monitor, &RunMonitor::plotsUpdated, [&] {
    // New records arrived (the monitor synced); time a frame: sync again + draw all five plots.
    if (inFrame) return;
    const QScopedValueRollback<bool> guard(inFrame, true);
    QElapsedTimer ft;
    ft.start();
    const double c0 = cpuSeconds();
    monitor.syncNow();
    syncCpu.push_back((cpuSeconds() - c0) * 1000);
    for (int g = 0; g < kSeriesGroups; ++g) monitor.plot(static_cast<SeriesGroup>(g))->plot()->replot(QCustomPlot::rpImmediateRefresh);
    frames.push_back(ft.nsecsElapsed() / 1e6);
    frameCpu.push_back((cpuSeconds() - c0) * 1000);
  });
  const std::size_t before = follower->metrics()->stepCount();
  probe.start(10);
  writer.start(100);
  QEventLoop live;
  QTimer::singleShot(seconds * 1000, &live, &QEventLoop::quit);
  live.exec();
  writer.stop();
  probe.stop();
  QObject::disconnect(&monitor, &RunMonitor::plotsUpdated, nullptr, nullptr);
  const std::size_t appended = follower->metrics()->stepCount() - before;
  const double maxLate = lateness.empty() ? 0 : *std::max_element(lateness.begin(), lateness.end());

  std::printf("<!-- bench_monitor %s, %lld lines -->\n", zsi::projectVersion().c_str(), lines);
  std::printf("| measure | value |\n| --- | --- |\n");
  std::printf("| metrics.jsonl | %lld step records + %lld evaluations, %.0f MB (written in %.1f s) |\n", lines, lines / 10000, sizeMb, writeS);
  std::printf("| reference: read the bytes | %.2f s |\n", readBytesS);
  std::printf("| reference: MetricsJsonlReader alone (%zu steps), wall / CPU | %.2f s / %.2f s (%.0f MB/s of CPU) |\n", parsedSteps, parseS,
              parseCpu, sizeMb / parseCpu);
  std::printf("| **studio: attach → every record in the five plots, drawn**, wall / CPU | **%.2f s** / %.2f s (%.2f× the parser alone, wall; target < 2 s) |\n",
              openS, openCpu, openS / parseS);
  std::printf("| points handed to QCustomPlot (bucketed) | %zu |\n", plotted);
  std::printf("| live: records appended at 10 Hz / seen by the monitor | %lld / %zu in %d s |\n", next - lines - 1, appended, seconds);
  std::printf("| live: frame (sync + draw 5 plots) median / p99 / max, wall | %.1f / %.1f / %.1f ms (target < 50 ms) |\n", median(frames),
              percentile(frames, 0.99), frames.empty() ? 0.0 : *std::max_element(frames.begin(), frames.end()));
  std::printf("| live: frame, CPU median / p99 / max | %.1f / %.1f / %.1f ms |\n", median(frameCpu), percentile(frameCpu, 0.99),
              frameCpu.empty() ? 0.0 : *std::max_element(frameCpu.begin(), frameCpu.end()));
  std::printf("| live: of it, the sync (CPU median) | %.1f ms |\n", median(syncCpu));
  std::printf("| live: 10 ms probe timer lateness median / p99 / max | %.1f / %.1f / %.1f ms |\n", median(lateness),
              percentile(lateness, 0.99), maxLate);
  return 0;
}
