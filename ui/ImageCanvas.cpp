#include "ui/ImageCanvas.h"

#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QWheelEvent>
#include <algorithm>
#include <cmath>

#include "ui/OverlayCompositor.h"

namespace zsi::ui {
namespace {
constexpr double kMinZoom = 0.02;
constexpr double kMaxZoom = 64.0;
constexpr double kStep = 1.25;
constexpr double kDragThreshold = 4.0;

QColor qcolour(const ClassColour& c) { return QColor(c.r, c.g, c.b); }

// Black or white, whichever reads better on `bg`.
QColor textOn(const QColor& bg) {
  return 0.299 * bg.red() + 0.587 * bg.green() + 0.114 * bg.blue() > 150 ? Qt::black : Qt::white;
}

}  // namespace

ImageCanvas::ImageCanvas(QWidget* parent) : QWidget(parent) {
  setMouseTracking(true);
  setFocusPolicy(Qt::StrongFocus);
  setMinimumSize(200, 150);
  setAttribute(Qt::WA_OpaquePaintEvent);
  placeholder_ = tr("No image. Open a COCO dataset, an image folder or an image with File \u203a Open, "
                    "or drop one here.");
}

void ImageCanvas::setPlaceholderText(const QString& text) {
  placeholder_ = text;
  update();
}

void ImageCanvas::setImage(const QImage& image, bool keepView) {
  const bool sameSize = !image_.isNull() && image.size() == image_.size();
  image_ = image;
  cacheValid_ = false;
  if (keepView && sameSize && !fit_) {
    update();
    return;
  }
  fit_ = true;
  zoomToFit();
}

void ImageCanvas::setOverlay(std::shared_ptr<const ImageOverlay> overlay) {
  overlay_ = std::move(overlay);
  layer_ = overlay_ ? OverlayCompositor::compose(*overlay_, style_) : QImage();
  order_ = overlay_ ? OverlayCompositor::drawOrder(*overlay_, style_) : std::vector<std::size_t>();
  hovered_ = -1;
  cacheValid_ = false;
  update();
}

void ImageCanvas::setOverlayStyle(const OverlayStyle& style) {
  if (style == style_) return;
  const bool layerChanged = style.opacity != style_.opacity || style.groundTruth != style_.groundTruth ||
                            style.predictions != style_.predictions || style.seen != style_.seen ||
                            style.unseen != style_.unseen || style.rejected != style_.rejected;
  style_ = style;
  if (layerChanged && overlay_) {
    layer_ = OverlayCompositor::compose(*overlay_, style_);
    order_ = OverlayCompositor::drawOrder(*overlay_, style_);
    cacheValid_ = false;
  }
  update();
}

void ImageCanvas::setSelection(const std::vector<InstanceRef>& refs) {
  selection_ = refs;
  update();
}

int ImageCanvas::rowAt(const QPointF& ip) const {
  if (!overlay_) return -1;
  const int x = static_cast<int>(std::floor(ip.x())), y = static_cast<int>(std::floor(ip.y()));
  for (auto it = order_.rbegin(); it != order_.rend(); ++it) {
    const OverlayShape& s = overlay_->shapes[*it];
    if (!s.rect.isEmpty()) {
      if (s.contains(x, y)) return static_cast<int>(*it);
    } else {
      const auto& b = overlay_->rows[*it].bbox;
      if (ip.x() >= b[0] && ip.y() >= b[1] && ip.x() < b[0] + b[2] && ip.y() < b[1] + b[3])
        return static_cast<int>(*it);
    }
  }
  return -1;
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
  offset_.setX(std::clamp(offset_.x(), std::min(margin - w, width() - w), std::max(width() - margin, 0.0)));
  offset_.setY(std::clamp(offset_.y(), std::min(margin - h, height() - h), std::max(height() - margin, 0.0)));
}

void ImageCanvas::renderViewCache() {
  const qreal dpr = devicePixelRatioF();
  const QSize size = (QSizeF(this->size()) * dpr).toSize();
  if (viewCache_.size() != size) viewCache_ = QImage(size, QImage::Format_RGB32);
  viewCache_.setDevicePixelRatio(dpr);
  QPainter p(&viewCache_);
  p.fillRect(rect(), palette().color(QPalette::Dark));
  // Smooth up to 3x (no aliasing, no blockiness), nearest beyond so single pixels stay visible.
  p.setRenderHint(QPainter::SmoothPixmapTransform, zoom_ < 3.0);
  p.translate(offset_);
  p.scale(zoom_, zoom_);
  p.drawImage(QPointF(0, 0), image_);
  if (!layer_.isNull() && layer_.size() == image_.size()) p.drawImage(QPointF(0, 0), layer_);
  cacheZoom_ = zoom_;
  cacheOffset_ = offset_;
  cacheValid_ = true;
}

void ImageCanvas::paintEvent(QPaintEvent*) {
  QPainter p(this);
  if (image_.isNull()) {
    p.fillRect(rect(), palette().color(QPalette::Dark));
    p.setPen(palette().color(QPalette::BrightText));
    p.drawText(rect().adjusted(20, 20, -20, -20), Qt::AlignCenter | Qt::TextWordWrap, placeholder_);
    return;
  }
  const QSize want = (QSizeF(size()) * devicePixelRatioF()).toSize();
  if (!cacheValid_ || cacheZoom_ != zoom_ || cacheOffset_ != offset_ || viewCache_.size() != want)
    renderViewCache();
  p.drawImage(QPointF(0, 0), viewCache_);
  paintOverlays(p);
}

void ImageCanvas::paintOverlays(QPainter& p) {
  if (!overlay_ || overlay_->width != image_.width() || overlay_->height != image_.height()) return;
  paintBoxesAndLabels(p);
  for (const InstanceRef& ref : selection_) {
    for (std::size_t i = 0; i < overlay_->rows.size(); ++i)
      if (overlay_->rows[i].ref == ref) paintHighlight(p, i, qRgb(255, 255, 255));
  }
  if (hovered_ >= 0 && hovered_ < static_cast<int>(overlay_->rows.size())) {
    paintHighlight(p, static_cast<std::size_t>(hovered_), qRgb(255, 230, 60));
    paintInfoCard(p, static_cast<std::size_t>(hovered_));
  }
}

void ImageCanvas::paintBoxesAndLabels(QPainter& p) {
  if (!style_.boxes && !style_.labels) return;
  p.save();
  p.setRenderHint(QPainter::Antialiasing, false);
  QFont f = font();
  f.setPointSizeF(std::max(7.0, f.pointSizeF() * 0.9));
  p.setFont(f);
  const QFontMetrics fm(f);
  for (std::size_t i : order_) {
    const InstanceRow& row = overlay_->rows[i];
    const QPointF tl = toWidget(QPointF(row.bbox[0], row.bbox[1]));
    const QRectF box(tl, QSizeF(row.bbox[2] * zoom_, row.bbox[3] * zoom_));
    const bool rejected = row.ref.isPrediction() && row.state == ReviewState::Rejected;
    QColor c = rejected ? QColor(140, 140, 140) : qcolour(row.colour);
    if (style_.boxes) {
      QPen pen(c, 1.5);
      if (row.ref.isPrediction() && row.state == ReviewState::Pending) pen.setStyle(Qt::DashLine);
      p.setPen(pen);
      p.setBrush(Qt::NoBrush);
      p.drawRect(box);
    }
    if (style_.labels) {
      QString text = QString::fromStdString(row.className);
      if (row.score >= 0) text += QStringLiteral(" %1").arg(row.score, 0, 'f', 2);
      if (row.crowd) text += tr(" (crowd)");
      if (row.outdated) text += QStringLiteral(" \u2022");
      const QRectF tag(box.left(), box.top() - fm.height() - 1, fm.horizontalAdvance(text) + 6, fm.height() + 1);
      QRectF at = tag.top() < 0 ? tag.translated(0, fm.height() + 1) : tag;
      QColor bg = c;
      bg.setAlpha(row.split == 1 ? 235 : 200);
      p.fillRect(at, bg);
      if (row.split == 1) {  // unseen classes get a marker bar: they are what this tool is about
        p.fillRect(QRectF(at.left(), at.bottom() - 1, at.width(), 2), QColor(255, 255, 255, 220));
      }
      p.setPen(textOn(c));
      p.drawText(at.adjusted(3, 0, 0, 0), Qt::AlignLeft | Qt::AlignVCenter, text);
    }
  }
  p.restore();
}

void ImageCanvas::paintHighlight(QPainter& p, std::size_t row, QRgb colour) {
  const OverlayShape& s = overlay_->shapes[row];
  p.save();
  if (!s.rect.isEmpty()) {
    QImage edge = OverlayCompositor::outline(s, colour);
    p.setRenderHint(QPainter::SmoothPixmapTransform, false);
    p.translate(offset_);
    p.scale(zoom_, zoom_);
    // Drawn three times, shifted, for a line that stays visible when zoomed out.
    for (QPointF d : {QPointF(0, 0), QPointF(0.5 / zoom_, 0), QPointF(0, 0.5 / zoom_)})
      p.drawImage(QPointF(s.rect.topLeft()) + d, edge);
    p.restore();
    p.save();
  }
  const auto& b = overlay_->rows[row].bbox;
  p.setPen(QPen(QColor::fromRgb(colour), 2));
  p.setBrush(Qt::NoBrush);
  p.drawRect(QRectF(toWidget(QPointF(b[0], b[1])), QSizeF(b[2] * zoom_, b[3] * zoom_)));
  p.restore();
}

void ImageCanvas::paintInfoCard(QPainter& p, std::size_t i) {
  const InstanceRow& r = overlay_->rows[i];
  QStringList lines;
  const QString split = r.split == 1 ? tr("unseen") : r.split == 0 ? tr("seen") : tr("not in the class set");
  lines << QStringLiteral("%1 \u2014 %2").arg(QString::fromStdString(r.className), split);
  switch (r.ref.source) {
    case InstanceRef::Source::GroundTruth: lines << (r.crowd ? tr("ground truth (crowd)") : tr("ground truth")); break;
    case InstanceRef::Source::Annotation: lines << tr("annotation (accepted prediction)"); break;
    case InstanceRef::Source::Prediction:
      lines << tr("prediction, %1%2").arg(QString::fromLatin1(reviewStateName(r.state)),
                                         r.outdated ? tr(", outdated settings") : QString());
      lines << tr("score %1   top seen %2   top unseen %3")
                   .arg(r.score, 0, 'f', 3).arg(r.topSeen, 0, 'f', 3).arg(r.topUnseen, 0, 'f', 3);
      break;
  }
  lines << tr("area %1 px   box %2, %3  %4\u00d7%5")
               .arg(r.area, 0, 'f', 0).arg(r.bbox[0], 0, 'f', 0).arg(r.bbox[1], 0, 'f', 0)
               .arg(r.bbox[2], 0, 'f', 0).arg(r.bbox[3], 0, 'f', 0);
  const QFontMetrics fm(font());
  int w = 0;
  for (const QString& l : lines) w = std::max(w, fm.horizontalAdvance(l));
  const QRect card(8, height() - 8 - (fm.height() * lines.size() + 10), w + 16, fm.height() * static_cast<int>(lines.size()) + 10);
  p.save();
  p.setRenderHint(QPainter::Antialiasing);
  p.setPen(Qt::NoPen);
  p.setBrush(QColor(20, 20, 24, 215));
  p.drawRoundedRect(card, 5, 5);
  p.fillRect(QRect(card.left(), card.top() + 4, 4, card.height() - 8), qcolour(r.colour));
  p.setPen(QColor(235, 235, 235));
  int y = card.top() + 5;
  for (const QString& l : lines) {
    p.drawText(QRect(card.left() + 10, y, w + 4, fm.height()), Qt::AlignLeft | Qt::AlignVCenter, l);
    y += fm.height();
  }
  p.restore();
}

void ImageCanvas::resizeEvent(QResizeEvent*) {
  cacheValid_ = false;
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
    dragged_ = event->button() == Qt::MiddleButton;
    panStart_ = event->position();
    offsetAtPanStart_ = offset_;
  }
}

void ImageCanvas::setHovered(int row) {
  if (row == hovered_) return;
  hovered_ = row;
  update();
  emit hoveredChanged(row);
}

void ImageCanvas::mouseMoveEvent(QMouseEvent* event) {
  if (panning_) {
    const QPointF d = event->position() - panStart_;
    if (!dragged_ && std::hypot(d.x(), d.y()) >= kDragThreshold) {
      dragged_ = true;
      setCursor(Qt::ClosedHandCursor);
    }
    if (dragged_) {
      offset_ = offsetAtPanStart_ + d;
      fit_ = false;
      clampOffset();
      update();
    }
  }
  QPointF ip = toImage(event->position());
  bool inside = !image_.isNull() && ip.x() >= 0 && ip.y() >= 0 && ip.x() < image_.width() &&
                ip.y() < image_.height();
  if (!panning_) setHovered(inside ? rowAt(ip) : -1);
  emit cursorMoved(ip, inside);
}

void ImageCanvas::mouseReleaseEvent(QMouseEvent* event) {
  const bool click = panning_ && !dragged_ && event->button() == Qt::LeftButton;
  panning_ = false;
  dragged_ = false;
  unsetCursor();
  if (!click) return;
  const int row = rowAt(toImage(event->position()));
  const bool additive = event->modifiers() & (Qt::ControlModifier | Qt::ShiftModifier);
  if (row >= 0) emit instanceClicked(overlay_->rows[static_cast<std::size_t>(row)].ref, additive);
  else emit backgroundClicked();
}

void ImageCanvas::mouseDoubleClickEvent(QMouseEvent* event) {
  const int row = rowAt(toImage(event->position()));
  if (row >= 0) emit instanceDoubleClicked(overlay_->rows[static_cast<std::size_t>(row)].ref);
}

void ImageCanvas::leaveEvent(QEvent*) { setHovered(-1); }

}  // namespace zsi::ui
