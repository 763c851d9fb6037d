#pragma once
// The form of a new training run: config (the examples of models/train or any file), training
// and validation data, class set, output directory, device, workers, an iteration cap. It only
// builds a TrainingRequest; RunMonitor starts and follows the run. Start stays disabled while
// something required is missing, and says what.

#include <QDialog>

#include "ui/TrainingProcess.h"

class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace zsi::ui {

class TrainingDialog : public QDialog {
  Q_OBJECT
 public:
  explicit TrainingDialog(QWidget* parent = nullptr);

  TrainingRequest request() const;
  void setRequest(const TrainingRequest& r);
  QPushButton* startButton() const { return start_; }
  // The folder of the shipped training configs (models/train), empty when not found.
  static QString trainConfigDir();

 private:
  void validate();
  QLineEdit* pathRow(QFormLayout* form, const QString& label, bool folder, bool save, const QString& filter);

  QComboBox* config_;
  QLineEdit *data_, *images_, *val_, *valImages_, *out_;
  QComboBox* classes_;
  QComboBox* device_;
  QSpinBox* workers_;
  QSpinBox* maxIters_;
  QLabel* problem_;
  QPushButton* start_;
};

}  // namespace zsi::ui
