#pragma once
// The patch-embedding inspector: for the current image, the patch grid of the model's InfoMax or
// contrastive patch head (ZsiModel::patchEmbeddings) shown as PCA colours over the image; a click
// on a patch shows its cosine similarity to every patch as a heat map, over this image and over a
// second chosen image; a 2-D scatter of the embeddings (PCA, or t-SNE on a worker with progress
// and cancel) linked both ways with the image: selecting points outlines their patches, clicking
// or dragging over patches selects their points. Every model call runs on a worker.

#include <QImage>
#include <QSet>
#include <QString>
#include <QWidget>
#include <atomic>
#include <memory>

#include "core/engine/contrastive/PatchAnalysis.h"
#include "core/engine/contrastive/PatchEmbeddings.h"

class QComboBox;
class QCustomPlot;
class QLabel;
class QProgressBar;
class QPushButton;
class QRadioButton;
class QToolButton;

namespace zsi {
class ZsiModel;
}

namespace zsi::ui {

class PatchImageView;

class EmbeddingInspector : public QWidget {
  Q_OBJECT
 public:
  explicit EmbeddingInspector(QWidget* parent = nullptr);
  ~EmbeddingInspector() override;

  void setModel(std::shared_ptr<const ZsiModel> model);
  // Loads a checkpoint on a worker (`modelReady` follows).
  void loadModel(const QString& checkpoint);
  // The image to inspect / to compare with (files; decoded and embedded on a worker).
  void setImageFile(const QString& path);
  void setSecondImageFile(const QString& path);

  // Shows the similarity of patch `patch` (r·cols + c) of the first image.
  void selectPatch(int patch);
  // Points of the scatter selected (their patch indices) → highlighted patches, and back.
  void selectPatches(const QSet<int>& patches);
  void useTsne(bool tsne);  // else PCA
  // Exact t-SNE is O(N²): at most this many patches (evenly spread) are projected. Default 1500.
  void setTsneMaxPoints(int n) { tsneMaxPoints_ = n; }
  void cancel();

  bool busy() const { return pending_ > 0; }
  const PatchEmbeddings* embeddings() const { return first_.get(); }
  const PatchEmbeddings* secondEmbeddings() const { return second_.get(); }
  const PatchProjection* projection() const { return projection_.get(); }
  PatchImageView* imageView() const { return view_; }
  PatchImageView* secondView() const { return secondView_; }
  QCustomPlot* scatter() const { return scatter_; }
  QSet<int> selectedPoints() const;  // patch indices of the scatter's selected points
  QString message() const;

 signals:
  void modelReady(bool ok, const QString& message);
  void embeddingsReady(bool ok, const QString& message);
  void projectionReady(bool ok, const QString& message);
  void settled();

 private:
  void embed(bool second);
  void project();
  void showSimilarity();
  void scatterSelectionChanged();
  void updateScatterHighlight();
  void setBusy(int delta, const QString& message = QString());
  void fail(const QString& message);

  std::shared_ptr<const ZsiModel> model_;
  QString imagePath_, secondPath_;
  QImage image_, secondImage_;
  std::shared_ptr<const PatchEmbeddings> first_, second_;
  std::shared_ptr<const PatchProjection> projection_;
  int marked_ = -1;
  bool tsne_ = false;
  int tsneMaxPoints_ = 1500;
  int pending_ = 0;
  std::uint64_t request_ = 0;  // stale results (an older image) are dropped
  std::shared_ptr<std::atomic<bool>> cancel_;

  PatchImageView* view_;
  PatchImageView* secondView_;
  QCustomPlot* scatter_;
  QRadioButton *pca_, *tsneButton_;
  QPushButton* secondButton_;
  QLabel* status_;
  QProgressBar* bar_;
  QToolButton* cancelButton_;
};

}  // namespace zsi::ui
