#include "ui/ProjectDocument.h"

#include "core/image/ImageIO.h"

#include <QDir>
#include <algorithm>
#include <cstring>

namespace zsi::ui {
namespace {

// FNV-1a: a stable 64-bit fingerprint of what the predictions depend on.
struct Fingerprint {
  std::uint64_t h = 1469598103934665603ull;
  void bytes(const void* data, std::size_t n) {
    const auto* p = static_cast<const unsigned char*>(data);
    for (std::size_t i = 0; i < n; ++i) {
      h ^= p[i];
      h *= 1099511628211ull;
    }
  }
  void text(const std::string& s) {
    bytes(s.data(), s.size());
    bytes("\0", 1);
  }
  template <class T>
  void value(const T& v) {
    bytes(&v, sizeof v);
  }
};

}  // namespace

ProjectDocument::ProjectDocument(QObject* parent) : QObject(parent) {
  connect(&undo_, &QUndoStack::cleanChanged, this, [this] { touched(); });
  connect(&undo_, &QUndoStack::indexChanged, this, [this] { emit contentChanged(); });
}

ProjectDocument::~ProjectDocument() {
  // Views are going away with us: the stack must not tell them it is being cleared.
  undo_.blockSignals(true);
}

void ProjectDocument::setDataset(std::shared_ptr<const CocoDataset> dataset, const QString& path,
                                 const QString& imageRoot, bool imageFolder) {
  undo_.clear();
  dataset_ = std::move(dataset);
  if (dataset_) dataset_->ensureIndex();
  datasetPath_ = path;
  imageRoot_ = imageRoot;
  folder_ = imageFolder;
  predictions_.clear();
  std::int64_t largest = 0;
  if (dataset_)
    for (const auto& a : dataset_->annotations()) largest = std::max(largest, a.id);
  edits_.reset(dataset_ ? dataset_->annotations().size() : 0, largest);
  currentImageId_ = -1;
  // One signal: views rebuild what depends on the dataset (and so on its predictions and edits).
  emit datasetChanged();
  markDirty();
}

QString ProjectDocument::imagePath(std::size_t imageIndex) const {
  if (!dataset_ || imageIndex >= dataset_->images().size()) return {};
  const auto name = dataset_->images()[imageIndex].file();
  // The CLI's confinement rule, so that every reader of the studio (canvas, thumbnails, inference)
  // refuses absolute names, ".." and symlinks that lead out of the image folder.
  auto path = resolveImagePath(imageRoot_.toStdString(), name);
  if (!path.ok()) return {};
  return QString::fromStdString(path.value());
}

QString ProjectDocument::imageName(std::size_t imageIndex) const {
  if (!dataset_ || imageIndex >= dataset_->images().size()) return {};
  const auto name = dataset_->images()[imageIndex].file();
  return QString::fromUtf8(name.data(), static_cast<int>(name.size()));
}

std::string ProjectDocument::loadedClassName(std::size_t annotationIndex) const {
  if (const std::string* r = edits_.loadedRelabel(annotationIndex)) return *r;
  const auto& a = dataset_->annotations()[annotationIndex];
  auto c = dataset_->categoryIndex(a.categoryId);
  if (!c) return "category " + std::to_string(a.categoryId);
  return dataset_->categories()[*c].name;
}

void ProjectDocument::setClassSet(ClassSet set) {
  keyValid_ = false;
  classes_ = std::move(set);
  emit classesChanged();
  emit contentChanged();
}

void ProjectDocument::insertClass(std::size_t at, ClassSetEntry entry) {
  keyValid_ = false;
  at = std::min(at, classes_.classes.size());
  classes_.classes.insert(classes_.classes.begin() + static_cast<std::ptrdiff_t>(at), std::move(entry));
  emit classesChanged();
}

ClassSetEntry ProjectDocument::removeClass(std::size_t at) {
  keyValid_ = false;
  ClassSetEntry e = classes_.classes.at(at);
  classes_.classes.erase(classes_.classes.begin() + static_cast<std::ptrdiff_t>(at));
  emit classesChanged();
  return e;
}

void ProjectDocument::setClassUnseen(std::size_t at, bool unseen) {
  keyValid_ = false;
  classes_.classes.at(at).unseen = unseen;
  emit classesChanged();
}

void ProjectDocument::setClassColour(std::size_t at, ClassColour colour) {
  classes_.classes.at(at).colour = colour;
  emit classesChanged();
}

int ProjectDocument::classSplit(const std::string& className) const {
  int i = classes_.find(className);
  if (i < 0) return -1;
  return classes_.classes[static_cast<std::size_t>(i)].unseen ? 1 : 0;
}

ClassColour ProjectDocument::colourOf(const std::string& className) const {
  int i = classes_.find(className);
  if (i >= 0) return classes_.classes[static_cast<std::size_t>(i)].colour;
  if (dataset_) {
    const auto& cats = dataset_->categories();
    for (std::size_t c = 0; c < cats.size(); ++c)
      if (cats[c].name == className) return ClassColour::palette(c);
  }
  // Any other name: a stable colour from its text.
  Fingerprint f;
  f.text(className);
  return ClassColour::palette(static_cast<std::size_t>(f.h % 997));
}

void ProjectDocument::setModel(const QString& path, const QString& device, const std::string& identity) {
  keyValid_ = false;
  modelPath_ = path;
  device_ = device;
  modelIdentity_ = identity;
  emit modelChanged();
  markDirty();
}

void ProjectDocument::setInference(const InferenceSettings& settings) {
  if (settings == inference_) return;
  inference_ = settings;
  keyValid_ = false;
  emit inferenceSettingsChanged();
  markDirty();
}

std::uint64_t ProjectDocument::inferenceKey() const {
  if (keyValid_) return keyCache_;
  Fingerprint f;
  f.text(modelIdentity_);
  f.value(static_cast<int>(inference_.mode));
  f.value(inference_.scoreThreshold);
  f.value(inference_.nmsIou);
  f.value(inference_.seenBias);
  f.value(classes_.norm);
  f.bytes(classes_.background.data(), classes_.background.size() * sizeof(float));
  for (const auto& c : classes_.classes) {
    f.text(c.name);
    f.value(c.unseen);
    f.bytes(c.vector.data(), c.vector.size() * sizeof(float));
  }
  keyCache_ = f.h;
  keyValid_ = true;
  return f.h;
}

void ProjectDocument::setPredictions(std::size_t imageIndex, std::shared_ptr<const PredictionData> data) {
  predictions_.set(imageIndex, std::move(data));
  emit predictionsChanged(static_cast<qint64>(imageIndex));
  markDirty();
}

bool ProjectDocument::predictionsOutdated(std::size_t imageIndex) const {
  const ImagePredictions* p = predictions_.get(imageIndex);
  return p && p->data->settingsKey != inferenceKey();
}

void ProjectDocument::notifyAnnotationsChanged(std::size_t imageIndex) {
  emit annotationsChanged(static_cast<qint64>(imageIndex));
}

void ProjectDocument::notifyPredictionsChanged(std::size_t imageIndex) {
  emit predictionsChanged(static_cast<qint64>(imageIndex));
}

void ProjectDocument::setProjectPath(const QString& path) {
  if (path == projectPath_) return;
  projectPath_ = path;
  emit projectPathChanged(path);
}

void ProjectDocument::markSaved() {
  dirty_ = false;
  undo_.setClean();
  touched();
}

void ProjectDocument::markDirty() {
  dirty_ = true;
  touched();
  emit contentChanged();
}

void ProjectDocument::touched() {
  const bool m = isModified();
  if (m != lastModified_) {
    lastModified_ = m;
    emit modifiedChanged(m);
  }
}

}  // namespace zsi::ui
