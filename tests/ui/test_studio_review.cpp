// Inference with a small model (the engine's whole path, untrained weights), the calibration
// slider re-scoring cached outputs, batch runs with cancel; review edits (accept, relabel,
// delete, reject) with undo and redo through the actions and their shortcuts, and a table of every
// review edit command: do, undo, redo, undo again, comparing the whole review state each time.

#include <QSlider>
#include <QTableView>
#include <QtTest>
#include <functional>

#include "tests/ui/StudioTestUtil.h"
#include "ui/ActionTable.h"
#include "ui/DatasetBrowser.h"
#include "ui/DetectionTableModel.h"
#include "ui/DetectionsPanel.h"
#include "ui/ImageCanvas.h"
#include "ui/InferenceController.h"
#include "ui/ModelPanel.h"
#include "ui/StudioScript.h"

using namespace zsi;
using namespace zsi::ui;

class TestStudioReview : public QObject {
  Q_OBJECT
  QTemporaryDir recovery_;
  QTemporaryDir models_;
  QString model_;

 private slots:
  void initTestCase() {
    test::requireSharedData();
    test::isolateSettings("review");
    model_ = test::makeTinyModel(models_.path());
    QVERIFY(!model_.isEmpty());
  }

  void infersWithASmallModel() {
    MainWindow w(nullptr, recovery_.path());
    w.show();
    QVERIFY(test::openSample(w));
    QSignalSpy loaded(w.inference(), &InferenceController::modelLoaded);
    w.loadModel(model_);
    QVERIFY(loaded.wait(60000));
    QVERIFY(w.inference()->hasModel());
    InferenceSettings s = w.document()->inference();
    s.mode = InferenceMode::Gzsi;
    s.scoreThreshold = 0.0;  // untrained weights: keep everything so there is something to see
    w.document()->setInference(s);

    QSignalSpy done(w.inference(), &InferenceController::imageDone);
    QSignalSpy failed(w.inference(), &InferenceController::imageFailed);
    w.actions()->get("model.inferImage")->trigger();
    QVERIFY(done.wait(120000));
    QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.front().at(1).toString()));
    QCOMPARE(done.front().at(2).toBool(), false);  // the network ran
    const ImagePredictions* p = w.document()->predictions().get(0);
    QVERIFY(p != nullptr);
    QVERIFY(p->size() > 0);
    QCOMPARE(p->data->settingsKey, w.document()->inferenceKey());
    QCOMPARE(p->data->classNames.size(), w.document()->classSet().size());
    const Instances& in = p->data->instances;
    QVERIFY(in.hasMasks());
    for (std::size_t i = 0; i < in.size(); ++i) {
      QVERIFY(in.boxes[i][0] >= 0 && in.boxes[i][2] <= in.imageWidth);
      QVERIFY(in.scores[i] >= in.topSeenScores[i] || in.scores[i] >= in.topUnseenScores[i]);
    }
    QVERIFY(test::waitSettled(w));
    std::size_t predRows = 0;
    for (const auto& r : w.canvas()->overlay()->rows) predRows += r.ref.isPrediction() ? 1 : 0;
    QCOMPARE(predRows, p->size());

    // The calibration slider re-scores the cached network outputs: no second network run.
    done.clear();
    w.modelPanel()->calibrationSlider()->setValue(40);  // seen bias 0.40
    QCOMPARE(w.document()->inference().seenBias, 0.40);
    QVERIFY(done.wait(60000));
    QCOMPARE(done.back().at(2).toBool(), true);
    QTRY_COMPARE_WITH_TIMEOUT(w.document()->predictions().get(0)->data->settingsKey, w.document()->inferenceKey(), 30000);
    QVERIFY(!w.document()->predictionsOutdated(0));

    // A batch over three images, then one cancelled.
    QSignalSpy finished(w.inference(), &InferenceController::batchFinished);
    QSignalSpy progress(w.inference(), &InferenceController::batchProgress);
    w.inference()->run({1, 2, 3}, true);
    QVERIFY(finished.wait(180000));
    QCOMPARE(finished.front().at(0).toInt(), 3);
    QCOMPARE(finished.front().at(2).toBool(), false);
    QVERIFY(progress.size() >= 3);
    for (std::size_t i : {1, 2, 3}) QVERIFY(w.document()->predictions().get(i) != nullptr);
    finished.clear();
    w.inference()->run(w.browser()->visibleImages(), true);
    w.inference()->cancel();
    QVERIFY(!finished.isEmpty() || finished.wait(60000));
    QCOMPARE(finished.front().at(2).toBool(), true);
    QTRY_VERIFY_WITH_TIMEOUT(!w.inference()->busy(), 60000);
    QVERIFY(w.document()->predictions().imageCount() < 158);

    // Changing a setting makes the other images' predictions outdated (not silently wrong).
    s = w.document()->inference();
    s.nmsIou = 0.3;
    w.document()->setInference(s);
    QVERIFY(w.document()->predictionsOutdated(2));
  }

  // The sample open in `w`, image `img` given predictions made from its ground truth (3 per
  // class) and settled; null when any step fails.
  static const ImagePredictions* predictedSample(MainWindow& w, std::size_t img) {
    w.show();
    if (!test::openSample(w)) return nullptr;
    ProjectDocument& doc = *w.document();
    doc.setPredictions(img, test::predictionsFromGroundTruth(doc, img, 3));
    if (!test::waitSettled(w)) return nullptr;
    return doc.predictions().get(img);
  }

  void acceptRelabelDeleteUndoRedo() {
    MainWindow w(nullptr, recovery_.path());
    const std::size_t img = 0;
    const ImagePredictions* p = predictedSample(w, img);
    ProjectDocument& doc = *w.document();
    QVERIFY(p && p->size() >= 4);
    const std::size_t gtCount = doc.dataset().annotationsOfImage(img).size();
    const std::uint32_t gt0 = doc.dataset().annotationsOfImage(img)[0];
    const std::string gtClass = doc.loadedClassName(gt0);
    QUndoStack* undo = doc.undoStack();
    QCOMPARE(undo->count(), 0);

    // Accept prediction 0 (click selects it on the canvas, Y accepts).
    w.setSelection({{InstanceRef::Source::Prediction, 0}});
    w.actions()->get("edit.accept")->trigger();
    QCOMPARE(doc.edits().added().size(), std::size_t{1});
    QCOMPARE(p->state[0], ReviewState::Accepted);
    QCOMPARE(doc.edits().added()[0].className, p->className(0));
    QVERIFY(doc.edits().added()[0].area > 0);
    // Relabel prediction 1 and a ground-truth annotation.
    w.setSelection({{InstanceRef::Source::Prediction, 1}});
    w.relabelSelection(QStringLiteral("zebra"));
    QCOMPARE(p->className(1), std::string("zebra"));
    w.setSelection({{InstanceRef::Source::GroundTruth, gt0}});
    w.relabelSelection(QStringLiteral("dog"));
    QCOMPARE(doc.loadedClassName(gt0), std::string("dog"));
    // Delete the accepted annotation and a ground-truth one; reject prediction 2.
    w.setSelection({{InstanceRef::Source::Annotation, 0}, {InstanceRef::Source::GroundTruth, gt0}});
    w.actions()->get("edit.delete")->trigger();
    QVERIFY(doc.edits().added()[0].deleted);
    QVERIFY(doc.edits().loadedDeleted(gt0));
    w.setSelection({{InstanceRef::Source::Prediction, 2}});
    w.actions()->get("edit.reject")->trigger();
    QCOMPARE(p->state[2], ReviewState::Rejected);
    QCOMPARE(undo->count(), 5);
    QVERIFY(doc.isModified());
    QVERIFY(test::waitSettled(w));
    // The table follows: one ground-truth row fewer, the accepted annotation gone again.
    std::size_t gtRows = 0;
    for (const auto& r : w.detectionsPanel()->model()->rows()) gtRows += r.ref.source == InstanceRef::Source::GroundTruth ? 1 : 0;
    QCOMPARE(gtRows, gtCount - 1);

    // Undo everything (Ctrl+Z), in reverse order.
    QVERIFY(w.actions()->get("edit.undo")->shortcuts().contains(QKeySequence(QStringLiteral("Ctrl+Z"))));
    for (int i = 0; i < 5; ++i) w.actions()->get("edit.undo")->trigger();
    QCOMPARE(undo->index(), 0);
    QCOMPARE(p->state[0], ReviewState::Pending);
    QCOMPARE(p->state[2], ReviewState::Pending);
    QVERIFY(p->relabel[1].empty());
    QCOMPARE(doc.loadedClassName(gt0), gtClass);
    QVERIFY(!doc.edits().loadedDeleted(gt0));
    QVERIFY(doc.edits().added().empty());
    QVERIFY(undo->isClean());  // the predictions themselves are unsaved work, the edits are undone

    // Redo everything (Ctrl+Shift+Z and Ctrl+Y both redo).
    QAction* redo = w.actions()->get("edit.redo");
    QVERIFY(redo->shortcuts().contains(QKeySequence(QStringLiteral("Ctrl+Shift+Z"))));
    QVERIFY(redo->shortcuts().contains(QKeySequence(QStringLiteral("Ctrl+Y"))));
    for (int i = 0; i < 5; ++i) redo->trigger();
    QCOMPARE(p->state[0], ReviewState::Accepted);
    QCOMPARE(p->className(1), std::string("zebra"));
    QVERIFY(doc.edits().loadedDeleted(gt0));
    QVERIFY(doc.edits().added()[0].deleted);
    QCOMPARE(p->state[2], ReviewState::Rejected);

    // Accept all pending, then undo it as one step.
    const std::size_t pending = p->pendingCount();
    QVERIFY(pending > 0);
    w.actions()->get("edit.acceptAll")->trigger();
    QCOMPARE(p->pendingCount(), std::size_t{0});
    QCOMPARE(doc.edits().added().size(), 1 + pending);
    undo->undo();
    QCOMPARE(p->pendingCount(), pending);

    // Keyboard: the shortcut reaches the action through the window.
    w.activateWindow();
    w.setSelection({{InstanceRef::Source::Prediction, 3}});
    QTest::keyClick(&w, Qt::Key_Y);
    QCOMPARE(p->state[3], ReviewState::Accepted);
    QTest::keyClick(&w, Qt::Key_Z, Qt::ControlModifier);
    QCOMPARE(p->state[3], ReviewState::Pending);
    QTest::keyClick(&w, Qt::Key_Y, Qt::ControlModifier);
    QCOMPARE(p->state[3], ReviewState::Accepted);
  }

  // Every review edit command through its action: do, undo, redo, undo again, each time comparing
  // the whole review state (reviewState) with the one before or after the edit. Rows whose edit
  // needs an earlier one (deleting what was accepted) do that first, outside the comparison.
  void reviewEditsUndoRedoTable() {
    MainWindow w(nullptr, recovery_.path());
    const std::size_t img = 0;
    const ImagePredictions* p = predictedSample(w, img);
    ProjectDocument& doc = *w.document();
    QVERIFY(p && p->size() >= 6);
    const std::uint32_t gt0 = doc.dataset().annotationsOfImage(img)[0];
    const std::uint32_t gt1 = doc.dataset().annotationsOfImage(img)[1];
    QUndoStack* undo = doc.undoStack();
    using Ref = InstanceRef;
    auto select = [&](std::vector<InstanceRef> refs) { w.setSelection(refs); };
    auto trigger = [&](const char* action) { w.actions()->get(action)->trigger(); };
    auto accept = [&](std::size_t i) {
      select({{Ref::Source::Prediction, i}});
      trigger("edit.accept");
    };
    // The added annotation a prediction became (its index in edits().added()).
    auto addedOf = [&](std::size_t i) {
      const auto& added = doc.edits().added();
      for (std::size_t k = 0; k < added.size(); ++k)
        if (added[k].id == p->annotationId[i]) return k;
      return added.size();
    };
    struct Row {
      const char* name;
      std::function<void()> setup;  // may be empty
      std::function<void()> edit;   // exactly one command
    };
    const std::vector<Row> rows{
        {"accept a prediction", {}, [&] { accept(0); }},
        {"reject a prediction",
         {},
         [&] {
           select({{Ref::Source::Prediction, 1}});
           trigger("edit.reject");
         }},
        {"relabel a prediction",
         {},
         [&] {
           select({{Ref::Source::Prediction, 1}});
           w.relabelSelection(QStringLiteral("zebra"));
         }},
        {"relabel a ground-truth annotation",
         {},
         [&] {
           select({{Ref::Source::GroundTruth, gt0}});
           w.relabelSelection(QStringLiteral("dog"));
         }},
        {"delete a ground-truth annotation",
         {},
         [&] {
           select({{Ref::Source::GroundTruth, gt1}});
           trigger("edit.delete");
         }},
        {"delete an added annotation", [&] { accept(2); },
         [&] {
           select({{Ref::Source::Annotation, addedOf(2)}});
           trigger("edit.delete");
         }},
        {"relabel an added annotation", [&] { accept(3); },
         [&] {
           select({{Ref::Source::Annotation, addedOf(3)}});
           w.relabelSelection(QStringLiteral("zebra"));
         }},
        {"delete an accepted prediction", [&] { accept(4); },
         [&] {
           select({{Ref::Source::Prediction, 4}});
           trigger("edit.delete");
         }},
        {"delete a mixed selection", [&] { accept(5); },
         [&] {
           select({{Ref::Source::Prediction, 5},
                   {Ref::Source::GroundTruth, gt0},
                   {Ref::Source::Prediction, 1}});
           trigger("edit.delete");
         }},
        {"accept all pending", {}, [&] { trigger("edit.acceptAll"); }},
    };
    for (const Row& row : rows) {
      if (row.setup) row.setup();
      const QString before = test::reviewState(doc, img);
      const int index = undo->index();
      row.edit();
      QVERIFY2(undo->index() == index + 1, row.name);
      const QString after = test::reviewState(doc, img);
      QVERIFY2(after != before, row.name);
      const std::pair<const char*, const QString*> steps[] = {
          {"undo", &before}, {"redo", &after}, {"undo again", &before}};
      for (const auto& [step, want] : steps) {
        if (QByteArray(step) == "redo")
          undo->redo();
        else
          undo->undo();
        const QString got = test::reviewState(doc, img);
        QVERIFY2(got == *want,
                 qPrintable(QStringLiteral("%1, %2: %3")
                                .arg(QString::fromLatin1(row.name), QString::fromLatin1(step),
                                     test::firstDifference(got, *want))));
      }
    }
  }

  // zsi-studio --open ... --classes 48_17 --model CKPT --mode zsi --image-id 5001 --infer --screenshot PNG
  void scriptedRunInfersThenGrabs() {
    MainWindow w(nullptr, recovery_.path());
    w.resize(1440, 900);
    w.show();
    QTemporaryDir out;
    const QString dir = qEnvironmentVariableIsSet("ZSI_SCREENSHOT_DIR") ? qEnvironmentVariable("ZSI_SCREENSHOT_DIR") : out.path();
    StudioScript::Options o;
    o.open = test::sampleJson();
    o.images = test::sampleImages();
    o.classes = QStringLiteral("48_17");
    o.model = model_;
    o.imageId = 5001;
    o.mode = QStringLiteral("zsi");
    o.infer = true;
    o.screenshot = QDir(dir).filePath(QStringLiteral("scripted_infer.png"));
    o.timeoutSeconds = 240;  // the script's own watchdog names the step it was waiting for
    StudioScript script(&w, o);
    QSignalSpy finished(&script, &StudioScript::finished);
    script.start();
    QVERIFY(finished.wait(300000));
    QVERIFY2(finished.front().at(0).toInt() == 0, qPrintable(script.error()));
    const std::size_t img = *w.document()->dataset().imageIndex(5001);
    QCOMPARE(w.currentImage(), static_cast<long long>(img));
    QVERIFY(w.document()->predictions().get(img) != nullptr);  // inferred before the grab
    QCOMPARE(w.document()->inference().mode, InferenceMode::Zsi);
    for (std::uint8_t u : w.document()->predictions().get(img)->data->instances.unseen) QCOMPARE(u, std::uint8_t{1});
    QImage shot(o.screenshot);
    QCOMPARE(shot.size(), w.size());

    // A bad checkpoint ends a scripted run with an error, not a hang or a crash.
    MainWindow w2(nullptr, recovery_.path());
    StudioScript::Options bad = o;
    bad.model = test::sampleJson();  // not a checkpoint
    StudioScript script2(&w2, bad);
    QSignalSpy finished2(&script2, &StudioScript::finished);
    script2.start();
    QVERIFY(finished2.wait(120000));
    QCOMPARE(finished2.front().at(0).toInt(), 1);
    QVERIFY(!script2.error().isEmpty());
  }

  void canvasClickSelectsAndSyncsTheTable() {
    MainWindow w(nullptr, recovery_.path());
    w.resize(1280, 800);
    w.show();
    QVERIFY(test::openSample(w));
    ImageCanvas* c = w.canvas();
    const auto overlay = c->overlay();
    QVERIFY(overlay && !overlay->rows.empty());
    // Click inside the smallest visible instance's mask.
    std::size_t best = 0;
    double bestArea = 1e18;
    for (std::size_t i = 0; i < overlay->rows.size(); ++i)
      if (!overlay->shapes[i].rect.isEmpty() && overlay->rows[i].area < bestArea && !overlay->rows[i].crowd) {
        bestArea = overlay->rows[i].area;
        best = i;
      }
    const OverlayShape& s = overlay->shapes[best];
    QPoint hit;
    for (int y = s.rect.top(); y <= s.rect.bottom() && hit.isNull(); ++y)
      for (int x = s.rect.left(); x <= s.rect.right(); ++x)
        if (s.contains(x, y)) {
          hit = c->toWidget(QPointF(x + 0.5, y + 0.5)).toPoint();
          break;
        }
    QVERIFY(!hit.isNull());
    QCOMPARE(c->rowAt(c->toImage(hit)), static_cast<int>(best));
    QTest::mouseMove(c, hit);
    QCOMPARE(c->hoveredRow(), static_cast<int>(best));
    QTest::mouseClick(c, Qt::LeftButton, Qt::NoModifier, hit);
    QCOMPARE(w.selection().size(), std::size_t{1});
    QCOMPARE(w.selection()[0], overlay->rows[best].ref);
    QCOMPARE(w.detectionsPanel()->selection().size(), std::size_t{1});
    QCOMPARE(w.detectionsPanel()->selection()[0], overlay->rows[best].ref);
    // And back: selecting a table row selects on the canvas.
    w.detectionsPanel()->table()->selectRow(0);
    QCOMPARE(c->selection().size(), std::size_t{1});
  }
};

QTEST_MAIN(TestStudioReview)
#include "test_studio_review.moc"
