#include "ui/ImageListModel.h"

#include <QPixmap>
#include <algorithm>

#include "ui/ImageCatalog.h"
#include "ui/ProjectDocument.h"
#include "ui/ThumbnailCache.h"

namespace zsi::ui {

ImageListModel::ImageListModel(ProjectDocument* doc, ImageCatalog* catalog, ThumbnailCache* thumbnails,
                               QObject* parent)
    : QAbstractListModel(parent), doc_(doc), catalog_(catalog), thumbnails_(thumbnails) {
  connect(thumbnails_, &ThumbnailCache::ready, this, [this](qulonglong key) {
    imageChanged(static_cast<std::size_t>(key));
  });
}

void ImageListModel::setRows(std::vector<std::uint32_t> rows) {
  beginResetModel();
  rows_ = std::move(rows);
  endResetModel();
}

int ImageListModel::rowOfImage(std::size_t imageIndex) const {
  auto it = std::lower_bound(rows_.begin(), rows_.end(), static_cast<std::uint32_t>(imageIndex));
  if (it == rows_.end() || *it != imageIndex) return -1;
  return static_cast<int>(it - rows_.begin());
}

void ImageListModel::imageChanged(std::size_t imageIndex) {
  const int row = rowOfImage(imageIndex);
  if (row < 0) return;
  const QModelIndex i = index(row);
  emit dataChanged(i, i);
}

int ImageListModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(rows_.size());
}

QVariant ImageListModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || index.row() >= static_cast<int>(rows_.size()) || !doc_->hasDataset()) return {};
  const std::size_t img = rows_[static_cast<std::size_t>(index.row())];
  const auto& rec = doc_->dataset().images()[img];
  switch (role) {
    case Qt::DisplayRole:
      return doc_->imageName(img);
    case ImageIndexRole:
      return QVariant::fromValue<qulonglong>(img);
    case SizeTextRole:
      return tr("id %1 \u00b7 %2\u00d7%3").arg(rec.id).arg(rec.width).arg(rec.height);
    case BadgeRole: {
      if (img >= catalog_->size()) return {};
      const auto& e = catalog_->entry(img);
      QVariantList v{e.annotations, e.predictions, e.pending, e.hasUnseen, e.hasPredictionData, e.outdated};
      return v;
    }
    case Qt::DecorationRole: {
      const QPixmap* pm = thumbnails_->get(img, doc_->imagePath(img));
      return pm ? QVariant(*pm) : QVariant();
    }
    case Qt::ToolTipRole: {
      QString tip = tr("<b>%1</b><br>image id %2, %3\u00d7%4").arg(doc_->imageName(img).toHtmlEscaped())
                        .arg(rec.id).arg(rec.width).arg(rec.height);
      if (img < catalog_->size()) {
        const auto& e = catalog_->entry(img);
        tip += tr("<br>%1 annotations").arg(e.annotations);
        if (e.hasPredictionData)
          tip += tr(", %1 predictions (%2 to review)%3").arg(e.predictions).arg(e.pending)
                     .arg(e.outdated ? tr(", outdated") : QString());
      }
      return tip;
    }
    default:
      return {};
  }
}

}  // namespace zsi::ui
