#pragma once
// The image list: a thin adapter over the document whose rows are an index vector (the images
// passing the filter). Filtering swaps the vector; nothing per row is stored, so 118k rows cost
// 470 KB. Thumbnails come from the ThumbnailCache when a row is painted.

#include <QAbstractListModel>
#include <cstdint>
#include <vector>

namespace zsi::ui {

class ImageCatalog;
class ProjectDocument;
class ThumbnailCache;

class ImageListModel : public QAbstractListModel {
  Q_OBJECT
 public:
  enum Role { ImageIndexRole = Qt::UserRole + 1, SizeTextRole, BadgeRole };

  ImageListModel(ProjectDocument* doc, ImageCatalog* catalog, ThumbnailCache* thumbnails,
                 QObject* parent = nullptr);

  void setRows(std::vector<std::uint32_t> rows);
  const std::vector<std::uint32_t>& rows() const { return rows_; }
  // Row of an image, or -1 when the filter hides it.
  int rowOfImage(std::size_t imageIndex) const;
  std::size_t imageAt(int row) const { return rows_[static_cast<std::size_t>(row)]; }
  void imageChanged(std::size_t imageIndex);

  int rowCount(const QModelIndex& parent = QModelIndex()) const override;
  QVariant data(const QModelIndex& index, int role) const override;

 private:
  ProjectDocument* doc_;
  ImageCatalog* catalog_;
  ThumbnailCache* thumbnails_;
  std::vector<std::uint32_t> rows_;
};

}  // namespace zsi::ui
