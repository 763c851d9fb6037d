#include "ui/DatasetBrowser.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QScrollBar>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>
#include <algorithm>

#include "ui/ImageListDelegate.h"
#include "ui/ImageListModel.h"
#include "ui/ProjectDocument.h"
#include "ui/Settings.h"
#include "ui/ThumbnailCache.h"

namespace zsi::ui {

DatasetBrowser::DatasetBrowser(ProjectDocument* doc, QWidget* parent) : QWidget(parent), doc_(doc) {
  setObjectName(QStringLiteral("DatasetBrowser"));
  thumbnails_ = new ThumbnailCache(this);
  thumbnails_->setEdge(Settings::get(Settings::ThumbnailSize));
  model_ = new ImageListModel(doc_, &catalog_, thumbnails_, this);
  delegate_ = new ImageListDelegate(this);
  delegate_->setThumbnailEdge(thumbnails_->edge());

  search_ = new QLineEdit(this);
  search_->setObjectName(QStringLiteral("imageSearch"));
  search_->setPlaceholderText(tr("Search file name or image id"));
  search_->setClearButtonEnabled(true);
  classCombo_ = new QComboBox(this);
  classCombo_->setObjectName(QStringLiteral("classFilter"));
  classCombo_->setToolTip(tr("Only images showing this class"));
  splitCombo_ = new QComboBox(this);
  splitCombo_->addItems({tr("Seen or unseen"), tr("Has seen objects"), tr("Has unseen objects"), tr("Only seen objects")});
  splitCombo_->setToolTip(tr("Filter by the split of the classes an image shows"));
  predCombo_ = new QComboBox(this);
  predCombo_->addItems({tr("Any predictions"), tr("With predictions"), tr("Without predictions"), tr("Outdated predictions")});
  reviewCombo_ = new QComboBox(this);
  reviewCombo_->addItems({tr("Reviewed or not"), tr("Reviewed"), tr("Not reviewed")});
  gridButton_ = new QToolButton(this);
  gridButton_->setCheckable(true);
  gridButton_->setText(tr("Grid"));
  gridButton_->setToolTip(tr("Show thumbnails as a grid"));
  count_ = new QLabel(this);
  count_->setObjectName(QStringLiteral("imageCount"));

  view_ = new QListView(this);
  view_->setObjectName(QStringLiteral("imageList"));
  view_->setModel(model_);
  view_->setItemDelegate(delegate_);
  view_->setUniformItemSizes(true);  // essential at 100k rows: no per-row size queries
  view_->setSelectionMode(QAbstractItemView::ExtendedSelection);
  view_->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
  view_->setLayoutMode(QListView::Batched);
  view_->setBatchSize(2000);

  auto* top = new QHBoxLayout;
  top->addWidget(search_, 1);
  top->addWidget(gridButton_);
  auto* filters = new QHBoxLayout;
  filters->addWidget(classCombo_, 1);
  filters->addWidget(splitCombo_, 1);
  auto* filters2 = new QHBoxLayout;
  filters2->addWidget(predCombo_, 1);
  filters2->addWidget(reviewCombo_, 1);
  auto* lay = new QVBoxLayout(this);
  lay->setContentsMargins(4, 4, 4, 4);
  lay->setSpacing(4);
  lay->addLayout(top);
  lay->addLayout(filters);
  lay->addLayout(filters2);
  lay->addWidget(view_, 1);
  lay->addWidget(count_);

  searchTimer_ = new QTimer(this);
  searchTimer_->setSingleShot(true);
  searchTimer_->setInterval(150);
  connect(searchTimer_, &QTimer::timeout, this, [this] { readControls(); });
  connect(search_, &QLineEdit::textChanged, searchTimer_, qOverload<>(&QTimer::start));
  for (QComboBox* c : {classCombo_, splitCombo_, predCombo_, reviewCombo_})
    connect(c, qOverload<int>(&QComboBox::currentIndexChanged), this, [this] {
      if (!updatingControls_) readControls();
    });
  connect(gridButton_, &QToolButton::toggled, this, [this](bool on) {
    setGrid(on);
    Settings::set(Settings::GridView, on);
  });
  connect(view_->selectionModel(), &QItemSelectionModel::currentChanged, this, [this](const QModelIndex& i) {
    if (!i.isValid()) return;
    const long long img = static_cast<long long>(model_->imageAt(i.row()));
    if (img == current_) return;
    current_ = img;
    emit currentImageChanged(img);
  });

  connect(doc_, &ProjectDocument::datasetChanged, this, [this] {
    thumbnails_->reset();
    current_ = -1;
    rebuildCatalog();
  });
  rebuildTimer_ = new QTimer(this);
  rebuildTimer_->setSingleShot(true);
  rebuildTimer_->setInterval(120);
  connect(rebuildTimer_, &QTimer::timeout, this, &DatasetBrowser::rebuildCatalog);
  connect(doc_, &ProjectDocument::classesChanged, this, &DatasetBrowser::scheduleRebuild);
  auto perImage = [this](qint64 img) {
    if (img < 0) {
      rebuildCatalog();
      return;
    }
    catalog_.update(*doc_, static_cast<std::size_t>(img));
    if (spec_.isEmpty()) {
      model_->imageChanged(static_cast<std::size_t>(img));
    } else {
      refilter();
    }
  };
  connect(doc_, &ProjectDocument::annotationsChanged, this, perImage);
  connect(doc_, &ProjectDocument::predictionsChanged, this, perImage);
  connect(doc_, &ProjectDocument::inferenceSettingsChanged, this, &DatasetBrowser::scheduleRebuild);
  connect(doc_, &ProjectDocument::modelChanged, this, &DatasetBrowser::scheduleRebuild);

  gridButton_->setChecked(Settings::get(Settings::GridView));
  setGrid(gridButton_->isChecked());
  refreshClassCombo();
  refilter();
}

void DatasetBrowser::setGrid(bool grid) {
  delegate_->setGrid(grid);
  view_->setViewMode(grid ? QListView::IconMode : QListView::ListMode);
  view_->setResizeMode(QListView::Adjust);
  view_->setMovement(QListView::Static);
  view_->setWrapping(grid);
  view_->setSpacing(grid ? 2 : 0);
  if (gridButton_->isChecked() != grid) gridButton_->setChecked(grid);
  view_->doItemsLayout();
}

void DatasetBrowser::scheduleRebuild() { rebuildTimer_->start(); }

bool DatasetBrowser::rebuildPending() const { return rebuildTimer_->isActive(); }

void DatasetBrowser::rebuildCatalog() {
  rebuildTimer_->stop();
  catalog_.rebuild(*doc_);
  refreshClassCombo();
  refilter();
  emit catalogRebuilt();
}

void DatasetBrowser::refreshClassCombo() {
  updatingControls_ = true;
  const QString keep = classCombo_->currentData().toString();
  classCombo_->clear();
  classCombo_->addItem(tr("All classes"), QString());
  const auto counts = catalog_.imagesPerClass();
  std::vector<std::size_t> order(catalog_.classNames().size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [this](std::size_t a, std::size_t b) {
    return catalog_.classNames()[a] < catalog_.classNames()[b];
  });
  for (std::size_t i : order) {
    if (counts[i] == 0) continue;
    const QString name = QString::fromStdString(catalog_.classNames()[i]);
    const int split = doc_->classSplit(catalog_.classNames()[i]);
    const QString tag = split == 1 ? tr(" (unseen)") : QString();
    classCombo_->addItem(tr("%1%2 \u2014 %3").arg(name, tag).arg(counts[i]), name);
  }
  const int at = classCombo_->findData(keep);
  classCombo_->setCurrentIndex(at < 0 ? 0 : at);
  updatingControls_ = false;
  if (at < 0 && !keep.isEmpty()) readControls();
}

void DatasetBrowser::readControls() {
  ImageFilterSpec s;
  s.text = search_->text();
  s.className = classCombo_->currentData().toString().toStdString();
  s.split = static_cast<ImageFilterSpec::Split>(std::max(0, splitCombo_->currentIndex()));
  s.predictions = static_cast<ImageFilterSpec::Predictions>(std::max(0, predCombo_->currentIndex()));
  s.review = static_cast<ImageFilterSpec::Review>(std::max(0, reviewCombo_->currentIndex()));
  spec_ = s;
  refilter();
}

void DatasetBrowser::setFilter(const ImageFilterSpec& spec) {
  updatingControls_ = true;
  search_->setText(spec.text);
  const int c = classCombo_->findData(QString::fromStdString(spec.className));
  classCombo_->setCurrentIndex(c < 0 ? 0 : c);
  splitCombo_->setCurrentIndex(static_cast<int>(spec.split));
  predCombo_->setCurrentIndex(static_cast<int>(spec.predictions));
  reviewCombo_->setCurrentIndex(static_cast<int>(spec.review));
  updatingControls_ = false;
  searchTimer_->stop();
  spec_ = spec;
  refilter();
}

void DatasetBrowser::refilter() {
  auto rows = catalog_.filter(*doc_, spec_);
  const int shown = static_cast<int>(rows.size());
  // Keep the scroll position when the visible rows did not change (edits on one image).
  if (rows == model_->rows()) {
    if (current_ >= 0) model_->imageChanged(static_cast<std::size_t>(current_));
  } else {
    model_->setRows(std::move(rows));
    if (current_ >= 0) {
      const int row = model_->rowOfImage(static_cast<std::size_t>(current_));
      if (row >= 0) {
        QSignalBlocker block(view_->selectionModel());
        view_->setCurrentIndex(model_->index(row));
        view_->scrollTo(model_->index(row));
      }
    }
  }
  const int total = static_cast<int>(doc_->imageCount());
  count_->setText(shown == total ? tr("%n image(s)", nullptr, total) : tr("%1 of %2 images").arg(shown).arg(total));
  emit filterChanged(shown, total);
}

void DatasetBrowser::setCurrentImage(long long imageIndex) {
  if (imageIndex < 0) return;
  int row = model_->rowOfImage(static_cast<std::size_t>(imageIndex));
  if (row < 0 && !spec_.isEmpty()) {
    // The image is filtered out: show it anyway, clearing the filter, rather than nothing.
    setFilter(ImageFilterSpec());
    row = model_->rowOfImage(static_cast<std::size_t>(imageIndex));
  }
  if (row < 0) return;
  const QModelIndex i = model_->index(row);
  view_->selectionModel()->setCurrentIndex(i, QItemSelectionModel::ClearAndSelect);
  view_->scrollTo(i);
  if (current_ != imageIndex) {
    current_ = imageIndex;
    emit currentImageChanged(imageIndex);
  }
}

std::vector<std::size_t> DatasetBrowser::selectedImages() const {
  std::vector<std::size_t> out;
  for (const QModelIndex& i : view_->selectionModel()->selectedIndexes()) out.push_back(model_->imageAt(i.row()));
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::size_t> DatasetBrowser::visibleImages() const {
  return std::vector<std::size_t>(model_->rows().begin(), model_->rows().end());
}

bool DatasetBrowser::step(int delta, bool pendingOnly) {
  const auto& rows = model_->rows();
  if (rows.empty()) return false;
  int row = current_ >= 0 ? model_->rowOfImage(static_cast<std::size_t>(current_)) : -1;
  const int n = static_cast<int>(rows.size());
  for (int k = 0; k < n; ++k) {
    row = row < 0 ? (delta > 0 ? 0 : n - 1) : row + delta;
    if (row < 0 || row >= n) return false;
    const std::size_t img = rows[static_cast<std::size_t>(row)];
    if (!pendingOnly || (img < catalog_.size() && catalog_.entry(img).pending > 0)) {
      setCurrentImage(static_cast<long long>(img));
      return true;
    }
  }
  return false;
}

bool DatasetBrowser::visibleThumbnailsReady() const {
  const QRect area = view_->viewport()->rect();
  for (int row = 0; row < model_->rowCount(); ++row) {
    const QModelIndex i = model_->index(row);
    const QRect r = view_->visualRect(i);
    if (r.top() > area.bottom()) break;
    if (!r.intersects(area)) continue;
    if (!thumbnails_->contains(model_->imageAt(row))) return false;
  }
  return true;
}

}  // namespace zsi::ui
