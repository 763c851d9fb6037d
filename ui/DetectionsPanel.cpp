#include "ui/DetectionsPanel.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

#include "ui/DetectionTableModel.h"

namespace zsi::ui {

DetectionsPanel::DetectionsPanel(QWidget* parent) : QWidget(parent) {
  setObjectName(QStringLiteral("DetectionsPanel"));
  model_ = new DetectionTableModel(this);
  proxy_ = new QSortFilterProxyModel(this);
  proxy_->setSourceModel(model_);
  proxy_->setSortRole(DetectionTableModel::SortRole);
  table_ = new QTableView(this);
  table_->setObjectName(QStringLiteral("detectionTable"));
  table_->setModel(proxy_);
  table_->setSortingEnabled(true);
  table_->sortByColumn(DetectionTableModel::Score, Qt::DescendingOrder);
  table_->setSelectionBehavior(QAbstractItemView::SelectRows);
  table_->setSelectionMode(QAbstractItemView::ExtendedSelection);
  table_->verticalHeader()->setVisible(false);
  table_->verticalHeader()->setDefaultSectionSize(table_->fontMetrics().height() + 6);
  table_->horizontalHeader()->setStretchLastSection(true);
  table_->setAlternatingRowColors(true);
  table_->setWordWrap(false);
  caption_ = new QLabel(this);

  auto* accept = new QPushButton(tr("Accept"), this);
  auto* reject = new QPushButton(tr("Reject"), this);
  auto* relabel = new QPushButton(tr("Relabel\u2026"), this);
  auto* remove = new QPushButton(tr("Delete"), this);
  auto* all = new QPushButton(tr("Accept all"), this);
  accept->setToolTip(tr("Accept the selected predictions as annotations (Y)"));
  reject->setToolTip(tr("Reject the selected predictions (N)"));
  relabel->setToolTip(tr("Give the selected instances another class (L)"));
  remove->setToolTip(tr("Delete the selected annotations; predictions are rejected (Delete)"));
  all->setToolTip(tr("Accept every pending prediction of this image (Shift+Y)"));
  auto* buttons = new QHBoxLayout;
  for (QPushButton* b : {accept, reject, relabel, remove, all}) {
    b->setFocusPolicy(Qt::NoFocus);
    buttons->addWidget(b);
  }
  buttons->addStretch(1);
  auto* lay = new QVBoxLayout(this);
  lay->setContentsMargins(4, 4, 4, 4);
  lay->addWidget(caption_);
  lay->addLayout(buttons);
  lay->addWidget(table_, 1);

  connect(accept, &QPushButton::clicked, this, &DetectionsPanel::acceptRequested);
  connect(reject, &QPushButton::clicked, this, &DetectionsPanel::rejectRequested);
  connect(relabel, &QPushButton::clicked, this, &DetectionsPanel::relabelRequested);
  connect(remove, &QPushButton::clicked, this, &DetectionsPanel::deleteRequested);
  connect(all, &QPushButton::clicked, this, &DetectionsPanel::acceptAllRequested);
  connect(table_->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
    if (!quiet_) emit selectionChanged(selection());
  });
}

void DetectionsPanel::setRows(std::vector<InstanceRow> rows, const QString& caption) {
  const auto keep = selection();
  quiet_ = true;
  model_->setRows(std::move(rows));
  caption_->setText(caption);
  table_->resizeColumnsToContents();
  quiet_ = false;
  setSelection(keep);
}

std::vector<InstanceRef> DetectionsPanel::selection() const {
  std::vector<InstanceRef> out;
  for (const QModelIndex& i : table_->selectionModel()->selectedRows()) {
    const int row = proxy_->mapToSource(i).row();
    if (row >= 0 && row < static_cast<int>(model_->rows().size())) out.push_back(model_->rows()[static_cast<std::size_t>(row)].ref);
  }
  return out;
}

void DetectionsPanel::setSelection(const std::vector<InstanceRef>& refs) {
  quiet_ = true;
  QItemSelection sel;
  for (const InstanceRef& r : refs) {
    const int row = model_->rowOf(r);
    if (row < 0) continue;
    const QModelIndex i = proxy_->mapFromSource(model_->index(row, 0));
    sel.select(i, i);
  }
  table_->selectionModel()->select(sel, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
  if (!refs.empty()) {
    const int row = model_->rowOf(refs.front());
    if (row >= 0) table_->scrollTo(proxy_->mapFromSource(model_->index(row, 0)));
  }
  quiet_ = false;
}

}  // namespace zsi::ui
