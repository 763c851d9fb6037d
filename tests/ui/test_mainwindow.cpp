#include <QAction>
#include <QMenuBar>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QtTest>

#include "ui/ActionTable.h"
#include "ui/ImageCanvas.h"
#include "ui/MainWindow.h"

using namespace zsi::ui;

class TestMainWindow : public QObject {
  Q_OBJECT
 private slots:
  void initTestCase() {
    QStandardPaths::setTestModeEnabled(true);  // settings go to a test location
    QCoreApplication::setOrganizationName(QStringLiteral("ZSI Studio Tests"));
  }

  void hasMenusToolbarAndStatusBar() {
    MainWindow w;
    w.show();
    QStringList menus;
    for (QAction* a : w.menuBar()->actions()) menus << a->text();
    QVERIFY(menus.contains(QStringLiteral("&File")));
    QVERIFY(menus.contains(QStringLiteral("&View")));
    QVERIFY(menus.contains(QStringLiteral("&Help")));
    QVERIFY(w.statusBar() != nullptr);
    QVERIFY(w.canvas() != nullptr);
  }

  void opensAnImageAndReportsBadFiles() {
    MainWindow w;
    w.resize(800, 600);
    w.show();
    QTemporaryDir dir;
    const QString good = dir.filePath(QStringLiteral("a.png"));
    QImage img(64, 48, QImage::Format_RGB32);
    img.fill(Qt::red);
    QVERIFY(img.save(good));
    QVERIFY(w.openImage(good, true));
    QCOMPARE(w.canvas()->image().size(), QSize(64, 48));

    const QString bad = dir.filePath(QStringLiteral("broken.jpg"));
    QFile f(bad);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("this is not a jpeg");
    f.close();
    QVERIFY(!w.openImage(bad, true));
    QVERIFY(w.statusBar()->currentMessage().contains(QStringLiteral("broken.jpg")));
    // The previous image is still shown: a failed open loses nothing.
    QCOMPARE(w.canvas()->image().size(), QSize(64, 48));
  }

  void zoomActionsChangeZoom() {
    MainWindow w;
    w.resize(800, 600);
    w.show();
    QImage img(400, 300, QImage::Format_RGB32);
    img.fill(Qt::blue);
    w.canvas()->setImage(img);
    QSignalSpy spy(w.canvas(), &ImageCanvas::zoomChanged);
    w.actions()->get("view.actualSize")->trigger();
    QCOMPARE(w.canvas()->zoom(), 1.0);
    w.actions()->get("view.zoomIn")->trigger();
    QVERIFY(w.canvas()->zoom() > 1.0);
    QVERIFY(spy.count() >= 2);
    // The image point under the anchor stays put when zooming.
    QPointF anchor(123, 77);
    QPointF before = w.canvas()->toImage(anchor);
    w.canvas()->setZoom(3.0, anchor);
    QPointF after = w.canvas()->toImage(anchor);
    QVERIFY(std::abs(before.x() - after.x()) < 1e-9 && std::abs(before.y() - after.y()) < 1e-9);
  }

  void shortcutsAreRemappable() {
    ActionTable table;
    QAction* fit = table.get("view.fit");
    QVERIFY(fit);
    QCOMPARE(fit->shortcut(), QKeySequence(Qt::Key_F));
    table.setShortcut(QStringLiteral("view.fit"), QKeySequence(Qt::Key_G));
    QCOMPARE(fit->shortcut(), QKeySequence(Qt::Key_G));
    ActionTable reloaded;  // persisted through QSettings
    QCOMPARE(reloaded.get("view.fit")->shortcut(), QKeySequence(Qt::Key_G));
    table.setShortcut(QStringLiteral("view.fit"), QKeySequence());
    QCOMPARE(fit->shortcut(), QKeySequence(Qt::Key_F));
  }
};

QTEST_MAIN(TestMainWindow)
#include "test_mainwindow.moc"
