#pragma once
// Helpers of the training-monitor GUI tests: the `zsi` executable, a tiny demo dataset and a
// training config small enough to log a step per second on a loaded CPU, metrics.jsonl lines.

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QString>
#include <QtTest>

namespace zsi::test {

// ZSI_TEST_ZSI overrides the build's own bin/zsi (e.g. to try a test against another build).
inline QString zsiForMonitorTests() {
  const QByteArray env = qgetenv("ZSI_TEST_ZSI");
  return env.isEmpty() ? QStringLiteral(ZSI_BINARY_DIR "/bin/zsi") : QString::fromLocal8Bit(env);
}

struct TinyTraining {
  QString data, images, classes, config;
};

// `zsi demo make-data` (12 images of 64 px) and a config: 64 px inputs, small samplers, one thread,
// a metrics record per step, a checkpoint every 5 steps, up to 400 steps (tests stop it earlier).
inline bool makeTinyTraining(const QString& dir, TinyTraining* t, QString* error) {
  QProcess p;
  p.start(zsiForMonitorTests(), {QStringLiteral("demo"), QStringLiteral("make-data"), QStringLiteral("--out"),
                                 dir + QStringLiteral("/data"), QStringLiteral("--images"), QStringLiteral("12"),
                                 QStringLiteral("--size"), QStringLiteral("64"), QStringLiteral("--threads"),
                                 QStringLiteral("1"), QStringLiteral("--quiet")});
  if (!p.waitForFinished(120000) || p.exitCode() != 0) {
    *error = QStringLiteral("zsi demo make-data failed: ") + QString::fromLocal8Bit(p.readAllStandardError());
    return false;
  }
  t->data = dir + QStringLiteral("/data/train.json");
  t->images = dir + QStringLiteral("/data/images");
  t->classes = dir + QStringLiteral("/data/classes.json");
  t->config = dir + QStringLiteral("/tiny.json");
  QFile f(t->config);
  if (!f.open(QIODevice::WriteOnly)) return false;
  f.write(QStringLiteral(R"({"format":"zsi-train-config","version":1,
 "model":{"base":"%1/models/configs/small_cpu.json","input":{"max_size":[64,64]},
          "rpn":{"train":{"sampler":{"num":64}}},"box_head":{"train":{"sampler":{"num":32}}}},
 "classes":"%2",
 "data":{"images_per_step":2,"workers":1,"prefetch":2},
 "schedule":{"lr":0.02,"warmup_iters":5,"epochs":1000,"lr_steps":[],"max_iters":400},
 "checkpoint":{"every_epoch":false,"interval_iters":5,"keep_last":2},
 "log":{"interval_iters":1},"eval":{"interval_epochs":100000},"seed":7,"threads":1})")
              .arg(QStringLiteral(ZSI_SOURCE_DIR), t->classes)
              .toUtf8());
  return true;
}

inline QByteArray stepRecord(int iteration, double loss) {
  return QStringLiteral(
             "{\"event\":\"step\",\"iteration\":%1,\"epoch\":1,\"epoch_iteration\":%1,\"lr\":%2,"
             "\"losses\":{\"loss_rpn_cls\":%3,\"loss_mask\":%4,\"loss\":%5},\"acc\":75.0,\"grad_norm\":3.1,"
             "\"iterations\":1,\"iteration_s\":0.4,\"data_s\":0.01,\"images_per_s\":4.9,"
             "\"memory_mb\":{\"host_rss\":412.0,\"host_peak\":431.5},\"time\":1764340000.6}\n")
      .arg(iteration)
      .arg(0.0001 * iteration)
      .arg(loss / 4)
      .arg(loss / 2)
      .arg(loss)
      .toUtf8();
}

inline const char* startRecord() {
  return "{\"schema\":\"zsi-train-metrics\",\"version\":1,\"event\":\"start\",\"iteration\":0,\"epoch\":1,"
         "\"max_iterations\":100000,\"iterations_per_epoch\":3,\"epochs\":100,\"world_size\":1,\"global_batch\":2,"
         "\"train_images\":6,\"device\":\"cpu\",\"seed\":7,\"time\":1764340000.1}\n";
}

}  // namespace zsi::test
