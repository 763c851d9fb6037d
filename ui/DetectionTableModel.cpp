#include "ui/DetectionTableModel.h"

#include <QColor>
#include <QPixmap>

namespace zsi::ui {

DetectionTableModel::DetectionTableModel(QObject* parent) : QAbstractTableModel(parent) {}

void DetectionTableModel::setRows(std::vector<InstanceRow> rows) {
  beginResetModel();
  rows_ = std::move(rows);
  endResetModel();
}

int DetectionTableModel::rowOf(const InstanceRef& ref) const {
  for (std::size_t i = 0; i < rows_.size(); ++i)
    if (rows_[i].ref == ref) return static_cast<int>(i);
  return -1;
}

int DetectionTableModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(rows_.size());
}

int DetectionTableModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant DetectionTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal) return {};
  if (role == Qt::ToolTipRole) {
    switch (section) {
      case TopSeen: return tr("Best score among seen classes");
      case TopUnseen: return tr("Best score among unseen classes");
      default: return {};
    }
  }
  if (role != Qt::DisplayRole) return {};
  switch (section) {
    case Source: return tr("Source");
    case Class: return tr("Class");
    case Split: return tr("Split");
    case Score: return tr("Score");
    case TopSeen: return tr("Top seen");
    case TopUnseen: return tr("Top unseen");
    case Area: return tr("Area");
    case State: return tr("State");
  }
  return {};
}

QVariant DetectionTableModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || index.row() >= static_cast<int>(rows_.size())) return {};
  const InstanceRow& r = rows_[static_cast<std::size_t>(index.row())];
  if (role == RowRole) return index.row();
  auto sourceText = [&] {
    switch (r.ref.source) {
      case InstanceRef::Source::GroundTruth: return r.crowd ? tr("GT crowd") : tr("GT");
      case InstanceRef::Source::Annotation: return tr("annotation");
      case InstanceRef::Source::Prediction: return r.outdated ? tr("prediction (old)") : tr("prediction");
    }
    return QString();
  };
  auto score = [](float v) { return v < 0 ? QVariant(QString()) : QVariant(QString::number(v, 'f', 3)); };
  if (role == SortRole) {
    switch (index.column()) {
      case Source: return static_cast<int>(r.ref.source);
      case Class: return QString::fromStdString(r.className);
      case Split: return r.split;
      case Score: return r.score;
      case TopSeen: return r.topSeen;
      case TopUnseen: return r.topUnseen;
      case Area: return r.area;
      case State: return static_cast<int>(r.state);
    }
  }
  if (role == Qt::DecorationRole && index.column() == Class) {
    QPixmap swatch(10, 10);
    swatch.fill(QColor(r.colour.r, r.colour.g, r.colour.b));
    return swatch;
  }
  if (role == Qt::ForegroundRole) {
    if (r.ref.isPrediction() && r.state == ReviewState::Rejected) return QColor(130, 130, 130);
    if (index.column() == Split && r.split == 1) return QColor(190, 90, 200);
  }
  if (role == Qt::TextAlignmentRole && index.column() >= Score && index.column() <= Area)
    return int(Qt::AlignRight | Qt::AlignVCenter);
  if (role != Qt::DisplayRole) return {};
  switch (index.column()) {
    case Source: return sourceText();
    case Class: return QString::fromStdString(r.className);
    case Split: return r.split == 1 ? tr("unseen") : r.split == 0 ? tr("seen") : tr("\u2014");
    case Score: return score(r.score);
    case TopSeen: return score(r.topSeen);
    case TopUnseen: return score(r.topUnseen);
    case Area: return QString::number(r.area, 'f', 0);
    case State: return r.ref.isPrediction() ? tr(reviewStateName(r.state)) : QString();
  }
  return {};
}

}  // namespace zsi::ui
