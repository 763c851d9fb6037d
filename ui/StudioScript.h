#pragma once
// A scripted run of the studio (zsi-studio --open ... --screenshot PNG): opens what the command
// line names, step by step, each step waiting until the window has settled (signals, never
// sleeps: dataset loaded, image decoded, overlay drawn, thumbnails on screen, model loaded,
// inference done), then grabs the window. Any error ends the run with a message and exit code 1.

#include <QObject>
#include <QString>
#include <QTimer>
#include <functional>
#include <vector>

namespace zsi::ui {

class MainWindow;

class StudioScript : public QObject {
  Q_OBJECT
 public:
  struct Options {
    QString project, open, images, image, classes, model, mode, screenshot;
    bool infer = false;
    long long imageId = -1;
    int timeoutSeconds = 900;
  };

  StudioScript(MainWindow* window, Options options, QObject* parent = nullptr);
  void start();
  const QString& error() const { return error_; }

 signals:
  // 0 done, 1 failed (error() says why).
  void finished(int exitCode);

 private:
  void next();
  void waitUntilSettled(const QString& what);
  void check();
  void fail(const QString& message);

  MainWindow* w_;
  Options o_;
  std::vector<std::pair<QString, std::function<void()>>> steps_;
  std::size_t step_ = 0;
  QString waitingFor_;
  QString error_;
  bool done_ = false;
  bool checkQueued_ = false;
  QTimer watchdog_;
};

}  // namespace zsi::ui
