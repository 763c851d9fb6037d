#pragma once
// The model panel: checkpoint (loaded in the background), device (CUDA only when available),
// mode ZSD/ZSI/GZSD/GZSI, score threshold, NMS IoU and the GZSI calibration slider (a bias
// subtracted from seen-class scores) whose moves re-score the current image live from cached
// network outputs. Below: run on the image / the selection / the whole list, with progress, ETA
// and cancel, and "run automatically on image change".

#include <QWidget>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QSlider;

namespace zsi::ui {

class InferenceController;
class ProjectDocument;

class ModelPanel : public QWidget {
  Q_OBJECT
 public:
  ModelPanel(ProjectDocument* doc, InferenceController* inference, QWidget* parent = nullptr);

  QString device() const;
  bool autoInfer() const;
  void setAutoInfer(bool on);
  void chooseCheckpoint();
  QSlider* calibrationSlider() const { return bias_; }
  QDoubleSpinBox* thresholdBox() const { return threshold_; }
  QComboBox* modeBox() const { return mode_; }

 signals:
  void runImageRequested();
  void runSelectionRequested();
  void runAllRequested();
  void autoInferChanged(bool on);

 private:
  void readControls();
  void showSettings();
  void updateEnabled();

  ProjectDocument* doc_;
  InferenceController* inference_;
  QLabel* checkpoint_;
  QLabel* summary_;
  QComboBox* device_;
  QComboBox* mode_;
  QDoubleSpinBox* threshold_;
  QDoubleSpinBox* nms_;
  QSlider* bias_;
  QLabel* biasLabel_;
  QCheckBox* auto_;
  QPushButton* runImage_;
  QPushButton* runSelection_;
  QPushButton* runAll_;
  QPushButton* cancel_;
  QProgressBar* progress_;
  QLabel* status_;
  bool updating_ = false;
};

}  // namespace zsi::ui
