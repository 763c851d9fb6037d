#pragma once
// The metrics view after an evaluation: the seen / unseen / harmonic-mean summary, a sortable
// per-class table (AP and recall at each IoU threshold, ground truth and detection counts, seen or
// unseen), and the precision–recall curves of the selected classes (QCustomPlot). Activating a
// class (double-click or Enter) emits classActivated, which the main window turns into the
// dataset browser's class filter. It shows an EvalReport made anywhere (the Evaluation panel, or
// evaluateFiles(), which runs core's evaluator on a worker with progress and cancel).

#include <QString>
#include <QWidget>
#include <atomic>
#include <memory>

#include "core/eval/EvalReport.h"

class QComboBox;
class QCustomPlot;
class QLabel;
class QProgressBar;
class QTableWidget;
class QToolButton;

namespace zsi::ui {

class ClassMetricsView : public QWidget {
  Q_OBJECT
 public:
  explicit ClassMetricsView(QWidget* parent = nullptr);
  ~ClassMetricsView() override;

  void setReport(const EvalReport& report);
  const EvalReport* report() const { return report_.get(); }
  // Evaluates a results file against a ground truth (the ZSI protocol over all classes, GZSI
  // block when `split` is given: 48_17, 65_15 or a split file). `finished` follows.
  void evaluateFiles(const QString& groundTruth, const QString& results, IouType type, const QString& split);
  void cancel();
  bool running() const { return running_; }

  QTableWidget* table() const { return table_; }
  QCustomPlot* curves() const { return curves_; }
  QString summaryText() const;
  // Shows the curves of these classes (by name); the table selection does the same.
  void showCurves(const QStringList& classNames);
  void setGroupFilter(const QString& group);  // "all", "seen", "unseen"

 signals:
  void classActivated(const QString& className);
  void finished(bool ok, const QString& message);

 private:
  void fillTable();
  void selectionChanged();

  std::shared_ptr<EvalReport> report_;
  QLabel* summary_;
  QComboBox* group_;
  QTableWidget* table_;
  QCustomPlot* curves_;
  QProgressBar* bar_;
  QToolButton* cancel_;
  std::shared_ptr<std::atomic<bool>> cancelFlag_;
  bool running_ = false;
};

}  // namespace zsi::ui
