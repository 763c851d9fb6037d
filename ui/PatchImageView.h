#pragma once
// An image with a patch grid over it, for the embedding inspector: a colour layer (one pixel per
// patch, e.g. PCA colours or a similarity heat map) stretched over the image at some opacity,
// highlighted patches outlined, and a click or drag that names the patches under the mouse.

#include <QImage>
#include <QSet>
#include <QWidget>

namespace zsi::ui {

class PatchImageView : public QWidget {
  Q_OBJECT
 public:
  explicit PatchImageView(QWidget* parent = nullptr);

  void setImage(const QImage& image);
  // Patch geometry in image pixels (PatchEmbeddings' step and size).
  void setGrid(int rows, int cols, double stepX, double stepY, double sizeX, double sizeY);
  // cols × rows, one pixel per patch; null clears it.
  void setLayer(const QImage& layer, double opacity = 0.65);
  void setHighlighted(const QSet<int>& patches);  // r·cols + c
  void setMarked(int patch);                      // the clicked patch (−1: none)
  const QSet<int>& highlighted() const { return highlighted_; }
  const QImage& layer() const { return layer_; }
  int rows() const { return rows_; }
  int cols() const { return cols_; }
  // The patch under a widget position, −1 outside the grid.
  int patchAt(const QPointF& pos) const;
  QPointF patchCentre(int patch) const;  // widget coordinates

 signals:
  void patchClicked(int patch);
  void patchesSelected(const QSet<int>& patches);  // a rubber band over the image

 protected:
  void paintEvent(QPaintEvent*) override;
  void mousePressEvent(QMouseEvent*) override;
  void mouseMoveEvent(QMouseEvent*) override;
  void mouseReleaseEvent(QMouseEvent*) override;

 private:
  QRectF imageRect() const;  // where the image is drawn (fit, centred)

  QImage image_, layer_;
  double opacity_ = 0.65;
  int rows_ = 0, cols_ = 0;
  double stepX_ = 0, stepY_ = 0, sizeX_ = 0, sizeY_ = 0;
  QSet<int> highlighted_;
  int marked_ = -1;
  QPointF pressAt_, dragTo_;
  bool dragging_ = false;
};

}  // namespace zsi::ui
