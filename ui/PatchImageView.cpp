#include "ui/PatchImageView.h"

#include <QMouseEvent>
#include <QPainter>
#include <cmath>

namespace zsi::ui {

PatchImageView::PatchImageView(QWidget* parent) : QWidget(parent) {
  setMinimumSize(200, 160);
  setMouseTracking(false);
  setCursor(Qt::CrossCursor);
}

void PatchImageView::setImage(const QImage& image) {
  image_ = image;
  update();
}

void PatchImageView::setGrid(int rows, int cols, double stepX, double stepY, double sizeX, double sizeY) {
  rows_ = rows;
  cols_ = cols;
  stepX_ = stepX;
  stepY_ = stepY;
  sizeX_ = sizeX;
  sizeY_ = sizeY;
  update();
}

void PatchImageView::setLayer(const QImage& layer, double opacity) {
  layer_ = layer;
  opacity_ = opacity;
  update();
}

void PatchImageView::setHighlighted(const QSet<int>& patches) {
  highlighted_ = patches;
  update();
}

void PatchImageView::setMarked(int patch) {
  marked_ = patch;
  update();
}

QRectF PatchImageView::imageRect() const {
  if (image_.isNull()) return {};
  const double s = std::min(width() / static_cast<double>(image_.width()), height() / static_cast<double>(image_.height()));
  const double w = image_.width() * s, h = image_.height() * s;
  return QRectF((width() - w) / 2, (height() - h) / 2, w, h);
}

int PatchImageView::patchAt(const QPointF& pos) const {
  const QRectF r = imageRect();
  if (r.isEmpty() || rows_ <= 0 || stepX_ <= 0 || stepY_ <= 0 || !r.contains(pos)) return -1;
  const double s = r.width() / image_.width();
  const double x = (pos.x() - r.left()) / s, y = (pos.y() - r.top()) / s;
  // Patches may overlap (size > step): the one whose cell (step × step) holds the point.
  const int c = std::min(cols_ - 1, static_cast<int>(std::floor(x / stepX_)));
  const int rr = std::min(rows_ - 1, static_cast<int>(std::floor(y / stepY_)));
  return c < 0 || rr < 0 ? -1 : rr * cols_ + c;
}

QPointF PatchImageView::patchCentre(int patch) const {
  const QRectF r = imageRect();
  if (r.isEmpty() || cols_ <= 0) return {};
  const double s = r.width() / image_.width();
  const int rr = patch / cols_, c = patch % cols_;
  return {r.left() + (c * stepX_ + std::min(stepX_, sizeX_) / 2) * s, r.top() + (rr * stepY_ + std::min(stepY_, sizeY_) / 2) * s};
}

void PatchImageView::paintEvent(QPaintEvent*) {
  QPainter p(this);
  p.fillRect(rect(), palette().window());
  const QRectF r = imageRect();
  if (r.isEmpty()) {
    p.drawText(rect(), Qt::AlignCenter, tr("No image"));
    return;
  }
  p.setRenderHint(QPainter::SmoothPixmapTransform, true);
  p.drawImage(r, image_);
  const double s = r.width() / image_.width();
  if (!layer_.isNull() && cols_ > 0) {
    // One layer pixel per grid cell, drawn as blocks (no smoothing: patches are discrete).
    p.setRenderHint(QPainter::SmoothPixmapTransform, false);
    p.setOpacity(opacity_);
    const QRectF covered(r.left(), r.top(), std::min(r.width(), cols_ * stepX_ * s), std::min(r.height(), rows_ * stepY_ * s));
    p.drawImage(QRectF(r.left(), r.top(), cols_ * stepX_ * s, rows_ * stepY_ * s), layer_);
    Q_UNUSED(covered);
    p.setOpacity(1.0);
  }
  auto cell = [&](int patch) {
    const int rr = patch / cols_, c = patch % cols_;
    return QRectF(r.left() + c * stepX_ * s, r.top() + rr * stepY_ * s, stepX_ * s, stepY_ * s);
  };
  if (cols_ > 0) {
    p.setPen(QPen(QColor(255, 255, 0), 1.5));
    p.setBrush(QColor(255, 255, 0, 60));
    for (int patch : highlighted_) p.drawRect(cell(patch));
    if (marked_ >= 0) {
      p.setPen(QPen(Qt::white, 2.5));
      p.setBrush(Qt::NoBrush);
      p.drawRect(cell(marked_));
      p.setPen(QPen(Qt::black, 1));
      p.drawRect(cell(marked_).adjusted(-2, -2, 2, 2));
    }
  }
  if (dragging_) {
    p.setPen(QPen(Qt::white, 1, Qt::DashLine));
    p.setBrush(QColor(255, 255, 255, 40));
    p.drawRect(QRectF(pressAt_, dragTo_).normalized());
  }
}

void PatchImageView::mousePressEvent(QMouseEvent* e) {
  pressAt_ = dragTo_ = e->position();
  dragging_ = false;
}

void PatchImageView::mouseMoveEvent(QMouseEvent* e) {
  if (!(e->buttons() & Qt::LeftButton)) return;
  dragTo_ = e->position();
  dragging_ = (dragTo_ - pressAt_).manhattanLength() > 6;
  update();
}

void PatchImageView::mouseReleaseEvent(QMouseEvent* e) {
  if (!dragging_) {
    const int patch = patchAt(e->position());
    if (patch >= 0) emit patchClicked(patch);
    return;
  }
  dragging_ = false;
  const QRectF band = QRectF(pressAt_, e->position()).normalized();
  QSet<int> patches;
  for (int i = 0; i < rows_ * cols_; ++i)
    if (band.contains(patchCentre(i))) patches.insert(i);
  update();
  emit patchesSelected(patches);
}

}  // namespace zsi::ui
