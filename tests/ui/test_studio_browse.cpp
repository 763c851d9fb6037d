// Opening and filtering datasets: the COCO sample (158 images), an image folder, a cancelled
// load, a malformed file; filters by class, split, predictions and review; search by name and id;
// thumbnails decoded in the background; the canvas shows ground-truth overlays.

#include <QListView>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QtTest>

#include "tests/ui/StudioTestUtil.h"
#include "ui/ActionTable.h"
#include "ui/DatasetBrowser.h"
#include "ui/DatasetLoader.h"
#include "ui/DetectionTableModel.h"
#include "ui/DetectionsPanel.h"
#include "ui/ImageCanvas.h"
#include "ui/ImageListModel.h"
#include "ui/ProjectDocument.h"
#include "ui/ThumbnailCache.h"

using namespace zsi;
using namespace zsi::ui;

class TestStudioBrowse : public QObject {
  Q_OBJECT
  QTemporaryDir recovery_;

 private slots:
  void initTestCase() {
    test::requireSharedData();
    test::isolateSettings("browse");
  }

  void opensTheSampleWithOverlays() {
    MainWindow w(nullptr, recovery_.path());
    w.resize(1280, 800);
    w.show();
    QVERIFY(test::openSample(w));
    QCOMPARE(w.document()->imageCount(), std::size_t{158});
    QCOMPARE(w.browser()->model()->rowCount(), 158);
    QCOMPARE(w.currentImage(), 0LL);
    QVERIFY(!w.canvas()->image().isNull());
    QCOMPARE(w.canvas()->image().width(), w.document()->dataset().images()[0].width);
    // The overlay lists every annotation of the image, with its mask.
    QVERIFY(w.canvas()->overlay() != nullptr);
    const auto expected = w.document()->dataset().annotationsOfImage(0).size();
    QCOMPARE(w.canvas()->overlay()->rows.size(), expected);
    QCOMPARE(w.detectionsPanel()->model()->rowCount(), static_cast<int>(expected));
    std::size_t withMask = 0;
    for (const auto& s : w.canvas()->overlay()->shapes) withMask += s.rect.isEmpty() ? 0 : 1;
    QCOMPARE(withMask, expected);
    // Visible thumbnails are there (the run waited for them).
    QVERIFY(w.browser()->visibleThumbnailsReady());
    QVERIFY(w.browser()->thumbnails()->contains(0));
    // COCO datasets start with the 48/17 split: seen and unseen mean something at once.
    QCOMPARE(w.document()->classSet().size(), std::size_t{65});
  }

  void filtersBuildAnIndexVector() {
    MainWindow w(nullptr, recovery_.path());
    w.show();
    QVERIFY(test::openSample(w));
    DatasetBrowser* b = w.browser();
    const CocoDataset& ds = w.document()->dataset();

    ImageFilterSpec s;
    s.className = "airplane";  // README: airplane 3 annotations on 3 images
    b->setFilter(s);
    QCOMPARE(b->model()->rowCount(), 3);
    for (std::uint32_t img : b->model()->rows()) {
      bool has = false;
      for (std::uint32_t a : ds.annotationsOfImage(img)) has |= ds.categories()[*ds.categoryIndex(ds.annotations()[a].categoryId)].name == "airplane";
      QVERIFY(has);
    }
    s = ImageFilterSpec();
    s.split = ImageFilterSpec::Split::HasUnseen;  // README: the 17 unseen classes are on 79 images
    b->setFilter(s);
    QCOMPARE(b->model()->rowCount(), 79);
    s.split = ImageFilterSpec::Split::OnlySeen;
    b->setFilter(s);
    const int onlySeen = b->model()->rowCount();
    s.split = ImageFilterSpec::Split::HasSeen;
    b->setFilter(s);
    QVERIFY(b->model()->rowCount() >= onlySeen);
    QVERIFY(onlySeen > 0 && onlySeen < 158 - 79 + 1);

    s = ImageFilterSpec();
    s.text = QStringLiteral("000000005001");
    b->setFilter(s);
    QCOMPARE(b->model()->rowCount(), 1);
    QCOMPARE(ds.images()[b->model()->rows()[0]].id, 5001);
    s.text = QStringLiteral("5001");  // an id matches too, as do names containing it
    b->setFilter(s);
    QVERIFY(b->model()->rowCount() >= 1);

    // Predictions and review filters follow the document.
    s = ImageFilterSpec();
    s.predictions = ImageFilterSpec::Predictions::With;
    b->setFilter(s);
    QCOMPARE(b->model()->rowCount(), 0);
    w.document()->setPredictions(5, test::predictionsFromGroundTruth(*w.document(), 5, 1));
    QCOMPARE(b->model()->rowCount(), 1);
    s.predictions = ImageFilterSpec::Predictions::Any;
    s.review = ImageFilterSpec::Review::NotReviewed;
    b->setFilter(s);
    QCOMPARE(b->model()->rowCount(), 158);  // images without predictions are not reviewed either
    s.review = ImageFilterSpec::Review::Reviewed;
    b->setFilter(s);
    QCOMPARE(b->model()->rowCount(), 0);

    // The image filtered out is shown anyway when asked for (the filter is cleared).
    s = ImageFilterSpec();
    s.className = "airplane";
    b->setFilter(s);
    w.showImage(0);
    QCOMPARE(w.currentImage(), 0LL);
    QVERIFY(b->filter().isEmpty());
  }

  void nextAndPreviousFollowTheList() {
    MainWindow w(nullptr, recovery_.path());
    w.show();
    QVERIFY(test::openSample(w));
    QVERIFY(w.browser()->step(+1));
    QCOMPARE(w.currentImage(), 1LL);
    w.actions()->get("nav.next")->trigger();
    QCOMPARE(w.currentImage(), 2LL);
    w.actions()->get("nav.previous")->trigger();
    QCOMPARE(w.currentImage(), 1LL);
    QVERIFY(test::waitSettled(w));
    QCOMPARE(w.canvas()->overlay()->imageIndex, std::size_t{1});
  }

  void opensAnImageFolder() {
    MainWindow w(nullptr, recovery_.path());
    w.show();
    QSignalSpy opened(&w, &MainWindow::datasetOpened);
    w.openFolder(test::sampleImages());
    QVERIFY(opened.wait(60000));
    QCOMPARE(w.document()->imageCount(), std::size_t{158});
    QVERIFY(w.document()->isImageFolder());
    QVERIFY(!w.document()->hasGroundTruth());
    QVERIFY(test::waitSettled(w));
    // Sizes come from the file headers.
    const auto& img = w.document()->dataset().images()[0];
    QCOMPARE(w.canvas()->image().width(), img.width);
    QCOMPARE(w.canvas()->image().height(), img.height);
  }

  void reportsBadFilesAndCancels() {
    QTemporaryDir dir;
    const QString bad = dir.filePath(QStringLiteral("bad.json"));
    QFile f(bad);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("{\"images\": [{\"id\": 1, \"file_name\": \"a.jpg\", \"width\": 10, \"height\": }]}");
    f.close();
    MainWindow w(nullptr, recovery_.path());
    w.setScripted(true);
    QSignalSpy errors(&w, &MainWindow::errorOccurred);
    w.openDataset(bad, dir.path());
    QVERIFY(errors.wait(30000));
    const QString message = errors.front().front().toString();
    QVERIFY2(message.contains(QStringLiteral("bad.json")), qPrintable(message));
    QVERIFY2(message.contains(QStringLiteral(":1:")), qPrintable(message));  // the line
    QVERIFY(!w.document()->hasDataset());  // nothing half-loaded

    // A big file, cancelled at once: nothing is loaded, the loader says so.
    const QString big = dir.filePath(QStringLiteral("big.json"));
    QFile g(big);
    QVERIFY(g.open(QIODevice::WriteOnly));
    g.write("{\"images\": [");
    for (int i = 0; i < 200000; ++i)
      g.write(QStringLiteral("%1{\"id\": %2, \"file_name\": \"%2.jpg\", \"width\": 640, \"height\": 480}")
                  .arg(i ? QStringLiteral(",") : QString()).arg(i + 1).toUtf8());
    g.write("], \"annotations\": [], \"categories\": []}");
    g.close();
    QSignalSpy cancelled(w.loader(), &DatasetLoader::cancelled);
    QSignalSpy loaded(w.loader(), &DatasetLoader::loaded);
    w.openDataset(big, dir.path());
    w.loader()->cancel();
    QTRY_VERIFY_WITH_TIMEOUT(!cancelled.isEmpty() || !loaded.isEmpty(), 60000);
    QCOMPARE(cancelled.size(), 1);
    QVERIFY(!w.document()->hasDataset());
  }

  // Issue 27 defect 7: a file_name with "../" or a symlink leading out of the image folder was
  // opened and displayed, while the CLI refuses both. The studio's one path rule is the CLI's
  // (resolveImagePath): such images get no path, so no reader opens them.
  void refusesImagesOutsideTheImageRoot() {
    QTemporaryDir dir;
    QVERIFY(QDir(dir.path()).mkdir(QStringLiteral("images")));
    const QString root = dir.filePath(QStringLiteral("images"));
    QImage pixel(4, 3, QImage::Format_RGB32);
    pixel.fill(Qt::red);
    QVERIFY(pixel.save(QDir(root).filePath(QStringLiteral("inside.png"))));
    QVERIFY(pixel.save(dir.filePath(QStringLiteral("outside.png"))));
    QVERIFY(QFile::link(dir.filePath(QStringLiteral("outside.png")), QDir(root).filePath(QStringLiteral("link.png"))));
    const QString json = dir.filePath(QStringLiteral("escape.json"));
    QFile f(json);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(R"({"images": [{"id": 1, "file_name": "inside.png", "width": 4, "height": 3},
      {"id": 2, "file_name": "../outside.png", "width": 4, "height": 3},
      {"id": 3, "file_name": "link.png", "width": 4, "height": 3}], "annotations": [], "categories": []})");
    f.close();
    MainWindow w(nullptr, recovery_.path());
    w.setScripted(true);
    QSignalSpy opened(&w, &MainWindow::datasetOpened);
    w.openDataset(json, root);
    QVERIFY(opened.wait(30000));
    QCOMPARE(w.document()->imageCount(), std::size_t{3});
    QVERIFY(!w.document()->imagePath(0).isEmpty());
    QVERIFY2(w.document()->imagePath(1).isEmpty(), qPrintable(w.document()->imagePath(1)));
    QVERIFY2(w.document()->imagePath(2).isEmpty(), qPrintable(w.document()->imagePath(2)));
  }
};

QTEST_MAIN(TestStudioBrowse)
#include "test_studio_browse.moc"
