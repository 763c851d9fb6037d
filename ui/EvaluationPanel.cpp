#include "ui/EvaluationPanel.h"

#include <QComboBox>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

#include "ui/Background.h"
#include "ui/ProjectDocument.h"
#include "ui/TaskProgress.h"

namespace zsi::ui {

EvaluationPanel::EvaluationPanel(ProjectDocument* doc, QWidget* parent)
    : QWidget(parent), doc_(doc), progress_(new TaskProgress(this)) {
  setObjectName(QStringLiteral("EvaluationPanel"));
  iou_ = new QComboBox(this);
  iou_->addItem(tr("Masks (segm)"), static_cast<int>(IouType::Segm));
  iou_->addItem(tr("Boxes (bbox)"), static_cast<int>(IouType::Bbox));
  protocol_ = new QComboBox(this);
  protocol_->addItem(tr("ZSI protocol"), static_cast<int>(EvalProtocol::Zsi));
  protocol_->addItem(tr("COCO protocol"), static_cast<int>(EvalProtocol::Coco));
  run_ = new QPushButton(tr("Evaluate"), this);
  run_->setToolTip(tr("Evaluate the current predictions against the ground truth (F9)"));
  bar_ = new QProgressBar(this);
  bar_->setRange(0, 100);
  bar_->hide();
  status_ = new QLabel(tr("Run the model, then evaluate its predictions against the ground truth."), this);
  status_->setWordWrap(true);
  table_ = new QTableWidget(3, 2, this);
  table_->setObjectName(QStringLiteral("gzsiTable"));
  table_->setHorizontalHeaderLabels({tr("AP@0.5"), tr("Recall@100")});
  table_->setVerticalHeaderLabels({tr("Seen"), tr("Unseen"), tr("Harmonic mean")});
  table_->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
  table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  table_->setMaximumHeight(table_->verticalHeader()->length() + table_->horizontalHeader()->height() + 6);
  text_ = new QPlainTextEdit(this);
  text_->setReadOnly(true);
  text_->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
  text_->setLineWrapMode(QPlainTextEdit::NoWrap);

  auto* top = new QHBoxLayout;
  top->addWidget(iou_);
  top->addWidget(protocol_);
  top->addWidget(run_);
  top->addStretch(1);
  auto* lay = new QVBoxLayout(this);
  lay->setContentsMargins(4, 4, 4, 4);
  lay->addLayout(top);
  lay->addWidget(bar_);
  lay->addWidget(status_);
  lay->addWidget(table_);
  lay->addWidget(text_, 1);
  connect(run_, &QPushButton::clicked, this, &EvaluationPanel::evaluate);
  connect(progress_, &TaskProgress::changed, this, [this](double f, const QString&) { bar_->setValue(qRound(f * 100)); });
}

void EvaluationPanel::setOptions(const EvaluationOptions& o) {
  iou_->setCurrentIndex(iou_->findData(static_cast<int>(o.iouType)));
  protocol_->setCurrentIndex(protocol_->findData(static_cast<int>(o.protocol)));
}

void EvaluationPanel::evaluate() {
  if (running_) return;
  if (!doc_->hasGroundTruth()) {
    status_->setText(tr("This dataset has no ground truth (an image folder): nothing to evaluate against."));
    emit finished(false, status_->text());
    return;
  }
  running_ = true;
  run_->setEnabled(false);
  bar_->show();
  bar_->setValue(0);
  status_->setText(tr("Evaluating\u2026"));
  progress_->reset();
  auto snapshot = std::make_shared<ExportSnapshot>(ExportSnapshot::capture(*doc_));
  EvaluationOptions o;
  o.iouType = static_cast<IouType>(iou_->currentData().toInt());
  o.protocol = static_cast<EvalProtocol>(protocol_->currentData().toInt());
  o.gzsi = true;
  Progress p = progress_->progress();
  runInBackground(
      this, nullptr, [snapshot, o, p] { return PredictionEvaluator::run(*snapshot, o, p); },
      [this](Result<EvaluationOutcome> r) {
        running_ = false;
        run_->setEnabled(true);
        bar_->hide();
        if (!r.ok()) {
          status_->setText(QStringLiteral("<span style='color:#e06c6c'>%1</span>")
                               .arg(QString::fromStdString(r.error().toString()).toHtmlEscaped()));
          emit finished(false, QString::fromStdString(r.error().toString()));
          return;
        }
        last_ = std::make_shared<EvaluationOutcome>(std::move(r.value()));
        show(*last_);
        emit finished(true, status_->text());
      });
}

void EvaluationPanel::show(const EvaluationOutcome& o) {
  auto cell = [](double v) {
    auto* item = new QTableWidgetItem(v < 0 ? QStringLiteral("\u2014") : QString::number(v, 'f', 4));
    item->setTextAlignment(Qt::AlignCenter);
    return item;
  };
  const auto& g = o.report.gzsi;
  table_->setItem(0, 0, cell(g ? g->seenAp : -1));
  table_->setItem(0, 1, cell(g ? g->seenRecall : -1));
  table_->setItem(1, 0, cell(g ? g->unseenAp : -1));
  table_->setItem(1, 1, cell(g ? g->unseenRecall : -1));
  table_->setItem(2, 0, cell(g ? g->hmAp : -1));
  table_->setItem(2, 1, cell(g ? g->hmRecall : -1));
  QString text = QString::fromStdString(o.report.text());
  for (const auto& w : o.warnings) text += QStringLiteral("warning: %1\n").arg(QString::fromStdString(w));
  text_->setPlainText(text);
  status_->setText(tr("%1 detections on %2 images, %3, %4 protocol")
                       .arg(o.detections).arg(o.report.numImages)
                       .arg(QString::fromLatin1(iouTypeName(o.report.iouType)))
                       .arg(QString::fromLatin1(evalProtocolName(o.report.protocol))));
}

}  // namespace zsi::ui
