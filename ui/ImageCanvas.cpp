#include "ui/ImageCanvas.h"

#include <QMouseEvent>
#include <QPainter>
#include <QWheelEvent>
#include <algorithm>
#include <cmath>

namespace zsi::ui {
namespace {
constexpr double kMinZoom = 0.02;
constexpr double kMaxZoom = 64.0;
constexpr double kStep = 1.25;
}  // namespace

ImageCanvas::ImageCanvas(QWidget* parent) : QWidget(parent) {
  setMouseTracking(true);
  setFocusPolicy(Qt::StrongFocus);
  setMinimumSize(200, 150);
  setAttribute(Qt::WA_OpaquePaintEvent);
}

void ImageCanvas::setImage(const QImage& image) {
  image_ = image;
  fit_ = true;
  zoomToFit();
}

double ImageCanvas::fitZoom() const {
  if (image_.isNull()) return 1.0;
  double zx = static_cast<double>(width()) / image_.width();
  double zy = static_cast<double>(height()) / image_.height();
  return std::clamp(std::min(zx, zy), kMinZoom, kMaxZoom);
}

QPointF ImageCanvas::toImage(const QPointF& p) const { return (p - offset_) / zoom_; }
QPointF ImageCanvas::toWidget(const QPointF& p) const { return p * zoom_ + offset_; }

void ImageCanvas::zoomToFit() {
  fit_ = true;
  zoom_ = fitZoom();
  offset_ = QPointF((width() - image_.width() * zoom_) / 2.0, (height() - image_.height() * zoom_) / 2.0);
  update();
  emit zoomChanged(zoom_);
}

void ImageCanvas::zoomActualSize() { setZoom(1.0, QPointF(width() / 2.0, height() / 2.0)); }
void ImageCanvas::zoomIn() { setZoom(zoom_ * kStep, QPointF(width() / 2.0, height() / 2.0)); }
void ImageCanvas::zoomOut() { setZoom(zoom_ / kStep, QPointF(width() / 2.0, height() / 2.0)); }

void ImageCanvas::setZoom(double zoom, const QPointF& anchor) {
  zoom = std::clamp(zoom, kMinZoom, kMaxZoom);
  // Keep the image point under the anchor fixed on screen.
  QPointF imagePoint = toImage(anchor);
  zoom_ = zoom;
  fit_ = false;
  offset_ = anchor - imagePoint * zoom_;
  clampOffset();
  update();
  emit zoomChanged(zoom_);
}

void ImageCanvas::clampOffset() {
  // Let the image move freely but never entirely out of view.
  double w = image_.width() * zoom_, h = image_.height() * zoom_;
  double margin = 40.0;
  offset_.setX(std::clamp(offset_.x(), std::min(margin - w, width() - w) , std::max(width() - margin, 0.0)));
  offset_.setY(std::clamp(offset_.y(), std::min(margin - h, height() - h), std::max(height() - margin, 0.0)));
}

void ImageCanvas::paintEvent(QPaintEvent*) {
  QPainter p(this);
  p.fillRect(rect(), palette().color(QPalette::Dark));
  if (image_.isNull()) {
    p.setPen(palette().color(QPalette::BrightText));
    p.drawText(rect(), Qt::AlignCenter, tr("No image. Open one with File \u203a Open."));
    return;
  }
  p.save();
  // Smooth up to 3x (no aliasing, no blockiness), nearest beyond so single pixels stay visible.
  p.setRenderHint(QPainter::SmoothPixmapTransform, zoom_ < 3.0);
  p.translate(offset_);
  p.scale(zoom_, zoom_);
  p.drawImage(QPointF(0, 0), image_);
  p.restore();
  paintOverlays(p);
}

void ImageCanvas::paintOverlays(QPainter&) {}

void ImageCanvas::resizeEvent(QResizeEvent*) {
  if (fit_) {
    zoomToFit();
  } else {
    clampOffset();
  }
}

void ImageCanvas::wheelEvent(QWheelEvent* event) {
  double steps = event->angleDelta().y() / 120.0;
  if (steps == 0) return;
  setZoom(zoom_ * std::pow(kStep, steps), event->position());
  event->accept();
}

void ImageCanvas::mousePressEvent(QMouseEvent* event) {
  if (event->button() == Qt::LeftButton || event->button() == Qt::MiddleButton) {
    panning_ = true;
    panStart_ = event->position();
    offsetAtPanStart_ = offset_;
    setCursor(Qt::ClosedHandCursor);
  }
}

void ImageCanvas::mouseMoveEvent(QMouseEvent* event) {
  if (panning_) {
    offset_ = offsetAtPanStart_ + (event->position() - panStart_);
    fit_ = false;
    clampOffset();
    update();
  }
  QPointF ip = toImage(event->position());
  bool inside = !image_.isNull() && ip.x() >= 0 && ip.y() >= 0 && ip.x() < image_.width() &&
                ip.y() < image_.height();
  emit cursorMoved(ip, inside);
}

void ImageCanvas::mouseReleaseEvent(QMouseEvent*) {
  panning_ = false;
  unsetCursor();
}

}  // namespace zsi::ui
