#pragma once
// Bridges core's zsi::Progress to the GUI: reports from a worker arrive as the `changed` signal
// on the GUI thread (throttled to about 30 per second, the last one always delivered), and
// cancel() sets the flag the worker polls. One TaskProgress per running task; reset() before
// reusing it.

#include <QObject>
#include <QString>
#include <atomic>
#include <memory>

#include "core/util/Progress.h"

namespace zsi::ui {

class TaskProgress : public QObject {
  Q_OBJECT
 public:
  explicit TaskProgress(QObject* parent = nullptr);
  ~TaskProgress() override;

  // A Progress for the worker; it keeps the shared state alive, so it may outlive this object.
  Progress progress();
  void cancel();
  bool isCancelled() const;
  void reset();  // a new flag: tasks still holding the old one stay cancelled

 signals:
  void changed(double fraction, const QString& stage);

 private:
  struct Shared;
  std::shared_ptr<Shared> shared_;
};

}  // namespace zsi::ui
