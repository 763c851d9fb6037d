#include "ui/ImageListDelegate.h"

#include <QApplication>
#include <QPainter>
#include <QPixmap>

#include "ui/ImageListModel.h"

namespace zsi::ui {
namespace {

void drawBadge(QPainter* p, QPointF& at, const QString& text, const QColor& bg, const QColor& fg) {
  QFontMetrics fm(p->font());
  const int w = fm.horizontalAdvance(text) + 8, h = fm.height();
  QRectF r(at.x(), at.y(), w, h);
  p->setPen(Qt::NoPen);
  p->setBrush(bg);
  p->drawRoundedRect(r, 3, 3);
  p->setPen(fg);
  p->drawText(r, Qt::AlignCenter, text);
  at.rx() += w + 4;
}

}  // namespace

ImageListDelegate::ImageListDelegate(QObject* parent) : QStyledItemDelegate(parent) {}

QSize ImageListDelegate::sizeHint(const QStyleOptionViewItem& option, const QModelIndex&) const {
  const int line = option.fontMetrics.height();
  if (grid_) return QSize(edge_ + 12, edge_ * 3 / 4 + 2 * line + 14);
  return QSize(200, std::max(edge_ * 3 / 4, 3 * line) + 8);
}

void ImageListDelegate::paint(QPainter* p, const QStyleOptionViewItem& option, const QModelIndex& index) const {
  p->save();
  const QPalette& pal = option.palette;
  const bool selected = option.state & QStyle::State_Selected;
  p->fillRect(option.rect, selected ? pal.highlight() : pal.base());
  if (option.state & QStyle::State_HasFocus) {
    p->setPen(QPen(pal.highlight().color().lighter(130), 1));
    p->drawRect(option.rect.adjusted(0, 0, -1, -1));
  }
  const QVariant deco = index.data(Qt::DecorationRole);
  const QRect r = option.rect.adjusted(4, 4, -4, -4);
  const int thumbH = edge_ * 3 / 4;
  QRect thumb = grid_ ? QRect(r.left() + (r.width() - edge_) / 2, r.top(), edge_, thumbH)
                      : QRect(r.left(), r.top() + (r.height() - thumbH) / 2, edge_, thumbH);
  if (deco.canConvert<QPixmap>() && !deco.value<QPixmap>().isNull()) {
    const QPixmap pm = deco.value<QPixmap>();
    QSize s = pm.size().scaled(thumb.size(), Qt::KeepAspectRatio);
    QRect target(thumb.center().x() - s.width() / 2, thumb.center().y() - s.height() / 2, s.width(), s.height());
    p->drawPixmap(target, pm);
  } else {
    p->fillRect(thumb, pal.alternateBase());
  }
  const QColor text = selected ? pal.highlightedText().color() : pal.text().color();
  QColor dim = text;
  dim.setAlphaF(0.65);
  QFont small = option.font;
  small.setPointSizeF(std::max(6.0, small.pointSizeF() * 0.85));
  const QFontMetrics fm(option.font);
  QRect textRect = grid_ ? QRect(r.left(), thumb.bottom() + 3, r.width(), fm.height())
                         : QRect(thumb.right() + 8, r.top() + 2, r.right() - thumb.right() - 8, fm.height());
  p->setPen(text);
  p->setFont(option.font);
  p->drawText(textRect, Qt::AlignLeft | Qt::AlignVCenter,
              fm.elidedText(index.data(Qt::DisplayRole).toString(), Qt::ElideMiddle, textRect.width()));
  p->setFont(small);
  QPointF at;
  if (!grid_) {
    QRect info = textRect.translated(0, fm.height());
    p->setPen(dim);
    p->drawText(info, Qt::AlignLeft | Qt::AlignVCenter, index.data(ImageListModel::SizeTextRole).toString());
    at = QPointF(textRect.left(), info.bottom() + 3);
  } else {
    at = QPointF(r.left(), textRect.bottom() + 2);
  }
  const QVariantList b = index.data(ImageListModel::BadgeRole).toList();
  if (b.size() == 6) {
    const int annotations = b[0].toInt(), predictions = b[1].toInt(), pending = b[2].toInt();
    const bool unseen = b[3].toBool(), hasPred = b[4].toBool(), outdated = b[5].toBool();
    if (annotations > 0) drawBadge(p, at, QString::number(annotations), QColor(70, 110, 160), Qt::white);
    if (hasPred) {
      if (pending > 0) drawBadge(p, at, QStringLiteral("%1?").arg(pending), QColor(200, 140, 40), Qt::black);
      else drawBadge(p, at, QStringLiteral("\u2713%1").arg(predictions), QColor(60, 150, 90), Qt::white);
    }
    if (unseen) drawBadge(p, at, QStringLiteral("U"), QColor(170, 70, 170), Qt::white);
    if (outdated) drawBadge(p, at, QStringLiteral("old"), QColor(110, 110, 110), Qt::white);
  }
  p->restore();
}

}  // namespace zsi::ui
