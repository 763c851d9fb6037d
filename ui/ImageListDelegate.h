#pragma once
// Paints a row of the image list: the thumbnail (a placeholder until it is decoded), the file
// name, the id and size, and badges (annotations, predictions to review, unseen classes,
// outdated predictions). Two layouts: a list (thumbnail left) and a grid of tiles.

#include <QStyledItemDelegate>

namespace zsi::ui {

class ImageListDelegate : public QStyledItemDelegate {
  Q_OBJECT
 public:
  explicit ImageListDelegate(QObject* parent = nullptr);
  void setThumbnailEdge(int edge) { edge_ = edge; }
  void setGrid(bool grid) { grid_ = grid; }
  bool grid() const { return grid_; }

  void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;
  QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;

 private:
  int edge_ = 96;
  bool grid_ = false;
};

}  // namespace zsi::ui
