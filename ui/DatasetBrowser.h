#pragma once
// The dataset panel: search box, filters (class, seen/unseen, predictions, review) and the
// virtualised image list (list or grid). Emits the image to show; keeps the current image
// visible across filter changes when it passes the filter.

#include <QWidget>
#include <cstdint>
#include <vector>

#include "ui/ImageCatalog.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QListView;
class QTimer;
class QToolButton;

namespace zsi::ui {

class ImageListDelegate;
class ImageListModel;
class ProjectDocument;
class ThumbnailCache;

class DatasetBrowser : public QWidget {
  Q_OBJECT
 public:
  DatasetBrowser(ProjectDocument* doc, QWidget* parent = nullptr);

  ImageCatalog& catalog() { return catalog_; }
  ImageListModel* model() const { return model_; }
  QListView* view() const { return view_; }
  ThumbnailCache* thumbnails() const { return thumbnails_; }

  void setFilter(const ImageFilterSpec& spec);  // also updates the controls
  const ImageFilterSpec& filter() const { return spec_; }
  // Image shown now (-1 none); setCurrentImage selects and scrolls to it.
  long long currentImage() const { return current_; }
  void setCurrentImage(long long imageIndex);
  std::vector<std::size_t> selectedImages() const;
  std::vector<std::size_t> visibleImages() const;  // all rows passing the filter
  // Next / previous row of the list; `pendingOnly`: the next image with predictions to review.
  bool step(int delta, bool pendingOnly = false);
  void setGrid(bool grid);
  // Rows whose thumbnails are on screen now all have them (for scripted screenshots).
  bool visibleThumbnailsReady() const;
  bool rebuildPending() const;

 signals:
  void currentImageChanged(long long imageIndex);
  void filterChanged(int shown, int total);
  // A deferred catalog rebuild has run (rebuildPending() turned false).
  void catalogRebuilt();

 private:
  void rebuildCatalog();
  void scheduleRebuild();  // coalesces bursts (a dragged slider) into one rebuild
  void refilter();
  void refreshClassCombo();
  void readControls();

  ProjectDocument* doc_;
  ImageCatalog catalog_;
  ImageFilterSpec spec_;
  ThumbnailCache* thumbnails_;
  ImageListModel* model_;
  ImageListDelegate* delegate_;
  QListView* view_;
  QLineEdit* search_;
  QComboBox* classCombo_;
  QComboBox* splitCombo_;
  QComboBox* predCombo_;
  QComboBox* reviewCombo_;
  QToolButton* gridButton_;
  QLabel* count_;
  QTimer* searchTimer_;
  QTimer* rebuildTimer_;
  long long current_ = -1;
  bool updatingControls_ = false;
};

}  // namespace zsi::ui
