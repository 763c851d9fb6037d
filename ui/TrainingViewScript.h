#pragma once
// A scripted picture of one of the training views (zsi-studio --view monitor|metrics|inspector
// --screenshot PNG): fills the view from the command line (runs to attach; a ground truth and
// results to evaluate; a model and images to inspect), waits on signals until it has settled,
// then grabs the view alone. Errors end the run with a message and exit code 1.

#include <QObject>
#include <QSize>
#include <QString>
#include <QStringList>
#include <QTimer>

namespace zsi::ui {

class MainWindow;

class TrainingViewScript : public QObject {
  Q_OBJECT
 public:
  struct Options {
    QString view;            // monitor, metrics, inspector
    QStringList runs;        // monitor: run directories
    QString groundTruth, results, split, iouType = QStringLiteral("segm");  // metrics
    QString model, image, secondImage;  // inspector
    QString screenshot;
    QSize size = QSize(1440, 900);
    int timeoutSeconds = 900;
  };
  TrainingViewScript(MainWindow* window, Options options, QObject* parent = nullptr);
  void start();
  const QString& error() const { return error_; }

 signals:
  void finished(int exitCode);

 private:
  void startMonitor();
  void startMetrics();
  void startInspector();
  void grab();
  void fail(const QString& message);

  MainWindow* w_;
  Options o_;
  QWidget* view_ = nullptr;
  QTimer watchdog_;
  QString error_;
  bool done_ = false;
};

}  // namespace zsi::ui
