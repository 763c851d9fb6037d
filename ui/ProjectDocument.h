#pragma once
// The open project: the dataset (as loaded, never modified), the class set, the model and its
// settings, the predictions with their review state, the annotation edits, and the undo stack.
// Every user edit goes through a QUndoCommand (ui/*Command.h) that calls the mutators below;
// views and item models read from here and listen to the signals. GUI thread only.

#include <QObject>
#include <QString>
#include <QUndoStack>
#include <memory>
#include <string>

#include "core/coco/CocoDataset.h"
#include "core/wordvec/ClassSet.h"
#include "ui/AnnotationEdits.h"
#include "ui/InferenceSettings.h"
#include "ui/PredictionStore.h"

namespace zsi::ui {

class ProjectDocument : public QObject {
  Q_OBJECT
 public:
  explicit ProjectDocument(QObject* parent = nullptr);
  ~ProjectDocument() override;

  // ---- dataset
  bool hasDataset() const { return dataset_ != nullptr; }
  const CocoDataset& dataset() const { return *dataset_; }
  std::shared_ptr<const CocoDataset> datasetPtr() const { return dataset_; }
  const QString& datasetPath() const { return datasetPath_; }  // empty for an image folder
  const QString& imageRoot() const { return imageRoot_; }
  bool isImageFolder() const { return folder_; }
  bool hasGroundTruth() const { return dataset_ && !folder_; }
  std::size_t imageCount() const { return dataset_ ? dataset_->images().size() : 0; }
  // Replaces the dataset; clears predictions, edits and the undo history.
  void setDataset(std::shared_ptr<const CocoDataset> dataset, const QString& path,
                  const QString& imageRoot, bool imageFolder);
  QString imagePath(std::size_t imageIndex) const;
  QString imageName(std::size_t imageIndex) const;
  // Name of the class of a loaded annotation, after any relabel.
  std::string loadedClassName(std::size_t annotationIndex) const;

  // ---- classes
  const ClassSet& classSet() const { return classes_; }
  void setClassSet(ClassSet set);  // for commands and loading
  void insertClass(std::size_t at, ClassSetEntry entry);
  ClassSetEntry removeClass(std::size_t at);
  void setClassUnseen(std::size_t at, bool unseen);
  void setClassColour(std::size_t at, ClassColour colour);
  // 1 unseen, 0 seen, -1 not in the class set.
  int classSplit(const std::string& className) const;
  // The class set's colour, or a palette colour by the dataset category for other names.
  ClassColour colourOf(const std::string& className) const;

  // ---- model and settings
  const QString& modelPath() const { return modelPath_; }
  const QString& device() const { return device_; }
  // `identity` tells checkpoints apart (path, size, time); part of the inference key.
  void setModel(const QString& path, const QString& device, const std::string& identity);
  const InferenceSettings& inference() const { return inference_; }
  void setInference(const InferenceSettings& settings);
  // Model, class set (names, split, vectors) and settings: predictions made with another key
  // are outdated. Colours do not count.
  std::uint64_t inferenceKey() const;

  // ---- predictions and edits
  const PredictionStore& predictions() const { return predictions_; }
  PredictionStore& mutablePredictions() { return predictions_; }
  // A result from the engine for an image (replaces what was there).
  void setPredictions(std::size_t imageIndex, std::shared_ptr<const PredictionData> data);
  bool predictionsOutdated(std::size_t imageIndex) const;
  const AnnotationEdits& edits() const { return edits_; }
  AnnotationEdits& mutableEdits() { return edits_; }

  // ---- what commands call after changing something
  void notifyAnnotationsChanged(std::size_t imageIndex);
  void notifyPredictionsChanged(std::size_t imageIndex);

  // ---- undo and saving
  QUndoStack* undoStack() { return &undo_; }
  const QString& projectPath() const { return projectPath_; }
  void setProjectPath(const QString& path);
  bool isModified() const { return dirty_ || !undo_.isClean(); }
  void markSaved();
  void markDirty();
  // Image shown when the project was saved (restored on open); -1 none.
  std::int64_t currentImageId() const { return currentImageId_; }
  void setCurrentImageId(std::int64_t id) { currentImageId_ = id; }

 signals:
  void datasetChanged();
  void classesChanged();
  void modelChanged();
  void inferenceSettingsChanged();
  void predictionsChanged(qint64 imageIndex);  // -1: many images
  void annotationsChanged(qint64 imageIndex);
  void modifiedChanged(bool modified);
  void projectPathChanged(const QString& path);
  // Anything a recovery copy should capture changed.
  void contentChanged();

 private:
  void touched();

  std::shared_ptr<const CocoDataset> dataset_;
  QString datasetPath_, imageRoot_;
  bool folder_ = false;
  ClassSet classes_;
  QString modelPath_, device_ = QStringLiteral("cpu");
  std::string modelIdentity_;
  InferenceSettings inference_;
  PredictionStore predictions_;
  AnnotationEdits edits_;
  QUndoStack undo_;
  QString projectPath_;
  bool dirty_ = false;
  bool lastModified_ = false;
  std::int64_t currentImageId_ = -1;
  // inferenceKey() hashes the class vectors: cached, dropped by every change that enters it.
  mutable std::uint64_t keyCache_ = 0;
  mutable bool keyValid_ = false;
};

}  // namespace zsi::ui
