#pragma once
// Opens datasets in the background: a COCO instances file (core's parallel reader) or a folder
// of images. One load at a time: starting another cancels the first. Progress and the result
// arrive as signals on the GUI thread; a cancelled load reports nothing but `cancelled`.

#include <QObject>
#include <QString>
#include <memory>

#include "core/coco/CocoDataset.h"

namespace zsi::ui {

class TaskProgress;

class DatasetLoader : public QObject {
  Q_OBJECT
 public:
  explicit DatasetLoader(QObject* parent = nullptr);

  void openCoco(const QString& jsonPath, const QString& imageRoot);
  void openFolder(const QString& folder);
  void cancel();
  bool busy() const { return busy_; }
  TaskProgress* progress() const { return progress_; }

  // The image folder of a COCO file when none is given: "images" or the file's stem
  // ("instances_val2017.json" -> "val2017") next to it or one level up, else its own folder.
  static QString guessImageRoot(const QString& jsonPath);

 signals:
  void started(const QString& what);
  void loaded(std::shared_ptr<const zsi::CocoDataset> dataset, const QString& path,
              const QString& imageRoot, bool imageFolder, double seconds);
  void failed(const QString& message);
  void cancelled();

 private:
  TaskProgress* progress_;
  bool busy_ = false;
  int request_ = 0;
};

}  // namespace zsi::ui
