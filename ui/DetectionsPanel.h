#pragma once
// The detections table of the current image with the review buttons (accept, reject, relabel,
// delete, accept all). Selection is shared with the canvas both ways.

#include <QWidget>
#include <vector>

#include "ui/ImageInstances.h"

class QLabel;
class QSortFilterProxyModel;
class QTableView;

namespace zsi::ui {

class DetectionTableModel;

class DetectionsPanel : public QWidget {
  Q_OBJECT
 public:
  explicit DetectionsPanel(QWidget* parent = nullptr);

  void setRows(std::vector<InstanceRow> rows, const QString& caption);
  std::vector<InstanceRef> selection() const;
  void setSelection(const std::vector<InstanceRef>& refs);  // no selectionChanged emitted
  DetectionTableModel* model() const { return model_; }
  QTableView* table() const { return table_; }

 signals:
  void selectionChanged(const std::vector<zsi::ui::InstanceRef>& refs);
  void acceptRequested();
  void rejectRequested();
  void relabelRequested();
  void deleteRequested();
  void acceptAllRequested();

 private:
  DetectionTableModel* model_;
  QSortFilterProxyModel* proxy_;
  QTableView* table_;
  QLabel* caption_;
  bool quiet_ = false;
};

}  // namespace zsi::ui
