#include "ui/ClassMetricsView.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPointer>
#include <QProgressBar>
#include <QSplitter>
#include <QTableWidget>
#include <QToolButton>
#include <QVBoxLayout>
#include <qcustomplot.h>

#include "core/coco/ZsiSplit.h"
#include "core/eval/CocoEvalInput.h"
#include "core/eval/Evaluate.h"
#include "ui/Background.h"

namespace zsi::ui {

namespace {

// Numbers sort as numbers (Qt::UserRole); -1 (no ground truth) shows as a dash and sorts first.
class NumberItem : public QTableWidgetItem {
 public:
  NumberItem(double v, int decimals) {
    setData(Qt::DisplayRole, v < 0 ? QStringLiteral("–") : QString::number(v, 'f', decimals));
    setData(Qt::UserRole, v);
    setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
  }
  bool operator<(const QTableWidgetItem& other) const override {
    return data(Qt::UserRole).toDouble() < other.data(Qt::UserRole).toDouble();
  }
};

QTableWidgetItem* sortableNumber(double v, int decimals) { return new NumberItem(v, decimals); }

QString fmt(double v) { return v < 0 ? QStringLiteral("–") : QString::number(v * 100, 'f', 1); }

}  // namespace

ClassMetricsView::ClassMetricsView(QWidget* parent)
    : QWidget(parent), cancelFlag_(std::make_shared<std::atomic<bool>>(false)) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);
  summary_ = new QLabel(tr("No evaluation yet: run one in the Evaluation panel."), this);
  summary_->setTextFormat(Qt::RichText);
  summary_->setWordWrap(true);
  layout->addWidget(summary_);
  auto* row = new QHBoxLayout;
  row->addWidget(new QLabel(tr("Classes"), this));
  group_ = new QComboBox(this);
  group_->addItem(tr("all"), QStringLiteral("all"));
  group_->addItem(tr("seen"), QStringLiteral("seen"));
  group_->addItem(tr("unseen"), QStringLiteral("unseen"));
  row->addWidget(group_);
  row->addStretch(1);
  bar_ = new QProgressBar(this);
  bar_->setRange(0, 1000);
  bar_->hide();
  cancel_ = new QToolButton(this);
  cancel_->setText(tr("Cancel"));
  cancel_->hide();
  row->addWidget(bar_);
  row->addWidget(cancel_);
  layout->addLayout(row);

  auto* split = new QSplitter(Qt::Horizontal, this);
  table_ = new QTableWidget(split);
  table_->setObjectName(QStringLiteral("classMetricsTable"));
  table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  table_->setSelectionBehavior(QAbstractItemView::SelectRows);
  table_->setSortingEnabled(true);
  table_->verticalHeader()->hide();
  table_->setToolTip(tr("Double-click a class to show the images that have it"));
  curves_ = new QCustomPlot(split);
  curves_->xAxis->setLabel(tr("recall"));
  curves_->yAxis->setLabel(tr("precision"));
  curves_->xAxis->setRange(0, 1);
  curves_->yAxis->setRange(0, 1.02);
  curves_->legend->setVisible(true);
  curves_->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignBottom | Qt::AlignLeft);
  curves_->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
  curves_->setMinimumWidth(260);
  split->setStretchFactor(0, 1);
  split->setStretchFactor(1, 1);
  split->setSizes({720, 560});
  layout->addWidget(split, 1);

  connect(group_, &QComboBox::currentIndexChanged, this, &ClassMetricsView::fillTable);
  connect(table_, &QTableWidget::itemSelectionChanged, this, &ClassMetricsView::selectionChanged);
  connect(table_, &QTableWidget::itemActivated, this, [this](QTableWidgetItem* item) {
    if (auto* name = table_->item(item->row(), 0)) emit classActivated(name->text());
  });
  connect(cancel_, &QToolButton::clicked, this, &ClassMetricsView::cancel);
}

ClassMetricsView::~ClassMetricsView() { cancelFlag_->store(true); }

void ClassMetricsView::setReport(const EvalReport& report) {
  report_ = std::make_shared<EvalReport>(report);
  QString s = tr("<b>%1</b>, %2 protocol: %3 images, %4 detections")
                  .arg(QString::fromLatin1(report.iouType == IouType::Segm ? "segm" : "bbox"),
                       QString::fromLatin1(evalProtocolName(report.protocol)))
                  .arg(report.numImages)
                  .arg(report.numDetections);
  if (report.gzsi) {
    const auto& g = *report.gzsi;
    s += tr("<br>GZSI @ IoU %1: seen AP <b>%2</b>, unseen AP <b>%3</b>, harmonic mean <b>%4</b> · "
            "recall seen %5, unseen %6, HM %7 (%8 seen, %9 unseen classes)")
             .arg(g.iouThreshold)
             .arg(fmt(g.seenAp), fmt(g.unseenAp), fmt(g.hmAp), fmt(g.seenRecall), fmt(g.unseenRecall), fmt(g.hmRecall))
             .arg(g.seenClasses)
             .arg(g.unseenClasses);
  }
  for (const auto& z : report.zsi) {
    QStringList parts;
    for (std::size_t i = 0; i < z.iouThresholds.size() && i < z.ap.size(); ++i)
      parts << QStringLiteral("AP@%1 %2 / R@%1 %3").arg(z.iouThresholds[i]).arg(fmt(z.ap[i]), fmt(z.recall[i]));
    s += QStringLiteral("<br>%1: %2").arg(QString::fromLatin1(classGroupName(z.group)), parts.join(QStringLiteral(" · ")));
  }
  summary_->setText(s);
  fillTable();
}

QString ClassMetricsView::summaryText() const { return summary_->text(); }

void ClassMetricsView::setGroupFilter(const QString& group) {
  const int i = group_->findData(group);
  if (i >= 0) group_->setCurrentIndex(i);
}

void ClassMetricsView::fillTable() {
  const QSignalBlocker block(table_);
  table_->setSortingEnabled(false);
  table_->clear();
  table_->setRowCount(0);
  if (!report_) return;
  const auto& ious = report_->params.iouThresholds;
  QStringList headers{tr("class"), tr("split"), tr("GT"), tr("dets")};
  for (double t : ious) headers << QStringLiteral("AP@%1").arg(t);
  for (double t : ious) headers << QStringLiteral("R@%1").arg(t);
  table_->setColumnCount(headers.size());
  table_->setHorizontalHeaderLabels(headers);
  const QString group = group_->currentData().toString();
  int row = 0;
  for (const ClassResult& c : report_->perClass) {
    if (group != QLatin1String("all") && QString::fromStdString(c.split) != group) continue;
    table_->insertRow(row);
    table_->setItem(row, 0, new QTableWidgetItem(QString::fromStdString(c.name)));
    auto* split = new QTableWidgetItem(QString::fromStdString(c.split));
    if (c.split == "unseen") split->setForeground(QColor(0xb0, 0x30, 0x60));
    table_->setItem(row, 1, split);
    table_->setItem(row, 2, sortableNumber(static_cast<double>(c.numGroundTruth), 0));
    table_->setItem(row, 3, sortableNumber(static_cast<double>(c.numDetections), 0));
    int col = 4;
    for (std::size_t i = 0; i < ious.size(); ++i)
      table_->setItem(row, col++, sortableNumber(i < c.apPerIou.size() ? c.apPerIou[i] : -1, 3));
    for (std::size_t i = 0; i < ious.size(); ++i)
      table_->setItem(row, col++, sortableNumber(i < c.recallPerIou.size() ? c.recallPerIou[i] : -1, 3));
    ++row;
  }
  table_->setSortingEnabled(true);
  table_->resizeColumnsToContents();
  // The best classes' curves until the user picks some.
  QStringList first;
  for (int r = 0; r < std::min(6, table_->rowCount()); ++r) first << table_->item(r, 0)->text();
  showCurves(first);
}

void ClassMetricsView::selectionChanged() {
  QStringList names;
  for (const auto& range : table_->selectedRanges())
    for (int r = range.topRow(); r <= range.bottomRow(); ++r) names << table_->item(r, 0)->text();
  if (!names.isEmpty()) showCurves(names);
}

void ClassMetricsView::showCurves(const QStringList& classNames) {
  curves_->clearGraphs();
  if (report_) {
    static const QColor palette[] = {QColor(0x1f, 0x77, 0xb4), QColor(0xff, 0x7f, 0x0e), QColor(0x2c, 0xa0, 0x2c),
                                     QColor(0xd6, 0x27, 0x28), QColor(0x94, 0x67, 0xbd), QColor(0x8c, 0x56, 0x4b),
                                     QColor(0xe3, 0x77, 0xc2), QColor(0x17, 0xbe, 0xcf)};
    int shown = 0;
    for (const QString& name : classNames) {
      const ClassResult* c = nullptr;
      for (const auto& r : report_->perClass)
        if (QString::fromStdString(r.name) == name) c = &r;
      if (!c) continue;
      for (const PrCurve& curve : report_->curves) {
        if (curve.categoryId != c->categoryId) continue;
        QVector<double> x, y;
        for (std::size_t i = 0; i < curve.recall.size() && i < curve.precision.size(); ++i) {
          if (curve.precision[i] < 0) continue;
          x << curve.recall[i];
          y << curve.precision[i];
        }
        if (x.isEmpty()) continue;
        QCPGraph* g = curves_->addGraph();
        g->setData(x, y, true);
        g->setPen(QPen(palette[shown % 8], 1.0, c->split == "unseen" ? Qt::DashLine : Qt::SolidLine));
        g->setName(QStringLiteral("%1 (AP %2)").arg(name).arg(c->ap < 0 ? QStringLiteral("–") : QString::number(c->ap, 'f', 3)));
        ++shown;
      }
    }
    curves_->xAxis->setLabel(tr("recall (IoU %1; dashed: unseen)").arg(report_->curves.empty() ? 0.5 : report_->curves.front().iouThreshold));
  }
  curves_->replot(QCustomPlot::rpQueuedReplot);
}

void ClassMetricsView::evaluateFiles(const QString& groundTruth, const QString& results, IouType type, const QString& split) {
  if (running_) return;
  running_ = true;
  cancelFlag_ = std::make_shared<std::atomic<bool>>(false);
  bar_->setValue(0);
  bar_->show();
  cancel_->show();
  QPointer<ClassMetricsView> self(this);
  Progress p;
  p.cancel = cancelFlag_.get();
  p.onProgress = [self](double f, const std::string&) {
    QMetaObject::invokeMethod(
        QCoreApplication::instance(), [self, f] { if (self) self->bar_->setValue(static_cast<int>(f * 1000)); },
        Qt::QueuedConnection);
  };
  const std::string gt = groundTruth.toStdString(), dt = results.toStdString(), splitId = split.toStdString();
  runInBackground(
      this, nullptr,
      [gt, dt, splitId, type, p, flag = cancelFlag_]() -> Result<EvalReport> {
        std::vector<std::string> warnings;
        auto input = loadEvalInput(gt, dt, type, &warnings, p);
        if (!input.ok()) return input.error();
        std::optional<ZsiSplit> zsiSplit;
        if (!splitId.empty()) {
          auto s = loadSplit(splitId);
          if (!s.ok()) return s.error();
          zsiSplit = std::move(s.value());
        }
        const ZsiSplit* sp = zsiSplit ? &*zsiSplit : nullptr;
        EvalParams params = makeEvalParams(type, EvalProtocol::Zsi, ClassGroup::All, input->categories, sp);
        EvalOptions options;
        options.progress = p;
        auto result = evaluate(*input, params, options);
        if (!result.ok()) return result.error();
        EvalReportOptions ro;
        ro.protocol = EvalProtocol::Zsi;
        ro.gzsi = sp != nullptr;
        EvalReport report = makeEvalReport(*result, input->categories, sp, ro);
        report.groundTruthFile = gt;
        report.resultsFile = dt;
        return report;
      },
      [this](Result<EvalReport> r) {
        running_ = false;
        bar_->hide();
        cancel_->hide();
        if (!r.ok()) {
          const QString m = QString::fromStdString(r.error().toString());
          summary_->setText(tr("<span style='color:#b00020'>Evaluation failed: %1</span>").arg(m.toHtmlEscaped()));
          emit finished(false, m);
          return;
        }
        setReport(r.value());
        emit finished(true, tr("evaluated %1 classes").arg(r->perClass.size()));
      });
}

void ClassMetricsView::cancel() { cancelFlag_->store(true); }

}  // namespace zsi::ui
