// Never losing work: the recovery copy after a simulated crash (the window is destroyed without
// closing), the project file round trip, a project from a newer version refused; and export:
// instances (RLE and polygons) and results, which `zsi coco validate` accepts and which evaluate
// in `zsi eval` to exactly the numbers the studio shows.

#include <QFile>
#include <optional>
#include <stdexcept>
#include <QProcess>
#include <QtTest>
#include <nlohmann/json.hpp>

#include "core/coco/CocoReader.h"
#include "core/coco/MaskPolygons.h"
#include "core/coco/Rle.h"
#include "core/eval/EvalJson.h"
#include "core/util/AtomicFile.h"
#include "tests/ui/StudioTestUtil.h"
#include "ui/Background.h"
#include "ui/EvaluationPanel.h"
#include "ui/ProjectFile.h"
#include "ui/ProjectSaver.h"
#include "ui/RecoveryStore.h"

using namespace zsi;
using namespace zsi::ui;

namespace {

// Review edits every test below makes: accept two predictions, relabel and delete loaded
// annotations, reject a prediction.
void review(MainWindow& w) {
  ProjectDocument& doc = *w.document();
  for (std::size_t img : {0, 1, 2}) doc.setPredictions(img, test::predictionsFromGroundTruth(doc, img, 7 + img));
  w.showImage(0);
  w.setSelection({{InstanceRef::Source::Prediction, 0}, {InstanceRef::Source::Prediction, 1}});
  w.acceptSelection();
  const std::uint32_t a0 = doc.dataset().annotationsOfImage(0)[0];
  const std::uint32_t a1 = doc.dataset().annotationsOfImage(0)[1];
  w.setSelection({{InstanceRef::Source::GroundTruth, a0}});
  w.relabelSelection(QStringLiteral("zebra"));
  w.setSelection({{InstanceRef::Source::GroundTruth, a1}});
  w.deleteSelection();
  w.setSelection({{InstanceRef::Source::Prediction, 2}});
  w.rejectSelection();
}

int runCli(const QStringList& args, QString* output) {
  QProcess p;
  p.start(test::zsiCli(), args);
  if (!p.waitForFinished(300000)) return -1;
  if (output) *output = QString::fromUtf8(p.readAllStandardOutput() + p.readAllStandardError());
  return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
}

}  // namespace

class TestStudioProject : public QObject {
  Q_OBJECT
  QTemporaryDir recovery_;
  QTemporaryDir work_;

 private slots:
  void initTestCase() {
    test::requireSharedData();
    test::isolateSettings("project");
  }

  void recoversAfterACrash() {
    QTemporaryDir dir;
    std::int64_t relabelledId = 0, deletedId = 0;
    std::size_t added = 0;
    {
      auto* w = new MainWindow(nullptr, dir.path());
      w->show();
      QVERIFY(test::openSample(*w));
      w->saver()->setAutosaveDelay(50);
      QSignalSpy autosaved(w->saver(), &ProjectSaver::autosaved);
      review(*w);
      QVERIFY(autosaved.wait(10000));  // the debounced recovery copy, after the edits
      QTRY_VERIFY_WITH_TIMEOUT(!w->saver()->autosavePending(), 10000);
      w->saver()->waitForIdle();
      QVERIFY(QFile::exists(w->recovery()->path()));
      const auto& doc = *w->document();
      relabelledId = doc.dataset().annotations()[doc.dataset().annotationsOfImage(0)[0]].id;
      deletedId = doc.dataset().annotations()[doc.dataset().annotationsOfImage(0)[1]].id;
      added = doc.edits().added().size();
      QCOMPARE(added, std::size_t{2});
      // The crash: the window goes without being closed, so nothing discards the copy.
      delete w;
    }
    MainWindow w(nullptr, dir.path());
    w.show();
    const QStringList orphans = w.recovery()->orphaned();
    QCOMPARE(orphans.size(), 1);
    QSignalSpy opened(&w, &MainWindow::datasetOpened);
    w.recoverFrom(orphans.front());
    QVERIFY(opened.wait(60000));
    QVERIFY(test::waitSettled(w));
    const ProjectDocument& doc = *w.document();
    QCOMPARE(doc.imageCount(), std::size_t{158});
    QCOMPARE(doc.edits().added().size(), added);
    QCOMPARE(doc.loadedClassName(*doc.dataset().annotationIndex(relabelledId)), std::string("zebra"));
    QVERIFY(doc.edits().loadedDeleted(*doc.dataset().annotationIndex(deletedId)));
    const ImagePredictions* p = doc.predictions().get(0);
    QVERIFY(p);
    QCOMPARE(p->state[0], ReviewState::Accepted);
    QCOMPARE(p->state[2], ReviewState::Rejected);
    QVERIFY(doc.predictions().get(2) != nullptr);
    QVERIFY(doc.isModified());  // recovered work is unsaved until saved
    QVERIFY(w.recovery()->orphaned().isEmpty());  // offered once, then gone
    // A clean close forgets this session's copy.
    w.saver()->autosaveNow();
    w.saver()->waitForIdle();
    QTest::qWait(50);
    w.setScripted(true);
    w.close();
    QVERIFY(!QFile::exists(w.recovery()->path()));
  }

  void savesAndReopensAProject() {
    const QString path = QDir(work_.path()).filePath(QStringLiteral("review.zsiproj"));
    std::string json;
    {
      MainWindow w(nullptr, recovery_.path());
      w.show();
      QVERIFY(test::openSample(w));
      review(w);
      QSignalSpy saved(w.saver(), &ProjectSaver::saved);
      w.saveProject(path);
      QVERIFY(saved.wait(30000));
      QVERIFY(saved.front().at(1).toBool());
      QVERIFY(!w.document()->isModified());
      QCOMPARE(w.document()->projectPath(), path);
      json = ProjectFile::toJson(ProjectFile::capture(*w.document()), work_.path().toStdString());
    }
    // Paths are relative to the project file, so the folder can move with its data.
    auto text = readFile(path.toStdString());
    QVERIFY(text.ok());
    QVERIFY(text->find("\"version\": 1") != std::string::npos);
    MainWindow w(nullptr, recovery_.path());
    w.show();
    QSignalSpy opened(&w, &MainWindow::projectOpened);
    w.openProject(path);
    QVERIFY(opened.wait(60000));
    QVERIFY(test::waitSettled(w));
    QVERIFY(!w.document()->isModified());
    QCOMPARE(ProjectFile::toJson(ProjectFile::capture(*w.document()), work_.path().toStdString()), json);

    // A project written by a newer version is refused with the field named.
    std::string newer = text.value();
    newer.replace(newer.rfind("\"version\": 1"), 12, "\"version\": 99");  // the top-level one (keys are sorted)
    auto r = ProjectFile::parse(newer, "newer.zsiproj");
    QVERIFY(!r.ok());
    QCOMPARE(QString::fromStdString(r.error().field), QStringLiteral("version"));
    QVERIFY(QString::fromStdString(r.error().toString()).contains(QStringLiteral("newer")));
  }

  void exportsValidFilesThatEvaluateLikeTheCli() {
    if (!QFile::exists(test::zsiCli())) QSKIP("the zsi command-line program is not built");
    MainWindow w(nullptr, recovery_.path());
    w.setScripted(true);
    w.show();
    QVERIFY(test::openSample(w));
    ProjectDocument& doc = *w.document();
    for (std::size_t img = 0; img < 40; ++img) doc.setPredictions(img, test::predictionsFromGroundTruth(doc, img, 100 + img));
    review(w);
    QVERIFY(test::waitSettled(w));

    QSignalSpy exported(&w, &MainWindow::exportFinished);
    ExportRequest r;
    r.kind = ExportRequest::Kind::Annotations;
    r.path = QDir(work_.path()).filePath(QStringLiteral("rle.json")).toStdString();
    w.startExport(r);
    QVERIFY(exported.wait(60000));
    QVERIFY2(exported.back().at(0).toBool(), qPrintable(exported.back().at(1).toString()));
    r.path = QDir(work_.path()).filePath(QStringLiteral("polygons.json")).toStdString();
    r.annotations.polygons = true;
    w.startExport(r);
    QVERIFY(exported.wait(60000));
    QVERIFY2(exported.back().at(0).toBool(), qPrintable(exported.back().at(1).toString()));
    ExportRequest rr;
    rr.kind = ExportRequest::Kind::Results;
    rr.path = QDir(work_.path()).filePath(QStringLiteral("results.json")).toStdString();
    w.startExport(rr);
    QVERIFY(exported.wait(60000));
    QVERIFY2(exported.back().at(0).toBool(), qPrintable(exported.back().at(1).toString()));

    // `zsi coco validate` accepts both instance files.
    QString out;
    for (const char* f : {"rle.json", "polygons.json"}) {
      const QString file = QDir(work_.path()).filePath(QLatin1String(f));
      QCOMPARE(runCli({QStringLiteral("coco"), QStringLiteral("validate"), file}, &out), 0);
    }
    // The exported annotations are the reviewed ones: deleted gone, relabel applied, accepted added.
    auto rle = loadCocoDataset(QDir(work_.path()).filePath(QStringLiteral("rle.json")).toStdString());
    auto poly = loadCocoDataset(QDir(work_.path()).filePath(QStringLiteral("polygons.json")).toStdString());
    QVERIFY(rle.ok() && poly.ok());
    QCOMPARE(rle->annotations().size(), doc.dataset().annotations().size() - 1 + 2);
    QCOMPARE(poly->annotations().size(), rle->annotations().size());
    const std::int64_t deletedId = doc.dataset().annotations()[doc.dataset().annotationsOfImage(0)[1]].id;
    QVERIFY(!rle->annotationIndex(deletedId));
    const std::int64_t relabelledId = doc.dataset().annotations()[doc.dataset().annotationsOfImage(0)[0]].id;
    const auto& ra = rle->annotations()[*rle->annotationIndex(relabelledId)];
    QCOMPARE(rle->categories()[*rle->categoryIndex(ra.categoryId)].name, std::string("zebra"));
    // Polygons traced from the accepted masks re-rasterise to the same pixels (holes aside).
    for (const auto& u : doc.edits().added()) {
      auto i = rle->annotationIndex(u.id);
      auto j = poly->annotationIndex(u.id);
      QVERIFY(i && j);
      QCOMPARE(poly->annotations()[*j].segKind, SegmentationKind::Polygons);
      double iou = 0;
      rleIou({poly->annotationRle(*j)}, {rle->annotationRle(*i)}, {0}, &iou);
      QVERIFY2(iou > 0.98, qPrintable(QString::number(iou)));
    }

    // In-app evaluation equals `zsi eval` on the exported results, number for number.
    w.evaluationPanel()->setOptions({IouType::Segm, EvalProtocol::Zsi, true});
    QSignalSpy evaluated(w.evaluationPanel(), &EvaluationPanel::finished);
    w.evaluationPanel()->evaluate();
    QVERIFY(evaluated.wait(120000));
    QVERIFY2(evaluated.front().at(0).toBool(), qPrintable(evaluated.front().at(1).toString()));
    const EvaluationOutcome* app = w.evaluationPanel()->last();
    QVERIFY(app && app->report.gzsi);
    QVERIFY(app->report.gzsi->seenAp > 0.1);
    const QString cliJson = QDir(work_.path()).filePath(QStringLiteral("eval.json"));
    QCOMPARE(runCli({QStringLiteral("eval"), QStringLiteral("--gt"), test::sampleJson(), QStringLiteral("--dt"),
                     QString::fromStdString(rr.path), QStringLiteral("--iou-type"), QStringLiteral("segm"),
                     QStringLiteral("--protocol"), QStringLiteral("zsi"), QStringLiteral("--gzsi"),
                     QStringLiteral("--split"), QStringLiteral("48_17"), QStringLiteral("--json"), cliJson},
                    &out),
             0);
    auto cliText = readFile(cliJson.toStdString());
    QVERIFY(cliText.ok());
    const auto cli = nlohmann::json::parse(cliText.value());
    const auto mine = nlohmann::json::parse(evalReportToJson(app->report));
    for (const char* key : {"images", "detections", "stats", "zsi", "per_class", "gzsi", "pr_curves"})
      QVERIFY2(cli.at(key) == mine.at(key), key);
  }

  // Issue 27 defect 5: a project field of the wrong type made nlohmann throw inside the background
  // load; the exception was lost with the task, so its completion never came and the studio hung.
  // The parser now names the field, and a background task that throws still delivers a failure.
  void deliversFailuresOfBadFieldsAndThrowingTasks() {
    const std::string head = R"({"format": "zsi-studio-project", )";
    auto stringVersion = ProjectFile::parse(head + R"("version": "1"})", "/tmp/v.zsiproj");
    QVERIFY(!stringVersion.ok());
    QVERIFY2(stringVersion.error().toString().find("version") != std::string::npos,
             stringVersion.error().toString().c_str());
    auto textScore = ProjectFile::parse(
        head + R"("version": 1, "dataset": {"annotations": "a.json", "images": "images"},
          "predictions": [{"image_id": 1, "key": "0", "width": 4, "height": 3, "classes": ["cat"],
          "instances": [{"label": 0, "box": [0, 0, 1, 1], "score": "high"}]}]})",
        "/tmp/s.zsiproj");
    QVERIFY(!textScore.ok());
    QVERIFY2(textScore.error().toString().find("predictions[0]") != std::string::npos,
             textScore.error().toString().c_str());
    QVERIFY2(textScore.error().toString().find("s.zsiproj") != std::string::npos,
             textScore.error().toString().c_str());

    QObject context;
    std::optional<Status> delivered;
    runInBackground(
        &context, nullptr, []() -> Status { throw std::runtime_error("boom"); },
        [&](Status s) { delivered = s; });
    QTRY_VERIFY_WITH_TIMEOUT(delivered.has_value(), 10000);
    QVERIFY(!delivered->ok());
    QVERIFY(delivered->error().message.find("boom") != std::string::npos);
  }

  // Issue 27 defect 6: a prediction's mask far larger than its image was decoded as given, so a
  // project file could make the studio allocate gigabytes. Masks must fit their image, and image
  // sizes the pixel limit, or the project is refused naming the field.
  void refusesMasksLargerThanTheirImage() {
    Rle empty;
    empty.h = empty.w = 2000;
    empty.counts = {2000u * 2000u};
    auto project = [&](int x, int w, int imageWidth) {
      nlohmann::json j = {{"format", "zsi-studio-project"}, {"version", 1},
                          {"dataset", {{"annotations", "a.json"}, {"images", "images"}}},
                          {"predictions", {{{"image_id", 1}, {"key", "0"}, {"width", imageWidth}, {"height", 3},
                                            {"classes", {"cat"}},
                                            {"instances", {{{"label", 0}, {"box", {0, 0, 1, 1}},
                                                            {"mask", {{"x", x}, {"y", 0}, {"w", w}, {"h", 2000},
                                                                      {"counts", rleToString(empty)}}}}}}}}}};
      return ProjectFile::parse(j.dump(), "/tmp/p.zsiproj");
    };
    auto big = project(0, 2000, 4);
    QVERIFY(!big.ok());
    const std::string message = big.error().toString();
    QVERIFY2(message.find("predictions[0].instances[0].mask") != std::string::npos, message.c_str());
    QVERIFY2(message.find("4x3 image") != std::string::npos, message.c_str());
    auto outside = project(-1, 2000, 1000000);  // inside the pixel limit, but not at x = -1
    QVERIFY(!outside.ok());
    auto huge = project(0, 2000, 2000000000);
    QVERIFY(!huge.ok());
    QVERIFY2(huge.error().toString().find("predictions[0].width") != std::string::npos, huge.error().toString().c_str());
  }
};

QTEST_MAIN(TestStudioProject)
#include "test_studio_project.moc"
