#include "ui/DataFiles.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

namespace zsi::ui {

QString DataFiles::model(const QString& relative) {
  const QString app = QCoreApplication::applicationDirPath();
  QStringList roots{QDir(app).filePath(QStringLiteral("../share/zsi-studio/models")),
                    QDir(app).filePath(QStringLiteral("../../models")),
                    QDir(app).filePath(QStringLiteral("../../../models"))};
#ifdef ZSI_SOURCE_DIR
  roots << QDir(QStringLiteral(ZSI_SOURCE_DIR)).filePath(QStringLiteral("models"));
#endif
  for (const QString& r : roots) {
    const QString p = QDir::cleanPath(QDir(r).filePath(relative));
    if (QFileInfo(p).isFile()) return p;
  }
  return {};
}

}  // namespace zsi::ui
