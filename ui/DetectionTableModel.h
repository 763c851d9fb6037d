#pragma once
// The instances of the current image as a table (annotations and predictions): source, class,
// seen/unseen, score, top seen and top unseen class scores, area, review state. A thin adapter
// over the rows of the canvas overlay; sorting is done by a proxy on the numeric SortRole.

#include <QAbstractTableModel>
#include <vector>

#include "ui/ImageInstances.h"

namespace zsi::ui {

class DetectionTableModel : public QAbstractTableModel {
  Q_OBJECT
 public:
  enum Column { Source, Class, Split, Score, TopSeen, TopUnseen, Area, State, ColumnCount };
  static constexpr int SortRole = Qt::UserRole + 1;
  static constexpr int RowRole = Qt::UserRole + 2;  // index into rows()

  explicit DetectionTableModel(QObject* parent = nullptr);
  void setRows(std::vector<InstanceRow> rows);
  const std::vector<InstanceRow>& rows() const { return rows_; }
  int rowOf(const InstanceRef& ref) const;

  int rowCount(const QModelIndex& parent = QModelIndex()) const override;
  int columnCount(const QModelIndex& parent = QModelIndex()) const override;
  QVariant data(const QModelIndex& index, int role) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

 private:
  std::vector<InstanceRow> rows_;
};

}  // namespace zsi::ui
