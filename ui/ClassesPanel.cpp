#include "ui/ClassesPanel.h"

#include <QCheckBox>
#include <QColorDialog>
#include <QFileInfo>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>
#include <algorithm>

#include "core/engine/ClassVectors.h"
#include "core/wordvec/BuiltinClassSets.h"
#include "ui/AddClassCommand.h"
#include "ui/ClassSetModel.h"
#include "ui/DataFiles.h"
#include "ui/ProjectDocument.h"
#include "ui/RecolourClassCommand.h"
#include "ui/RemoveClassCommand.h"
#include "ui/ReplaceClassSetCommand.h"
#include "ui/SetClassSplitCommand.h"
#include "ui/Settings.h"
#include "ui/TaskProgress.h"
#include "ui/VectorService.h"

namespace zsi::ui {

ClassesPanel::ClassesPanel(ProjectDocument* doc, VectorService* vectors, QWidget* parent)
    : QWidget(parent), doc_(doc), vectors_(vectors) {
  setObjectName(QStringLiteral("ClassesPanel"));
  model_ = new ClassSetModel(doc_, vectors_, this);
  nameEdit_ = new QLineEdit(this);
  nameEdit_->setObjectName(QStringLiteral("classNameEdit"));
  nameEdit_->setPlaceholderText(tr("Type a class name, press Enter (e.g. zebra, traffic light)"));
  nameEdit_->setClearButtonEnabled(true);
  unseenBox_ = new QCheckBox(tr("unseen"), this);
  unseenBox_->setChecked(true);
  unseenBox_->setToolTip(tr("New classes are unseen (zero-shot) unless unticked"));
  auto* addButton = new QPushButton(tr("Add"), this);
  feedback_ = new QLabel(this);
  feedback_->setObjectName(QStringLiteral("classFeedback"));
  feedback_->setWordWrap(true);
  feedback_->setTextFormat(Qt::RichText);
  feedback_->setTextInteractionFlags(Qt::TextBrowserInteraction);
  table_ = new QTableView(this);
  table_->setObjectName(QStringLiteral("classTable"));
  table_->setModel(model_);
  table_->setSelectionBehavior(QAbstractItemView::SelectRows);
  table_->verticalHeader()->setVisible(false);
  table_->verticalHeader()->setDefaultSectionSize(table_->fontMetrics().height() + 6);
  table_->horizontalHeader()->setStretchLastSection(true);
  table_->setAlternatingRowColors(true);
  table_->setWordWrap(false);
  table_->setContextMenuPolicy(Qt::CustomContextMenu);
  summary_ = new QLabel(this);
  vectorsLabel_ = new QLabel(vectors_->description(), this);
  vectorsLabel_->setWordWrap(true);
  QFont small = vectorsLabel_->font();
  small.setPointSizeF(small.pointSizeF() * 0.9);
  vectorsLabel_->setFont(small);

  auto* setMenu = new QMenu(this);
  setMenu->addAction(tr("COCO 48/17"), this, [this] { useBuiltin(QStringLiteral("48_17")); });
  setMenu->addAction(tr("COCO 65/15"), this, [this] { useBuiltin(QStringLiteral("65_15")); });
  setMenu->addAction(tr("Demo set"), this, [this] { useBuiltin(QStringLiteral("demo")); });
  setMenu->addSeparator();
  setMenu->addAction(tr("Open class set\u2026"), this, &ClassesPanel::chooseAndLoadSet);
  setMenu->addAction(tr("Save class set as\u2026"), this, &ClassesPanel::chooseAndSaveSet);
  setMenu->addSeparator();
  setMenu->addAction(tr("Load word vectors\u2026"), this, &ClassesPanel::chooseVectorFile);
  auto* setButton = new QToolButton(this);
  setButton->setText(tr("Class set"));
  setButton->setPopupMode(QToolButton::InstantPopup);
  setButton->setMenu(setMenu);
  auto* removeButton = new QToolButton(this);
  removeButton->setText(tr("Remove"));
  auto* splitButton = new QToolButton(this);
  splitButton->setText(tr("Seen \u2194 unseen"));
  auto* colourButton = new QToolButton(this);
  colourButton->setText(tr("Colour\u2026"));

  auto* add = new QHBoxLayout;
  add->addWidget(nameEdit_, 1);
  add->addWidget(unseenBox_);
  add->addWidget(addButton);
  auto* tools = new QHBoxLayout;
  tools->addWidget(setButton);
  tools->addWidget(removeButton);
  tools->addWidget(splitButton);
  tools->addWidget(colourButton);
  tools->addStretch(1);
  auto* lay = new QVBoxLayout(this);
  lay->setContentsMargins(4, 4, 4, 4);
  lay->setSpacing(4);
  lay->addLayout(add);
  lay->addWidget(feedback_);
  lay->addLayout(tools);
  lay->addWidget(table_, 1);
  lay->addWidget(summary_);
  lay->addWidget(vectorsLabel_);

  auto submit = [this] { addClass(nameEdit_->text(), unseenBox_->isChecked()); };
  connect(nameEdit_, &QLineEdit::returnPressed, this, submit);
  connect(addButton, &QPushButton::clicked, this, submit);
  connect(removeButton, &QToolButton::clicked, this, &ClassesPanel::removeSelected);
  connect(splitButton, &QToolButton::clicked, this, &ClassesPanel::toggleSelectedSplit);
  connect(colourButton, &QToolButton::clicked, this, &ClassesPanel::recolourSelected);
  connect(table_, &QTableView::doubleClicked, this, [this](const QModelIndex& i) {
    if (i.column() == ClassSetModel::Split) toggleSelectedSplit();
    else if (i.column() == ClassSetModel::Name) recolourSelected();
  });
  connect(table_, &QWidget::customContextMenuRequested, this, [this](const QPoint& pos) {
    QMenu menu;
    menu.addAction(tr("Seen \u2194 unseen"), this, &ClassesPanel::toggleSelectedSplit);
    menu.addAction(tr("Colour\u2026"), this, &ClassesPanel::recolourSelected);
    menu.addAction(tr("Remove"), this, &ClassesPanel::removeSelected);
    menu.exec(table_->viewport()->mapToGlobal(pos));
  });
  connect(feedback_, &QLabel::linkActivated, this, [this](const QString& word) {
    nameEdit_->setText(word);
    addClass(word, unseenBox_->isChecked());
  });
  connect(vectors_, &VectorService::embedded, this, &ClassesPanel::onEmbedded);
  connect(vectors_, &VectorService::opened, this, [this](const QString& d, double s) {
    vectorsLabel_->setText(d);
    emit message(tr("Word vectors ready in %1 s: %2").arg(s, 0, 'f', 1).arg(d));
  });
  connect(vectors_, &VectorService::openFailed, this, [this](const QString& m) {
    vectorsLabel_->setText(vectors_->description());
    showFeedback(tr("Cannot open the word vectors: %1").arg(m.toHtmlEscaped()), true);
  });
  connect(vectors_->progress(), &TaskProgress::changed, this, [this](double f, const QString& stage) {
    if (vectors_->opening()) vectorsLabel_->setText(tr("Indexing word vectors: %1 %2 %").arg(stage).arg(qRound(f * 100)));
  });
  auto updateSummary = [this] {
    const auto& set = doc_->classSet();
    summary_->setText(set.size() == 0 ? tr("No classes. Pick a class set or type a name above.")
                                      : tr("%1: %2 classes, %3 seen, %4 unseen, %5-d vectors")
                                            .arg(QString::fromStdString(set.name.empty() ? "Class set" : set.name))
                                            .arg(set.size()).arg(set.seenCount()).arg(set.unseenCount()).arg(set.dim()));
    table_->resizeColumnsToContents();
  };
  connect(doc_, &ProjectDocument::classesChanged, this, updateSummary);
  updateSummary();
}

QString ClassesPanel::feedback() const { return feedback_->text(); }

void ClassesPanel::showFeedback(const QString& html, bool error) {
  feedback_->setText(QStringLiteral("<span style='color:%1'>%2</span>")
                         .arg(error ? QStringLiteral("#e06c6c") : QStringLiteral("#6cc08b"), html));
}

void ClassesPanel::addClass(const QString& name, bool unseen) {
  const QString trimmed = name.trimmed();
  if (trimmed.isEmpty()) return;
  if (doc_->classSet().find(trimmed.toStdString()) >= 0) {
    showFeedback(tr("'%1' is already in the class set").arg(trimmed.toHtmlEscaped()), true);
    emit classRejected(trimmed);
    return;
  }
  const double norm = doc_->classSet().norm > 0 ? doc_->classSet().norm : ClassVectors::kOfficialNorm;
  pendingUnseen_ = unseen;
  pendingRequest_ = vectors_->embed(trimmed, norm, doc_->classSet().multiWord);
  showFeedback(tr("Looking up '%1'\u2026").arg(trimmed.toHtmlEscaped()), false);
}

void ClassesPanel::onEmbedded(const EmbedAnswer& a) {
  if (a.request != pendingRequest_) return;  // an older lookup
  pendingRequest_ = 0;
  if (!a.ok) {
    QString html = a.message.toHtmlEscaped();
    if (!a.suggestions.isEmpty()) {
      QStringList links;
      for (const QString& s : a.suggestions)
        links << QStringLiteral("<a href=\"%1\">%1</a>").arg(s.toHtmlEscaped());
      html = tr("'%1' is not in the vocabulary. Did you mean %2?").arg(a.name.toHtmlEscaped(), links.join(QStringLiteral(", ")));
    }
    showFeedback(html, true);
    emit classRejected(a.name);
    return;
  }
  const auto& set = doc_->classSet();
  if (set.size() > 0 && set.dim() != a.entry.vector.size()) {
    showFeedback(tr("'%1' has a %2-d vector but the class set is %3-d: load the matching word vectors")
                     .arg(a.name.toHtmlEscaped()).arg(a.entry.vector.size()).arg(set.dim()), true);
    emit classRejected(a.name);
    return;
  }
  if (set.find(a.entry.name) >= 0) {
    showFeedback(tr("'%1' is already in the class set").arg(a.name.toHtmlEscaped()), true);
    emit classRejected(a.name);
    return;
  }
  ClassSetEntry e = a.entry;
  e.unseen = pendingUnseen_;
  e.colour = ClassColour::palette(set.size());
  const double norm = set.norm > 0 ? set.norm : ClassVectors::kOfficialNorm;
  doc_->undoStack()->push(new AddClassCommand(doc_, e, norm));
  showFeedback(tr("Added <b>%1</b> (%2): %3").arg(QString::fromStdString(e.name).toHtmlEscaped(),
                                                  e.unseen ? tr("unseen") : tr("seen"), a.message.toHtmlEscaped()),
               false);
  nameEdit_->clear();
  const int row = doc_->classSet().find(e.name);
  if (row >= 0) table_->selectRow(row);
  emit classAdded(QString::fromStdString(e.name));
}

void ClassesPanel::useBuiltin(const QString& id) {
  if (id == QLatin1String("demo")) {
    const QString file = DataFiles::model(QStringLiteral("demo/demo_classes.json"));
    if (file.isEmpty()) {
      showFeedback(tr("The demo class set (models/demo/demo_classes.json) is not installed"), true);
      return;
    }
    loadSetFile(file);
    // The demo's own vocabulary, so new compositions ("purple star") can be typed at once.
    const QString vocab = DataFiles::model(QStringLiteral("demo/demo_vocab.txt"));
    if (!vocab.isEmpty() && vectors_->path() != vocab) vectors_->open(vocab);
    return;
  }
  auto set = loadClassSet(id.toStdString());
  if (!set.ok()) {
    showFeedback(QString::fromStdString(set.error().toString()).toHtmlEscaped(), true);
    return;
  }
  doc_->undoStack()->push(new ReplaceClassSetCommand(doc_, std::move(set.value())));
  showFeedback(tr("Using %1").arg(QString::fromStdString(doc_->classSet().name).toHtmlEscaped()), false);
}

void ClassesPanel::loadSetFile(const QString& path) {
  auto set = ClassSet::load(path.toStdString());
  if (!set.ok()) {
    showFeedback(QString::fromStdString(set.error().toString()).toHtmlEscaped(), true);
    emit message(QString::fromStdString(set.error().toString()));
    return;
  }
  if (set->name.empty()) set->name = QFileInfo(path).completeBaseName().toStdString();
  doc_->undoStack()->push(new ReplaceClassSetCommand(doc_, std::move(set.value())));
  showFeedback(tr("Loaded %1").arg(QFileInfo(path).fileName().toHtmlEscaped()), false);
}

bool ClassesPanel::saveSetFile(const QString& path) {
  Status st = doc_->classSet().save(path.toStdString());
  if (!st.ok()) {
    showFeedback(QString::fromStdString(st.error().toString()).toHtmlEscaped(), true);
    return false;
  }
  emit message(tr("Class set saved to %1").arg(path));
  return true;
}

void ClassesPanel::chooseAndLoadSet() {
  const QString path = QFileDialog::getOpenFileName(this, tr("Open Class Set"), Settings::get(Settings::LastProjectDir),
                                                    tr("Class sets (*.json);;All files (*)"));
  if (!path.isEmpty()) loadSetFile(path);
}

void ClassesPanel::chooseAndSaveSet() {
  const QString path = QFileDialog::getSaveFileName(this, tr("Save Class Set"), Settings::get(Settings::LastProjectDir),
                                                    tr("Class sets (*.json)"));
  if (!path.isEmpty()) saveSetFile(path);
}

void ClassesPanel::chooseVectorFile() {
  const QString path = QFileDialog::getOpenFileName(
      this, tr("Load Word Vectors"), Settings::get(Settings::LastVectorFile),
      tr("Word vectors (*.bin *.txt *.vec *.w2v);;All files (*)"));
  if (path.isEmpty()) return;
  Settings::set(Settings::LastVectorFile, path);
  vectors_->open(path);
}

std::vector<std::size_t> ClassesPanel::selectedRows() const {
  std::vector<std::size_t> rows;
  for (const QModelIndex& i : table_->selectionModel()->selectedRows()) rows.push_back(static_cast<std::size_t>(i.row()));
  std::sort(rows.begin(), rows.end());
  return rows;
}

void ClassesPanel::removeSelected() {
  auto rows = selectedRows();
  if (rows.empty()) return;
  doc_->undoStack()->beginMacro(tr("Remove %n class(es)", nullptr, static_cast<int>(rows.size())));
  for (auto it = rows.rbegin(); it != rows.rend(); ++it) doc_->undoStack()->push(new RemoveClassCommand(doc_, *it));
  doc_->undoStack()->endMacro();
}

void ClassesPanel::toggleSelectedSplit() {
  auto rows = selectedRows();
  if (rows.empty()) return;
  doc_->undoStack()->beginMacro(tr("Change the split of %n class(es)", nullptr, static_cast<int>(rows.size())));
  for (std::size_t r : rows)
    doc_->undoStack()->push(new SetClassSplitCommand(doc_, r, !doc_->classSet().classes[r].unseen));
  doc_->undoStack()->endMacro();
  for (std::size_t r : rows) table_->selectionModel()->select(model_->index(static_cast<int>(r), 0),
                                                              QItemSelectionModel::Select | QItemSelectionModel::Rows);
}

void ClassesPanel::recolourSelected() {
  auto rows = selectedRows();
  if (rows.empty()) return;
  const ClassColour c = doc_->classSet().classes[rows.front()].colour;
  const QColor chosen = QColorDialog::getColor(QColor(c.r, c.g, c.b), this, tr("Class Colour"));
  if (!chosen.isValid()) return;
  const ClassColour nc{static_cast<std::uint8_t>(chosen.red()), static_cast<std::uint8_t>(chosen.green()),
                       static_cast<std::uint8_t>(chosen.blue())};
  doc_->undoStack()->beginMacro(tr("Recolour %n class(es)", nullptr, static_cast<int>(rows.size())));
  for (std::size_t r : rows) doc_->undoStack()->push(new RecolourClassCommand(doc_, r, nc));
  doc_->undoStack()->endMacro();
}

}  // namespace zsi::ui
