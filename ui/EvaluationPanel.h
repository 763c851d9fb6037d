#pragma once
// Evaluation in the app: IoU type and protocol, a run button, then the GZSI summary (seen AP,
// unseen AP, harmonic mean; recall likewise) and the full report as `zsi eval` prints it.

#include <QWidget>

#include "ui/PredictionEvaluator.h"

class QComboBox;
class QLabel;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QTableWidget;

namespace zsi::ui {

class ProjectDocument;
class TaskProgress;

class EvaluationPanel : public QWidget {
  Q_OBJECT
 public:
  EvaluationPanel(ProjectDocument* doc, QWidget* parent = nullptr);
  void evaluate();
  bool running() const { return running_; }
  const EvaluationOutcome* last() const { return last_.get(); }
  void setOptions(const EvaluationOptions& o);

 signals:
  void finished(bool ok, const QString& message);

 private:
  void show(const EvaluationOutcome& o);

  ProjectDocument* doc_;
  TaskProgress* progress_;
  QComboBox* iou_;
  QComboBox* protocol_;
  QPushButton* run_;
  QProgressBar* bar_;
  QLabel* status_;
  QTableWidget* table_;
  QPlainTextEdit* text_;
  bool running_ = false;
  std::shared_ptr<EvaluationOutcome> last_;
};

}  // namespace zsi::ui
