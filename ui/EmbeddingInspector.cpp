#include "ui/EmbeddingInspector.h"

#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QRadioButton>
#include <QSplitter>
#include <QToolButton>
#include <QVBoxLayout>
#include <qcustomplot.h>

#include "core/engine/ZsiModel.h"
#include "core/image/ImageIO.h"
#include "ui/Background.h"
#include "ui/PatchImageView.h"

namespace zsi::ui {

namespace {

QImage toQImage(const Image& im) {
  if (im.empty()) return {};
  const QImage::Format f = im.channels == 1 ? QImage::Format_Grayscale8
                           : im.channels == 4 ? QImage::Format_RGBA8888
                                              : QImage::Format_RGB888;
  return QImage(im.pixels.data(), im.width, im.height, static_cast<qsizetype>(im.rowBytes()), f).copy();
}

// Cosine similarity in [−1, 1] as a heat map (thermal: black, red, yellow, white).
QImage heatMap(const std::vector<float>& values, int rows, int cols) {
  QCPColorGradient g(QCPColorGradient::gpThermal);
  QImage out(cols, rows, QImage::Format_RGB32);
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < cols; ++c) {
      const double v = values[static_cast<std::size_t>(r) * cols + c];
      out.setPixel(c, r, g.color(v, QCPRange(-1, 1)));
    }
  return out;
}

struct Embedded {
  QImage image;
  std::shared_ptr<const PatchEmbeddings> patches;
  QImage pca;
  QString error;
};

}  // namespace

EmbeddingInspector::EmbeddingInspector(QWidget* parent)
    : QWidget(parent), cancel_(std::make_shared<std::atomic<bool>>(false)) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);
  auto* top = new QHBoxLayout;
  pca_ = new QRadioButton(tr("PCA"), this);
  tsneButton_ = new QRadioButton(tr("t-SNE"), this);
  pca_->setChecked(true);
  secondButton_ = new QPushButton(tr("Compare with image…"), this);
  top->addWidget(new QLabel(tr("Scatter:"), this));
  top->addWidget(pca_);
  top->addWidget(tsneButton_);
  top->addSpacing(16);
  top->addWidget(secondButton_);
  top->addStretch(1);
  bar_ = new QProgressBar(this);
  bar_->setRange(0, 1000);
  bar_->setMaximumWidth(200);
  bar_->hide();
  cancelButton_ = new QToolButton(this);
  cancelButton_->setText(tr("Cancel"));
  cancelButton_->hide();
  top->addWidget(bar_);
  top->addWidget(cancelButton_);
  layout->addLayout(top);
  status_ = new QLabel(tr("Load a model with a contrastive head (InfoMax or patch) and open an image."), this);
  status_->setWordWrap(true);
  layout->addWidget(status_);

  auto* split = new QSplitter(Qt::Horizontal, this);
  auto* images = new QSplitter(Qt::Vertical, split);
  view_ = new PatchImageView(images);
  view_->setToolTip(tr("Click a patch: its similarity to every patch. Drag: select patches (and their points)."));
  secondView_ = new PatchImageView(images);
  secondView_->setToolTip(tr("The second image: similarity of its patches to the clicked patch"));
  secondView_->hide();
  scatter_ = new QCustomPlot(split);
  scatter_->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom | QCP::iSelectPlottables | QCP::iMultiSelect);
  scatter_->setSelectionRectMode(QCP::srmNone);
  scatter_->xAxis->setLabel(tr("component 1"));
  scatter_->yAxis->setLabel(tr("component 2"));
  scatter_->setToolTip(tr("Ctrl-drag: select points (their patches are outlined). Drag: pan; wheel: zoom."));
  split->setStretchFactor(0, 3);
  split->setStretchFactor(1, 2);
  split->setSizes({840, 560});
  layout->addWidget(split, 1);

  connect(view_, &PatchImageView::patchClicked, this, &EmbeddingInspector::selectPatch);
  connect(view_, &PatchImageView::patchesSelected, this, &EmbeddingInspector::selectPatches);
  connect(pca_, &QRadioButton::toggled, this, [this](bool on) { useTsne(!on); });
  connect(cancelButton_, &QToolButton::clicked, this, &EmbeddingInspector::cancel);
  connect(secondButton_, &QPushButton::clicked, this, [this] {
    const QString f = QFileDialog::getOpenFileName(this, tr("Second image"), QFileInfo(imagePath_).path(),
                                                   tr("Images (*.jpg *.jpeg *.png *.bmp *.webp *.tif *.tiff *.ppm)"));
    if (!f.isEmpty()) setSecondImageFile(f);
  });
  // Ctrl held: the drag draws a selection rectangle instead of panning.
  connect(scatter_, &QCustomPlot::mousePress, this, [this](QMouseEvent* e) {
    scatter_->setSelectionRectMode(e->modifiers() & Qt::ControlModifier ? QCP::srmSelect : QCP::srmNone);
  });
  connect(scatter_, &QCustomPlot::selectionChangedByUser, this, &EmbeddingInspector::scatterSelectionChanged);
}

EmbeddingInspector::~EmbeddingInspector() { cancel_->store(true); }

QString EmbeddingInspector::message() const { return status_->text(); }

void EmbeddingInspector::setBusy(int delta, const QString& message) {
  pending_ += delta;
  if (!message.isEmpty()) status_->setText(message);
  bar_->setVisible(pending_ > 0);
  cancelButton_->setVisible(pending_ > 0);
  if (pending_ > 0 && delta > 0) bar_->setValue(0);
  if (pending_ == 0) emit settled();
}

void EmbeddingInspector::fail(const QString& message) {
  status_->setText(QStringLiteral("<span style='color:#b00020'>%1</span>").arg(message.toHtmlEscaped()));
}

void EmbeddingInspector::setModel(std::shared_ptr<const ZsiModel> model) {
  model_ = std::move(model);
  first_.reset();
  second_.reset();
  projection_.reset();
  if (!imagePath_.isEmpty()) embed(false);
  if (!secondPath_.isEmpty()) embed(true);
}

void EmbeddingInspector::loadModel(const QString& checkpoint) {
  setBusy(+1, tr("Loading %1…").arg(QFileInfo(checkpoint).fileName()));
  const std::string path = checkpoint.toStdString();
  runInBackground(
      this, nullptr, [path]() { return ZsiModel::load(path, "cpu"); },
      [this, checkpoint](Result<ZsiModel> r) {
        setBusy(-1);
        if (!r.ok()) {
          const QString m = QString::fromStdString(r.error().toString());
          fail(m);
          emit modelReady(false, m);
          return;
        }
        setModel(std::make_shared<const ZsiModel>(std::move(r.value())));
        emit modelReady(true, checkpoint);
      });
}

void EmbeddingInspector::setImageFile(const QString& path) {
  imagePath_ = path;
  first_.reset();
  projection_.reset();
  marked_ = -1;
  view_->setMarked(-1);
  view_->setHighlighted({});
  embed(false);
}

void EmbeddingInspector::setSecondImageFile(const QString& path) {
  secondPath_ = path;
  second_.reset();
  secondView_->show();
  embed(true);
}

void EmbeddingInspector::embed(bool second) {
  const QString path = second ? secondPath_ : imagePath_;
  if (path.isEmpty()) return;
  if (!model_) {
    // The image alone, until a model comes.
    QImage im(path);
    (second ? secondView_ : view_)->setImage(im);
    status_->setText(tr("Load a model with a contrastive head (InfoMax or patch) to see its patch embeddings."));
    return;
  }
  const std::uint64_t id = ++request_;
  setBusy(+1, tr("Embedding %1…").arg(QFileInfo(path).fileName()));
  auto model = model_;
  const std::string file = path.toStdString();
  runInBackground(
      this, nullptr,
      [model, file]() {
        Embedded out;
        auto image = readImage(file);
        if (!image.ok()) {
          out.error = QString::fromStdString(image.error().toString());
          return out;
        }
        out.image = toQImage(image.value());
        auto p = model->patchEmbeddings(image.value());
        if (!p.ok()) {
          out.error = QString::fromStdString(p.error().toString());
          return out;
        }
        out.pca = toQImage(pcaColours(p.value()));
        out.patches = std::make_shared<const PatchEmbeddings>(std::move(p.value()));
        return out;
      },
      [this, second, id](Embedded e) {
        setBusy(-1);
        (void)id;
        PatchImageView* v = second ? secondView_ : view_;
        if (!e.image.isNull()) v->setImage(e.image);
        if (!e.error.isEmpty()) {
          fail(e.error);
          emit embeddingsReady(false, e.error);
          return;
        }
        const PatchEmbeddings& p = *e.patches;
        v->setGrid(p.rows, p.cols, p.stepX, p.stepY, p.sizeX, p.sizeY);
        v->setLayer(e.pca);
        if (second) second_ = e.patches;
        else first_ = e.patches;
        status_->setText(tr("%1 head: %2 × %3 patches of %4 dimensions (PCA colours). Click a patch.")
                             .arg(QString::fromStdString(p.head))
                             .arg(p.rows)
                             .arg(p.cols)
                             .arg(p.dim));
        if (!second) project();
        if (marked_ >= 0) showSimilarity();
        emit embeddingsReady(true, QString());
      });
}

void EmbeddingInspector::useTsne(bool tsne) {
  if (tsne == tsne_) return;
  tsne_ = tsne;
  {
    const QSignalBlocker a(pca_), b(tsneButton_);
    pca_->setChecked(!tsne);
    tsneButton_->setChecked(tsne);
  }
  project();
}

void EmbeddingInspector::project() {
  if (!first_) return;
  cancel_ = std::make_shared<std::atomic<bool>>(false);
  auto patches = first_;
  const bool tsne = tsne_;
  const int maxPoints = tsneMaxPoints_;
  QPointer<EmbeddingInspector> self(this);
  Progress progress;
  progress.cancel = cancel_.get();
  progress.onProgress = [self](double f, const std::string&) {
    QMetaObject::invokeMethod(
        QCoreApplication::instance(), [self, f] { if (self) self->bar_->setValue(static_cast<int>(f * 1000)); },
        Qt::QueuedConnection);
  };
  setBusy(+1, tsne ? tr("t-SNE of the patch embeddings…") : QString());
  runInBackground(
      this, nullptr,
      [patches, tsne, maxPoints, progress, flag = cancel_]() -> Result<PatchProjection> {
        if (!tsne) return pcaProjection(*patches);
        TsneOptions o;
        o.maxPoints = maxPoints;
        o.iterations = 500;
        return tsneProjection(*patches, o, &progress);
      },
      [this, patches](Result<PatchProjection> r) {
        setBusy(-1);
        if (patches != first_) return;  // another image meanwhile
        if (!r.ok()) {
          fail(QString::fromStdString(r.error().toString()));
          emit projectionReady(false, QString::fromStdString(r.error().message));
          return;
        }
        projection_ = std::make_shared<const PatchProjection>(std::move(r.value()));
        scatter_->clearPlottables();
        auto* curve = new QCPCurve(scatter_->xAxis, scatter_->yAxis);
        QVector<double> t, x, y;
        for (std::size_t i = 0; i < projection_->points.size(); ++i) {
          t << static_cast<double>(i);
          x << projection_->points[i][0];
          y << projection_->points[i][1];
        }
        curve->setData(t, x, y, true);
        curve->setLineStyle(QCPCurve::lsNone);
        curve->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, QColor(40, 90, 160, 150), 4));
        curve->setSelectable(QCP::stMultipleDataRanges);
        curve->selectionDecorator()->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, QColor(230, 30, 30), 6),
                                                     QCPScatterStyle::spAll);
        scatter_->xAxis->setLabel(tsne_ ? tr("t-SNE 1") : tr("PC 1"));
        scatter_->yAxis->setLabel(tsne_ ? tr("t-SNE 2") : tr("PC 2"));
        scatter_->rescaleAxes();
        updateScatterHighlight();
        scatter_->replot();
        emit projectionReady(true, QString());
      });
}

void EmbeddingInspector::selectPatch(int patch) {
  if (!first_ || patch < 0 || patch >= first_->count()) return;
  marked_ = patch;
  view_->setMarked(patch);
  showSimilarity();
  selectPatches({patch});
}

void EmbeddingInspector::showSimilarity() {
  if (!first_ || marked_ < 0) return;
  const int r = marked_ / first_->cols, c = marked_ % first_->cols;
  auto map = cosineSimilarityMap(*first_, r, c);
  if (!map.ok()) {
    fail(QString::fromStdString(map.error().toString()));
    return;
  }
  view_->setLayer(heatMap(map.value(), first_->rows, first_->cols), 0.7);
  if (second_ && second_->dim == first_->dim) {
    // Embeddings have unit length: the dot product is the cosine.
    std::vector<float> sim(static_cast<std::size_t>(second_->count()));
    const float* a = first_->at(r, c);
    for (int i = 0; i < second_->count(); ++i) {
      const float* b = second_->values.data() + static_cast<std::size_t>(i) * second_->dim;
      double s = 0;
      for (int d = 0; d < first_->dim; ++d) s += static_cast<double>(a[d]) * b[d];
      sim[static_cast<std::size_t>(i)] = static_cast<float>(s);
    }
    secondView_->setLayer(heatMap(sim, second_->rows, second_->cols), 0.7);
  }
  status_->setText(tr("Cosine similarity to patch (row %1, column %2): black −1, white +1.").arg(r).arg(c));
}

void EmbeddingInspector::selectPatches(const QSet<int>& patches) {
  view_->setHighlighted(patches);
  if (!projection_ || scatter_->plottableCount() == 0) return;
  QCPDataSelection sel;
  for (std::size_t i = 0; i < projection_->patches.size(); ++i)
    if (patches.contains(projection_->patches[i])) sel.addDataRange(QCPDataRange(static_cast<int>(i), static_cast<int>(i) + 1), false);
  sel.simplify();
  scatter_->plottable(0)->setSelection(sel);
  scatter_->replot(QCustomPlot::rpQueuedReplot);
}

QSet<int> EmbeddingInspector::selectedPoints() const {
  QSet<int> out;
  if (!projection_ || scatter_->plottableCount() == 0) return out;
  const QCPDataSelection sel = scatter_->plottable(0)->selection();
  for (const QCPDataRange& range : sel.dataRanges())
    for (int i = range.begin(); i < range.end(); ++i)
      if (i >= 0 && static_cast<std::size_t>(i) < projection_->patches.size()) out.insert(projection_->patches[static_cast<std::size_t>(i)]);
  return out;
}

void EmbeddingInspector::scatterSelectionChanged() { view_->setHighlighted(selectedPoints()); }

void EmbeddingInspector::updateScatterHighlight() {
  if (!view_->highlighted().isEmpty()) selectPatches(view_->highlighted());
}

void EmbeddingInspector::cancel() { cancel_->store(true); }

}  // namespace zsi::ui
