// The classes panel: type a known word (immediate feedback with the rule used), an unknown word
// (a message with suggestions, nothing added), a COCO name without any vector file; remove,
// seen/unseen and undo; the class set changes the seen/unseen split shown for the dataset.

#include <QLabel>
#include <QLineEdit>
#include <QTableView>
#include <QtTest>

#include "tests/ui/StudioTestUtil.h"
#include "ui/AddClassCommand.h"
#include "ui/ClassesPanel.h"
#include "ui/DataFiles.h"
#include "ui/RemoveClassCommand.h"
#include "ui/ReplaceClassSetCommand.h"
#include "ui/SetClassSplitCommand.h"
#include "ui/VectorService.h"

using namespace zsi;
using namespace zsi::ui;

namespace {

// Types a name into the panel and presses Enter; waits for the lookup to finish.
bool type(ClassesPanel* panel, const QString& name) {
  QLineEdit* edit = panel->nameEdit();
  edit->clear();
  QTest::keyClicks(edit, name);
  QTest::keyClick(edit, Qt::Key_Return);
  QDeadlineTimer deadline(30000);
  while (panel->embedding() && !deadline.hasExpired()) QTest::qWait(5);
  return !panel->embedding();
}

double norm(const std::vector<float>& v) {
  double s = 0;
  for (float x : v) s += static_cast<double>(x) * x;
  return std::sqrt(s);
}

}  // namespace

class TestStudioClasses : public QObject {
  Q_OBJECT
  QTemporaryDir recovery_;

 private slots:
  void initTestCase() {
    test::requireSharedData();
    test::isolateSettings("classes");
  }

  void typesKnownAndUnknownWords() {
    MainWindow w(nullptr, recovery_.path());
    w.show();
    ProjectDocument& doc = *w.document();
    ClassesPanel* panel = w.classesPanel();
    QSignalSpy opened(w.vectors(), &VectorService::opened);
    w.vectors()->open(test::shared(QStringLiteral("wordvec/googlenews_w2v_top1000_unit.txt")));
    QVERIFY(opened.wait(30000));
    QVERIFY(w.vectors()->hasFile());

    // A word of the vocabulary: added at once, unseen, at the official norm, rule shown.
    QSignalSpy added(panel, &ClassesPanel::classAdded);
    QSignalSpy rejected(panel, &ClassesPanel::classRejected);
    QVERIFY(type(panel, QStringLiteral("dog")));
    QCOMPARE(added.size(), 1);
    QCOMPARE(doc.classSet().size(), std::size_t{1});
    const ClassSetEntry& dog = doc.classSet().classes[0];
    QCOMPARE(dog.name, std::string("dog"));
    QVERIFY(dog.unseen);
    QCOMPARE(dog.rule, std::string("exact token"));
    QVERIFY(std::abs(norm(dog.vector) - ClassVectors::kOfficialNorm) < 1e-4);
    QVERIFY(panel->feedback().contains(QStringLiteral("dog")));
    QVERIFY(panel->nameEdit()->text().isEmpty());

    // Two words: the phrase is not a token, the head word is.
    QVERIFY(type(panel, QStringLiteral("police car")));
    QCOMPARE(doc.classSet().size(), std::size_t{2});
    QCOMPARE(doc.classSet().classes[1].rule, std::string("head word"));

    // An unknown word: nothing added, the message says so and offers close spellings as links.
    QVERIFY(type(panel, QStringLiteral("hous")));
    QCOMPARE(rejected.size(), 1);
    QCOMPARE(doc.classSet().size(), std::size_t{2});
    QVERIFY2(panel->feedback().contains(QStringLiteral("not in the vocabulary")), qPrintable(panel->feedback()));
    QVERIFY2(panel->feedback().contains(QStringLiteral("<a href=\"house\">")), qPrintable(panel->feedback()));
    // A name already there is refused.
    QVERIFY(type(panel, QStringLiteral("Dog")));
    QCOMPARE(rejected.size(), 2);

    // Undo and redo the additions.
    QCOMPARE(doc.undoStack()->count(), 2);
    doc.undoStack()->undo();
    QCOMPARE(doc.classSet().size(), std::size_t{1});
    doc.undoStack()->undo();
    QCOMPARE(doc.classSet().size(), std::size_t{0});
    doc.undoStack()->redo();
    doc.undoStack()->redo();
    QCOMPARE(doc.classSet().size(), std::size_t{2});

    // The nearest words of a class come from the vector file.
    QTRY_VERIFY_WITH_TIMEOUT(!w.vectors()->nearest("dog").isEmpty(), 30000);
  }

  void cocoNamesWorkWithoutAVectorFile() {
    MainWindow w(nullptr, recovery_.path());
    w.show();
    ClassesPanel* panel = w.classesPanel();
    QVERIFY(!w.vectors()->hasFile());
    QVERIFY(type(panel, QStringLiteral("zebra")));
    QCOMPARE(w.document()->classSet().size(), std::size_t{1});
    QCOMPARE(w.document()->classSet().classes[0].rule, std::string("ZSI COCO vector"));
    QVERIFY(type(panel, QStringLiteral("blorf")));
    QCOMPARE(w.document()->classSet().size(), std::size_t{1});
    QVERIFY(panel->feedback().contains(QStringLiteral("word-vector file")));
  }

  // A name typed into the demo set is embedded with the set's own multi-word rule (mean of
  // words), so a composition typed by hand gets exactly the vector the set was built with.
  void typedCompositionsFollowTheSetsRule() {
    if (DataFiles::model(QStringLiteral("demo/demo_classes.json")).isEmpty())
      QSKIP("models/demo/demo_classes.json is not installed");
    MainWindow w(nullptr, recovery_.path());
    w.show();
    ProjectDocument& doc = *w.document();
    ClassesPanel* panel = w.classesPanel();
    QSignalSpy opened(w.vectors(), &VectorService::opened);
    panel->useBuiltin(QStringLiteral("demo"));
    QVERIFY(opened.wait(30000));
    QCOMPARE(doc.classSet().multiWord, MultiWordRule::MeanOfWords);
    const int star = doc.classSet().find("purple star");
    QVERIFY(star >= 0);
    const ClassSetEntry original = doc.classSet().classes[static_cast<std::size_t>(star)];
    doc.undoStack()->push(new RemoveClassCommand(&doc, static_cast<std::size_t>(star)));
    QVERIFY(doc.classSet().find("purple star") < 0);

    panel->addClass(QStringLiteral("purple star"), original.unseen);
    QTRY_VERIFY_WITH_TIMEOUT(!panel->embedding(), 30000);
    const int typed = doc.classSet().find("purple star");
    QVERIFY2(typed >= 0, qPrintable(panel->feedback()));
    const ClassSetEntry& e = doc.classSet().classes[static_cast<std::size_t>(typed)];
    QCOMPARE(e.rule, std::string("mean of words"));
    QCOMPARE(e.vector.size(), original.vector.size());
    for (std::size_t k = 0; k < e.vector.size(); ++k) QVERIFY(std::abs(e.vector[k] - original.vector[k]) < 1e-5f);
    // Under the head-word rule "purple star" would have been the vector of "star" alone.
    QVERIFY(panel->feedback().contains(QStringLiteral("purple")));
  }

  void splitEditsChangeWhatIsUnseen() {
    MainWindow w(nullptr, recovery_.path());
    w.show();
    QVERIFY(test::openSample(w));
    ProjectDocument& doc = *w.document();
    QCOMPARE(doc.classSet().unseenCount(), std::size_t{17});
    const int cat = doc.classSet().find("cat");
    QVERIFY(cat >= 0);
    QCOMPARE(doc.classSplit("cat"), 1);
    doc.undoStack()->push(new SetClassSplitCommand(&doc, static_cast<std::size_t>(cat), false));
    QCOMPARE(doc.classSplit("cat"), 0);
    doc.undoStack()->undo();
    QCOMPARE(doc.classSplit("cat"), 1);
    // The 65/15 set by its menu entry; undo brings 48/17 back.
    w.actions();
    w.classesPanel()->useBuiltin(QStringLiteral("65_15"));
    QCOMPARE(doc.classSet().size(), std::size_t{80});
    QCOMPARE(doc.classSet().unseenCount(), std::size_t{15});
    doc.undoStack()->undo();
    QCOMPARE(doc.classSet().size(), std::size_t{65});
    // Removing from the table, then undo.
    w.classesPanel()->table()->selectRow(0);
    const std::string first = doc.classSet().classes[0].name;
    w.classesPanel()->removeSelected();
    QCOMPARE(doc.classSet().size(), std::size_t{64});
    QVERIFY(doc.classSet().find(first) < 0);
    doc.undoStack()->undo();
    QCOMPARE(doc.classSet().classes[0].name, first);
  }
};

QTEST_MAIN(TestStudioClasses)
#include "test_studio_classes.moc"
