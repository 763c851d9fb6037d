#pragma once
// The central image view: draws one image with zoom (wheel around the cursor, fit, 1:1) and pan
// (drag). Overlays are drawn by later layers on top through paintOverlays().

#include <QImage>
#include <QPointF>
#include <QWidget>

namespace zsi::ui {

class ImageCanvas : public QWidget {
  Q_OBJECT
 public:
  explicit ImageCanvas(QWidget* parent = nullptr);

  void setImage(const QImage& image);
  const QImage& image() const { return image_; }
  double zoom() const { return zoom_; }
  bool fitMode() const { return fit_; }

  // Image coordinates of a widget point, and back.
  QPointF toImage(const QPointF& widgetPos) const;
  QPointF toWidget(const QPointF& imagePos) const;

 public slots:
  void zoomIn();
  void zoomOut();
  void zoomToFit();
  void zoomActualSize();
  void setZoom(double zoom, const QPointF& anchorWidgetPos);

 signals:
  void zoomChanged(double zoom);
  void cursorMoved(QPointF imagePos, bool insideImage);

 protected:
  void paintEvent(QPaintEvent* event) override;
  void resizeEvent(QResizeEvent* event) override;
  void wheelEvent(QWheelEvent* event) override;
  void mousePressEvent(QMouseEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;
  void mouseReleaseEvent(QMouseEvent* event) override;
  virtual void paintOverlays(class QPainter& painter);

 private:
  double fitZoom() const;
  void clampOffset();

  QImage image_;
  double zoom_ = 1.0;
  bool fit_ = true;
  QPointF offset_;  // widget position of the image's top-left corner
  bool panning_ = false;
  QPointF panStart_;
  QPointF offsetAtPanStart_;
};

}  // namespace zsi::ui
