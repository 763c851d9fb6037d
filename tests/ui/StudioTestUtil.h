#pragma once
// Helpers shared by the studio's GUI tests (Qt Test, offscreen): the shared sample data, a
// window with its own recovery folder, predictions made from the ground truth, a tiny model.

#include <QCoreApplication>
#include <QDir>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QString>
#include <QTemporaryDir>
#include <QtTest>
#include <memory>
#include <random>
#include <string>

#include "core/coco/Rle.h"
#include "tests/ui/SharedDataGuard.h"
#include "core/engine/ClassSetConversion.h"
#include "core/engine/ModelConfig.h"
#include "core/engine/ZsiModel.h"
#include "core/wordvec/BuiltinClassSets.h"
#include "ui/MainWindow.h"
#include "ui/OverlayBuilder.h"
#include "ui/ProjectDocument.h"

namespace zsi::test {

inline QString shared(const QString& relative) {
  return QDir(QStringLiteral(ZSI_SHARED_DATA_DIR)).filePath(relative);
}
inline QString sampleJson() { return shared(QStringLiteral("coco-sample/instances_val2017_sample.json")); }
inline QString sampleImages() { return shared(QStringLiteral("coco-sample/images")); }
inline QString zsiCli() { return QStringLiteral(ZSI_BINARY_DIR "/bin/zsi"); }

// Settings of tests go to a test location, never the user's.
inline void isolateSettings(const char* suite) {
  QStandardPaths::setTestModeEnabled(true);
  QCoreApplication::setOrganizationName(QStringLiteral("ZSI Studio Tests"));
  QCoreApplication::setApplicationName(QLatin1String(suite));
}

// Opens the COCO sample and waits until its first image and overlay are shown.
inline bool openSample(ui::MainWindow& w, int timeoutMs = 60000) {
  QSignalSpy opened(&w, &ui::MainWindow::datasetOpened);
  w.openDataset(sampleJson(), sampleImages());
  if (!opened.wait(timeoutMs) && opened.isEmpty()) return false;
  QDeadlineTimer deadline(timeoutMs);
  while (!w.isSettled() && !deadline.hasExpired()) QTest::qWait(10);
  return w.isSettled();
}

inline bool waitSettled(ui::MainWindow& w, int timeoutMs = 60000) {
  QDeadlineTimer deadline(timeoutMs);
  while (!w.isSettled() && !deadline.hasExpired()) QTest::qWait(10);
  return w.isSettled();
}

// Predictions for an image made from its ground truth: every annotation's mask (as the engine
// would give it: a box-local crop), its class, a score; plus a false positive. Deterministic.
inline std::shared_ptr<ui::PredictionData> predictionsFromGroundTruth(const ui::ProjectDocument& doc,
                                                                      std::size_t image, unsigned seed) {
  const CocoDataset& ds = doc.dataset();
  auto data = std::make_shared<ui::PredictionData>();
  Instances& in = data->instances;
  in.imageWidth = ds.images()[image].width;
  in.imageHeight = ds.images()[image].height;
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> u(0.05f, 0.99f);
  for (std::uint32_t a : ds.annotationsOfImage(image)) {
    const auto& ann = ds.annotations()[a];
    if (ann.iscrowd) continue;
    ui::OverlayShape s = ui::OverlayBuilder::cropRle(ds.annotationRle(a));
    if (s.rect.isEmpty()) continue;
    const std::string name = doc.loadedClassName(a);
    int label = -1;
    for (std::size_t k = 0; k < data->classNames.size(); ++k)
      if (data->classNames[k] == name) label = static_cast<int>(k);
    if (label < 0) {
      label = static_cast<int>(data->classNames.size());
      data->classNames.push_back(name);
    }
    InstanceMask m;
    m.x = s.rect.left();
    m.y = s.rect.top();
    m.width = s.rect.width();
    m.height = s.rect.height();
    m.pixels = s.mask;
    // Every third detection is a little off: drop its first half column range.
    if (in.labels.size() % 3 == 2)
      for (int y = 0; y < m.height; ++y)
        for (int x = 0; x < m.width / 2; ++x) m.pixels[static_cast<std::size_t>(y) * m.width + x] = 0;
    in.masks.push_back(std::move(m));
    in.boxes.push_back({static_cast<float>(s.rect.left()), static_cast<float>(s.rect.top()),
                        static_cast<float>(s.rect.right() + 1), static_cast<float>(s.rect.bottom() + 1)});
    in.labels.push_back(label);
    const float score = u(rng);
    in.scores.push_back(score);
    const int split = doc.classSplit(name);
    in.unseen.push_back(split == 1 ? 1 : 0);
    in.topSeenScores.push_back(split == 1 ? score / 2 : score);
    in.topUnseenScores.push_back(split == 1 ? score : score / 3);
  }
  if (!data->classNames.empty()) {  // a false positive in the top-left corner
    InstanceMask m;
    m.width = m.height = 8;
    m.pixels.assign(64, 1);
    in.masks.push_back(m);
    in.boxes.push_back({0, 0, 8, 8});
    in.labels.push_back(0);
    in.scores.push_back(0.5f);
    in.unseen.push_back(0);
    in.topSeenScores.push_back(0.5f);
    in.topUnseenScores.push_back(0.1f);
  }
  data->settingsKey = doc.inferenceKey();
  data->settingsText = "from ground truth";
  return data;
}

// A freshly initialised small model (models/configs/small_cpu.json) over the COCO 48/17
// classes, saved as a checkpoint: untrained, so it tests the plumbing, not the accuracy.
// The whole review state of one image as text, so that undo tests compare all of it at once:
// each prediction's state, class and linked annotation; every annotation made here (the whole
// list, whatever its image) with its class, geometry and deletion; each loaded annotation's
// deletion and class; and the edit counters.
inline QString reviewState(const ui::ProjectDocument& doc, std::size_t image) {
  QString out;
  if (const ui::ImagePredictions* p = doc.predictions().get(image)) {
    for (std::size_t i = 0; i < p->size(); ++i)
      out += QStringLiteral("prediction %1: %2 %3 -> %4\n")
                 .arg(i)
                 .arg(QString::fromLatin1(ui::reviewStateName(p->state[i])))
                 .arg(QString::fromStdString(p->className(i)))
                 .arg(p->annotationId[i]);
  }
  const ui::AnnotationEdits& edits = doc.edits();
  for (const ui::UserAnnotation& a : edits.added())
    out += QStringLiteral("added %1: image %2 %3 area %4 box %5 %6 %7 %8 score %9%10\n")
               .arg(a.id)
               .arg(a.imageIndex)
               .arg(QString::fromStdString(a.className))
               .arg(a.area)
               .arg(a.bbox[0])
               .arg(a.bbox[1])
               .arg(a.bbox[2])
               .arg(a.bbox[3])
               .arg(a.score)
               .arg(a.deleted ? QStringLiteral(" deleted") : QString());
  for (std::uint32_t g : doc.dataset().annotationsOfImage(image))
    out += QStringLiteral("loaded %1: %2%3\n")
               .arg(g)
               .arg(QString::fromStdString(doc.loadedClassName(g)))
               .arg(edits.loadedDeleted(g) ? QStringLiteral(" deleted") : QString());
  out += QStringLiteral("next id %1, %2 deleted, %3 relabelled, modified %4\n")
             .arg(edits.nextId())
             .arg(edits.deletedCount())
             .arg(edits.relabelCount())
             .arg(doc.isModified());
  return out;
}

// The first line where two multi-line texts differ, for failure messages.
inline QString firstDifference(const QString& got, const QString& want) {
  const QStringList g = got.split(QLatin1Char('\n')), w = want.split(QLatin1Char('\n'));
  for (qsizetype i = 0; i < std::max(g.size(), w.size()); ++i) {
    const QString a = i < g.size() ? g[i] : QStringLiteral("(none)");
    const QString b = i < w.size() ? w[i] : QStringLiteral("(none)");
    if (a != b) return QStringLiteral("'%1', expected '%2'").arg(a, b);
  }
  return QStringLiteral("no difference");
}

inline QString makeTinyModel(const QString& dir) {
  auto cfg = loadModelConfig(std::string(ZSI_SOURCE_DIR) + "/models/configs/small_cpu.json");
  if (!cfg.ok()) return {};
  auto set = builtinClassSet(BuiltinSplit::Coco48_17);
  if (!set.ok()) return {};
  auto classes = toClassVectors(set.value());
  if (!classes.ok()) return {};
  auto model = ZsiModel::create(cfg.value(), classes.value(), "cpu");
  if (!model.ok()) return {};
  const QString path = QDir(dir).filePath(QStringLiteral("tiny.safetensors"));
  if (!model->save(path.toStdString()).ok()) return {};
  return path;
}

}  // namespace zsi::test
