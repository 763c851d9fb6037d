#include "ui/ImageFolderScanner.h"

#include <QDir>
#include <QDirIterator>
#include <QFileInfo>
#include <QImageReader>
#include <QStringList>
#include <algorithm>

namespace zsi::ui {

bool ImageFolderScanner::isImageFile(const QString& fileName) {
  static const QStringList suffixes = {QStringLiteral("jpg"), QStringLiteral("jpeg"), QStringLiteral("png"),
                                       QStringLiteral("bmp"), QStringLiteral("webp"), QStringLiteral("tif"),
                                       QStringLiteral("tiff"), QStringLiteral("ppm"), QStringLiteral("pgm")};
  return suffixes.contains(QFileInfo(fileName).suffix().toLower());
}

Result<CocoDataset> ImageFolderScanner::scan(const QString& folder, const Progress& progress) {
  QDir root(folder);
  if (!root.exists()) return Error("no such folder").inFile(folder.toStdString());
  progress.report(0.0, "listing images");
  QStringList files;
  QDirIterator it(folder, QDir::Files | QDir::Readable, QDirIterator::Subdirectories | QDirIterator::FollowSymlinks);
  while (it.hasNext()) {
    const QString path = it.next();
    if (isImageFile(path)) files << root.relativeFilePath(path);
    if ((files.size() & 1023) == 0 && progress.cancelled()) return Error(kCancelledMessage);
  }
  if (files.isEmpty()) return Error("no image files (jpg, png, bmp, webp, tif, ppm) in this folder").inFile(folder.toStdString());
  std::sort(files.begin(), files.end());
  CocoDataset ds;
  std::size_t unreadable = 0;
  for (qsizetype i = 0; i < files.size(); ++i) {
    if ((i & 255) == 0) {
      if (progress.cancelled()) return Error(kCancelledMessage);
      progress.report(static_cast<double>(i) / static_cast<double>(files.size()), "reading image sizes");
    }
    QImageReader reader(root.filePath(files[i]));
    reader.setAutoTransform(false);  // COCO's pixel grid is the stored one
    QSize size = reader.size();
    if (!size.isValid()) {
      // Listed with size 0: the image view reports the error when it is opened.
      size = QSize(0, 0);
      ++unreadable;
    }
    ds.addImage(static_cast<std::int64_t>(i) + 1, files[i].toStdString(), size.width(), size.height());
  }
  ds.ensureIndex();
  progress.report(1.0, "done");
  return ds;
}

}  // namespace zsi::ui
