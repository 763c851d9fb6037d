#include "ui/ActionTable.h"

#include <QSettings>

namespace zsi::ui {

namespace {
QKeySequence keys(const char* portable) { return QKeySequence(QString::fromLatin1(portable)); }
}  // namespace

const std::vector<ActionSpec>& actionSpecs() {
  // Defaults follow what annotators know from LabelImg / X-AnyLabeling / CVAT: A and D for the
  // previous and next image, Ctrl+Z / Ctrl+Shift+Z / Ctrl+Y, Delete, Ctrl+S, F and 1 for zoom.
  static const std::vector<ActionSpec> specs = {
      // File
      {"file.openDataset", "Open &COCO Dataset\u2026", QKeySequence::Open,
       "Open a COCO instances JSON file and its image folder"},
      {"file.openFolder", "Open Image &Folder\u2026", keys("Ctrl+Shift+O"),
       "Open a folder of images (no annotations)"},
      {"file.openImage", "Open &Image\u2026", QKeySequence(Qt::CTRL | Qt::Key_I),
       "Open a single image file"},
      {"file.openProject", "Open &Project\u2026", keys("Ctrl+Shift+P"), "Open a ZSI Studio project"},
      {"file.save", "&Save Project", QKeySequence::Save, "Save the project (dataset, classes, model, review)"},
      {"file.saveAs", "Save Project &As\u2026", keys("Ctrl+Shift+S"), "Save the project under a new name"},
      {"file.exportAnnotations", "&Export Annotations (COCO)\u2026", keys("Ctrl+E"),
       "Write the working annotations as a COCO instances file"},
      {"file.exportResults", "Export &Results (COCO)\u2026", keys("Ctrl+Shift+E"),
       "Write the predictions as a COCO results file"},
      {"file.settings", "Pre&ferences\u2026", keys("Ctrl+,"), "Shortcuts and preferences"},
      {"file.quit", "&Quit", QKeySequence::Quit, "Quit ZSI Studio"},
      // Edit
      {"edit.undo", "&Undo", keys("Ctrl+Z"), "Undo the last edit"},
      {"edit.redo", "&Redo", keys("Ctrl+Shift+Z"), "Redo the last undone edit", keys("Ctrl+Y")},
      {"edit.accept", "&Accept", keys("Y"), "Accept the selected predictions as annotations"},
      {"edit.acceptAll", "Accept All &Pending on Image", keys("Shift+Y"),
       "Accept every pending prediction of this image"},
      {"edit.reject", "Re&ject", keys("N"), "Reject the selected predictions"},
      {"edit.rejectAll", "Reject All Pe&nding on Image", keys("Shift+N"),
       "Reject every pending prediction of this image"},
      {"edit.relabel", "Re&label\u2026", keys("L"), "Give the selected instances another class"},
      {"edit.delete", "&Delete", QKeySequence(Qt::Key_Delete),
       "Delete the selected annotations (predictions are rejected)", QKeySequence(Qt::Key_Backspace)},
      // View
      {"view.zoomIn", "Zoom &In", QKeySequence::ZoomIn, "Zoom in"},
      {"view.zoomOut", "Zoom &Out", QKeySequence::ZoomOut, "Zoom out"},
      {"view.fit", "&Fit to Window", QKeySequence(Qt::Key_F), "Fit the image to the window"},
      {"view.actualSize", "&Actual Size (1:1)", QKeySequence(Qt::Key_1), "Show the image at 100 %"},
      {"view.groundTruth", "&Ground Truth", keys("G"), "Show annotations", {}, true},
      {"view.predictions", "&Predictions", keys("P"), "Show predictions", {}, true},
      {"view.seen", "&Seen Classes", keys("S"), "Show instances of seen classes", {}, true},
      {"view.unseen", "&Unseen Classes", keys("U"), "Show instances of unseen classes", {}, true},
      {"view.boxes", "&Boxes", keys("B"), "Show bounding boxes", {}, true},
      {"view.labels", "&Labels", keys("T"), "Show class labels and scores", {}, true},
      {"view.rejected", "&Rejected Predictions", keys("Shift+R"), "Show rejected predictions", {}, true},
      {"view.opacityUp", "More &Opaque", keys("]"), "Raise the mask opacity"},
      {"view.opacityDown", "More &Transparent", keys("["), "Lower the mask opacity"},
      // Navigate
      {"nav.next", "&Next Image", keys("D"), "Show the next image of the list", keys("PgDown")},
      {"nav.previous", "&Previous Image", keys("A"), "Show the previous image of the list", keys("PgUp")},
      {"nav.nextPending", "Next &Unreviewed Image", keys("Shift+D"),
       "Show the next image with pending predictions"},
      // Model
      {"model.load", "&Load Checkpoint\u2026", keys("Ctrl+L"), "Load a ZSI model checkpoint"},
      {"model.inferImage", "Run on &Image", keys("Ctrl+R"), "Run the model on the current image"},
      {"model.inferSelection", "Run on &Selected Images", keys("Ctrl+Shift+R"),
       "Run the model on the images selected in the list"},
      {"model.inferAll", "Run on &Whole Dataset", keys("Ctrl+Alt+R"),
       "Run the model on every image of the list"},
      {"model.inferOutdated", "Re-run &Outdated", keys("Ctrl+Alt+U"),
       "Run again where the predictions were made with other settings"},
      {"model.cancel", "&Cancel", QKeySequence(Qt::Key_Escape), "Cancel the running task"},
      // Classes
      {"classes.loadVectors", "Load &Word Vectors\u2026", keys("Ctrl+Shift+W"),
       "Open a word-vector file to add classes by name"},
      {"classes.load", "&Open Class Set\u2026", QKeySequence(), "Load a class set (JSON)"},
      {"classes.save", "&Save Class Set As\u2026", QKeySequence(), "Save the class set (JSON)"},
      {"classes.coco4817", "COCO &48/17", QKeySequence(), "The official 48 seen / 17 unseen COCO classes"},
      {"classes.coco6515", "COCO &65/15", QKeySequence(), "The official 65 seen / 15 unseen COCO classes"},
      {"classes.demo", "&Demo Set", QKeySequence(), "The class set of the demo model"},
      // Tools
      {"tools.evaluate", "&Evaluate Predictions", keys("F9"),
       "Evaluate the predictions against the ground truth (seen, unseen, harmonic mean)"},
      // Help
      // Training and inspection (issue 12)
      {"tools.train", "&Train a Model\u2026", keys("Ctrl+Shift+T"), "Start a training run (zsi train) and follow it"},
      {"view.trainingMonitor", "Training &Monitor", keys("Ctrl+Shift+M"), "Runs, live loss plots, stop and resume"},
      {"view.classMetrics", "Per-Class &Metrics", keys("Ctrl+Shift+K"), "Per-class AP and recall, PR curves"},
      {"view.embeddings", "Patch &Embeddings", keys("Ctrl+Shift+J"), "The contrastive head's patch embeddings of the image"},
      {"help.shortcuts", "&Keyboard Shortcuts", keys("F1"), "Show and change the keyboard shortcuts"},
      {"help.about", "&About ZSI Studio", QKeySequence(), "Version and build information"},
  };
  return specs;
}

ActionTable::ActionTable(QObject* parent) : QObject(parent) {
  QSettings settings;
  for (const auto& spec : actionSpecs()) {
    auto* a = new QAction(tr(spec.text), this);
    a->setObjectName(QString::fromLatin1(spec.id));
    a->setToolTip(tr(spec.tip));
    a->setStatusTip(tr(spec.tip));
    a->setCheckable(spec.checkable);
    QString key = QStringLiteral("shortcuts/") + QLatin1String(spec.id);
    QKeySequence seq = settings.contains(key)
                           ? QKeySequence(settings.value(key).toString(), QKeySequence::PortableText)
                           : spec.shortcut;
    applyShortcut(a, spec, seq);
    actions_.insert(QString::fromLatin1(spec.id), a);
  }
}

void ActionTable::applyShortcut(QAction* action, const ActionSpec& spec, const QKeySequence& primary) {
  QList<QKeySequence> list;
  if (!primary.isEmpty()) list << primary;
  if (!spec.alternate.isEmpty() && spec.alternate != primary) list << spec.alternate;
  action->setShortcuts(list);
  // Tool tips show the key, as menus do.
  QString tip = tr(spec.tip);
  if (!primary.isEmpty()) tip += QStringLiteral(" (%1)").arg(primary.toString(QKeySequence::NativeText));
  action->setToolTip(tip);
}

QAction* ActionTable::get(const char* id) const {
  return actions_.value(QString::fromLatin1(id), nullptr);
}

QList<QAction*> ActionTable::all() const {
  QList<QAction*> out;
  for (const auto& spec : actionSpecs()) out.append(get(spec.id));
  return out;
}

QKeySequence ActionTable::defaultShortcut(const QString& id) {
  for (const auto& spec : actionSpecs()) {
    if (id == QLatin1String(spec.id)) return spec.shortcut;
  }
  return {};
}

QAction* ActionTable::conflictFor(const QKeySequence& seq, const QString& exceptId) const {
  if (seq.isEmpty()) return nullptr;
  for (QAction* a : all()) {
    if (a->objectName() == exceptId) continue;
    if (a->shortcuts().contains(seq)) return a;
  }
  return nullptr;
}

void ActionTable::setShortcut(const QString& id, const QKeySequence& seq) {
  QAction* a = actions_.value(id, nullptr);
  if (!a) return;
  const ActionSpec* spec = nullptr;
  for (const auto& s : actionSpecs())
    if (id == QLatin1String(s.id)) spec = &s;
  QSettings settings;
  QString key = QStringLiteral("shortcuts/") + id;
  if (seq.isEmpty() || seq == defaultShortcut(id)) {
    settings.remove(key);
    applyShortcut(a, *spec, defaultShortcut(id));
  } else {
    settings.setValue(key, seq.toString(QKeySequence::PortableText));
    applyShortcut(a, *spec, seq);
  }
}

}  // namespace zsi::ui
