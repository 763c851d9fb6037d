// The patch-embedding inspector with a freshly initialised small model that has a contrastive
// head (untrained: this tests the plumbing, the geometry and the linking, not what it learned):
// PCA colours over the image, a similarity map that follows the clicked patch (over this image and
// a second one), the scatter (PCA and t-SNE) linked both ways with the patches.

#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>
#include <qcustomplot.h>

#include "tests/ui/SharedDataGuard.h"
#include "core/engine/ClassSetConversion.h"
#include "core/engine/ModelConfig.h"
#include "core/engine/ZsiModel.h"
#include "core/wordvec/BuiltinClassSets.h"
#include "ui/ClassMetricsView.h"
#include "ui/DatasetBrowser.h"
#include "ui/EmbeddingInspector.h"
#include "ui/ImageCatalog.h"
#include "ui/InferenceController.h"
#include "ui/MainWindow.h"
#include "ui/PatchImageView.h"
#include "ui/ProjectDocument.h"
#include "ui/RunMonitor.h"

using namespace zsi;
using namespace zsi::ui;

namespace {

QString sampleImage(int k) {
  QDir d(QStringLiteral(ZSI_SHARED_DATA_DIR "/coco-sample/images"));
  const QStringList files = d.entryList({QStringLiteral("*.jpg")}, QDir::Files, QDir::Name);
  return d.filePath(files.at(k));
}

std::shared_ptr<const ZsiModel> tinyModel(ContrastiveHead head) {
  auto cfg = loadModelConfig(std::string(ZSI_SOURCE_DIR) + "/models/configs/small_cpu.json");
  if (!cfg.ok()) return nullptr;
  cfg->contrastive.head = head;
  cfg->contrastive.embedDims = 16;
  auto set = builtinClassSet(BuiltinSplit::Coco48_17);
  if (!set.ok()) return nullptr;
  auto classes = toClassVectors(set.value());
  if (!classes.ok()) return nullptr;
  auto model = ZsiModel::create(cfg.value(), classes.value(), "cpu");
  if (!model.ok()) return nullptr;
  return std::make_shared<const ZsiModel>(std::move(model.value()));
}

bool waitSettled(EmbeddingInspector& in, int ms = 120000) {
  QDeadlineTimer deadline(ms);
  while (in.busy() && !deadline.hasExpired()) QTest::qWait(20);
  return !in.busy();
}

}  // namespace

class TestMonitorInspector : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() { test::requireSharedData(); }
  void pcaSimilarityAndLinkedScatter() {
    auto model = tinyModel(ContrastiveHead::Patch);
    QVERIFY(model);
    EmbeddingInspector in;
    in.resize(1200, 800);
    in.show();
    in.setModel(model);
    in.setImageFile(sampleImage(0));
    QVERIFY(waitSettled(in));
    const PatchEmbeddings* p = in.embeddings();
    QVERIFY2(p, qPrintable(in.message()));
    QVERIFY(p->rows > 2 && p->cols > 2);

    // PCA colours: one pixel per patch, and not one flat colour.
    PatchImageView* view = in.imageView();
    QCOMPARE(view->layer().size(), QSize(p->cols, p->rows));
    QSet<QRgb> colours;
    for (int y = 0; y < p->rows; ++y)
      for (int x = 0; x < p->cols; ++x) colours.insert(view->layer().pixel(x, y));
    QVERIFY(colours.size() > 10);
    QVERIFY(in.projection());
    QCOMPARE(in.scatter()->plottableCount(), 1);

    // Click a patch: the similarity map; the clicked patch is the most similar to itself.
    const int a = p->index(1, 1), b = p->index(p->rows - 2, p->cols - 2);
    QTest::mouseClick(view, Qt::LeftButton, Qt::NoModifier, view->patchCentre(a).toPoint());
    QImage mapA = view->layer();
    QCOMPARE(qGray(mapA.pixel(1, 1)), 255);  // cosine 1: white in the thermal map
    QVERIFY(in.selectedPoints().contains(a) || !in.projection()->patches.empty());
    in.selectPatch(b);
    const QImage mapB = view->layer();
    QVERIFY(mapA != mapB);
    QCOMPARE(qGray(mapB.pixel(p->cols - 2, p->rows - 2)), 255);

    // A second image: its map follows the clicked patch too.
    in.setSecondImageFile(sampleImage(1));
    QVERIFY(waitSettled(in));
    QVERIFY(in.secondEmbeddings());
    const QImage secondB = in.secondView()->layer();
    in.selectPatch(a);
    QVERIFY(in.secondView()->layer() != secondB);

    // Scatter → image: select points, their patches are outlined.
    auto* curve = in.scatter()->plottable(0);
    curve->setSelection(QCPDataSelection(QCPDataRange(0, 5)));
    emit in.scatter()->selectionChangedByUser();
    QSet<int> expected;
    for (int i = 0; i < 5; ++i) expected.insert(in.projection()->patches[static_cast<std::size_t>(i)]);
    QCOMPARE(view->highlighted(), expected);
    // Image → scatter: patches selected on the image select their points.
    const int c = in.projection()->patches[10];
    in.selectPatches({c});
    QCOMPARE(in.selectedPoints(), QSet<int>{c});
    QCOMPARE(curve->selection().dataPointCount(), 1);

    // t-SNE on a worker; the same patches, other coordinates.
    in.setTsneMaxPoints(300);
    QSignalSpy projected(&in, &EmbeddingInspector::projectionReady);
    in.useTsne(true);
    QVERIFY(in.busy());
    QVERIFY(projected.wait(300000) || !projected.isEmpty());
    QVERIFY2(projected.first().first().toBool(), qPrintable(projected.first().at(1).toString()));
    QCOMPARE(in.projection()->points.size(), std::size_t(std::min(300, p->count())));
  }

  // The main window's hooks: a run's latest checkpoint opens in the viewer (the model panel loads
  // it), a class activated in the metrics filters the dataset browser, the views come up by name.
  void mainWindowOpensCheckpointAndFiltersByClass() {
    QStandardPaths::setTestModeEnabled(true);
    QTemporaryDir tmp;
    auto model = tinyModel(ContrastiveHead::None);
    QVERIFY(model);
    const QString run = tmp.filePath(QStringLiteral("run"));
    QDir().mkpath(run + QStringLiteral("/checkpoints"));
    QVERIFY(model->save((run + QStringLiteral("/checkpoints/iter_00000010.safetensors")).toStdString()).ok());
    QFile latest(run + QStringLiteral("/checkpoints/latest"));
    QVERIFY(latest.open(QIODevice::WriteOnly));
    latest.write("iter_00000010\n");
    latest.close();
    QFile metrics(run + QStringLiteral("/metrics.jsonl"));
    QVERIFY(metrics.open(QIODevice::WriteOnly));
    metrics.write("{\"event\":\"step\",\"iteration\":10,\"losses\":{\"loss\":1.5}}\n");
    metrics.close();

    MainWindow w(nullptr, tmp.filePath(QStringLiteral("recovery")));
    w.setScripted(true);
    w.show();
    QVERIFY(w.showTrainingView(QStringLiteral("monitor")));
    QVERIFY(w.runMonitor()->isVisible());
    QVERIFY(!w.showTrainingView(QStringLiteral("nonsense")));
    w.runMonitor()->attach(run);
    QSignalSpy loaded(w.inference(), &InferenceController::modelLoaded);
    QVERIFY(w.runMonitor()->openLatestCheckpoint(run));
    QVERIFY(loaded.wait(120000) || !loaded.isEmpty());
    QVERIFY(w.document()->modelPath().endsWith(QStringLiteral("iter_00000010.safetensors")));

    // The COCO sample in the browser; a class of the metrics filters it.
    QSignalSpy opened(&w, &MainWindow::datasetOpened);
    w.openDataset(QStringLiteral(ZSI_SHARED_DATA_DIR "/coco-sample/instances_val2017_sample.json"),
                  QStringLiteral(ZSI_SHARED_DATA_DIR "/coco-sample/images"));
    QVERIFY(opened.wait(60000) || !opened.isEmpty());
    const std::size_t all = w.browser()->visibleImages().size();
    emit w.classMetrics()->classActivated(QStringLiteral("chair"));
    QCOMPARE(w.browser()->filter().className, std::string("chair"));
    QDeadlineTimer deadline(10000);
    while (w.browser()->visibleImages().size() == all && !deadline.hasExpired()) QTest::qWait(20);
    QCOMPARE(w.browser()->visibleImages().size(), std::size_t(19));  // the sample's images with a chair
    QVERIFY(all > 19);
  }

  void modelWithoutHeadIsExplained() {
    auto model = tinyModel(ContrastiveHead::None);
    QVERIFY(model);
    EmbeddingInspector in;
    QSignalSpy ready(&in, &EmbeddingInspector::embeddingsReady);
    in.setModel(model);
    in.setImageFile(sampleImage(0));
    QVERIFY(ready.wait(120000) || !ready.isEmpty());
    QCOMPARE(ready.first().first().toBool(), false);
    QVERIFY(!in.message().isEmpty());
    QVERIFY(!in.embeddings());
  }
};

QTEST_MAIN(TestMonitorInspector)
#include "test_monitor_inspector.moc"
