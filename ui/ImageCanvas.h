#pragma once
// The central image view: draws one image with zoom (wheel around the cursor, fit, 1:1) and pan
// (drag), and its overlay: filled masks with outlines (one precomposed layer), boxes, labels with
// scores. Hovering an instance highlights it and shows its details; clicking selects it (Ctrl /
// Shift add to the selection), dragging pans.
//
// Frames are cheap: the image and the mask layer are rendered once per view change into a
// widget-sized cache; a repaint for hover draws that cache plus vector boxes and labels.

#include <QImage>
#include <QPointF>
#include <QWidget>
#include <memory>
#include <vector>

#include "ui/ImageOverlay.h"
#include "ui/OverlayStyle.h"

namespace zsi::ui {

class ImageCanvas : public QWidget {
  Q_OBJECT
 public:
  explicit ImageCanvas(QWidget* parent = nullptr);

  // A new image; keepView keeps zoom and position when the size is the same (next image of a
  // series), else the image is fitted.
  void setImage(const QImage& image, bool keepView = false);
  const QImage& image() const { return image_; }
  double zoom() const { return zoom_; }
  bool fitMode() const { return fit_; }
  void setPlaceholderText(const QString& text);

  void setOverlay(std::shared_ptr<const ImageOverlay> overlay);
  const std::shared_ptr<const ImageOverlay>& overlay() const { return overlay_; }
  void setOverlayStyle(const OverlayStyle& style);
  const OverlayStyle& overlayStyle() const { return style_; }
  void setSelection(const std::vector<InstanceRef>& refs);
  const std::vector<InstanceRef>& selection() const { return selection_; }
  int hoveredRow() const { return hovered_; }
  // The visible row at an image point (topmost: the smallest), or -1.
  int rowAt(const QPointF& imagePos) const;

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
  void hoveredChanged(int row);
  // A click on an instance (additive: Ctrl or Shift held), or on nothing.
  void instanceClicked(const zsi::ui::InstanceRef& ref, bool additive);
  void backgroundClicked();
  void instanceDoubleClicked(const zsi::ui::InstanceRef& ref);

 protected:
  void paintEvent(QPaintEvent* event) override;
  void resizeEvent(QResizeEvent* event) override;
  void wheelEvent(QWheelEvent* event) override;
  void mousePressEvent(QMouseEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;
  void mouseReleaseEvent(QMouseEvent* event) override;
  void mouseDoubleClickEvent(QMouseEvent* event) override;
  void leaveEvent(QEvent* event) override;
  virtual void paintOverlays(class QPainter& painter);

 private:
  double fitZoom() const;
  void clampOffset();
  void renderViewCache();
  void setHovered(int row);
  void paintBoxesAndLabels(QPainter& p);
  void paintHighlight(QPainter& p, std::size_t row, QRgb colour);
  void paintInfoCard(QPainter& p, std::size_t row);

  QImage image_;
  double zoom_ = 1.0;
  bool fit_ = true;
  QPointF offset_;  // widget position of the image's top-left corner
  bool panning_ = false;
  bool dragged_ = false;
  QPointF panStart_;
  QPointF offsetAtPanStart_;
  QString placeholder_;

  std::shared_ptr<const ImageOverlay> overlay_;
  OverlayStyle style_;
  QImage layer_;  // composed masks, image size
  std::vector<std::size_t> order_;  // visible rows in drawing order
  std::vector<InstanceRef> selection_;
  int hovered_ = -1;

  // Cache of image + layer at the current view.
  QImage viewCache_;
  double cacheZoom_ = 0;
  QPointF cacheOffset_;
  bool cacheValid_ = false;
};

}  // namespace zsi::ui
