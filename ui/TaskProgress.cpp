#include "ui/TaskProgress.h"

#include <QCoreApplication>
#include <QPointer>
#include <chrono>
#include <mutex>

namespace zsi::ui {

struct TaskProgress::Shared {
  std::atomic<bool> cancel{false};
  std::mutex mutex;
  std::chrono::steady_clock::time_point last{};
  QPointer<TaskProgress> owner;
};

TaskProgress::TaskProgress(QObject* parent) : QObject(parent) { reset(); }

TaskProgress::~TaskProgress() {
  if (shared_) shared_->cancel = true;  // nobody is left to show the work: stop it
}

Progress TaskProgress::progress() {
  Progress p;
  auto shared = shared_;
  p.cancel = &shared->cancel;
  p.onProgress = [shared](double fraction, const std::string& stage) {
    const auto now = std::chrono::steady_clock::now();
    {
      std::lock_guard<std::mutex> lock(shared->mutex);
      if (fraction < 1.0 && now - shared->last < std::chrono::milliseconds(33)) return;
      shared->last = now;
    }
    QPointer<TaskProgress> owner = shared->owner;
    const QString text = QString::fromStdString(stage);
    QMetaObject::invokeMethod(
        QCoreApplication::instance(),
        [owner, fraction, text, shared] {
          if (owner && owner->shared_ == shared) emit owner->changed(fraction, text);
        },
        Qt::QueuedConnection);
  };
  return p;
}

void TaskProgress::cancel() { shared_->cancel = true; }
bool TaskProgress::isCancelled() const { return shared_->cancel.load(); }

void TaskProgress::reset() {
  if (shared_) shared_->cancel = true;
  shared_ = std::make_shared<Shared>();
  shared_->owner = this;
}

}  // namespace zsi::ui
