#pragma once
// Running work off the GUI thread: `work` runs on a pool thread and returns plain data; `done`
// gets it on the GUI thread, unless `context` was destroyed in the meantime (then the result is
// dropped). Work must capture only values and shared pointers, never the context's members.
//
//   runInBackground(this, nullptr, [path] { return loadCocoDataset(path); },
//                   [this](Result<CocoDataset> r) { ... });

#include <QCoreApplication>
#include <QPointer>
#include <QThreadPool>
#include <QtConcurrent>
#include <memory>
#include <utility>

namespace zsi::ui {

template <class Work, class Done>
void runInBackground(QObject* context, QThreadPool* pool, Work work, Done done) {
  QPointer<QObject> guard(context);
  auto task = [guard, work = std::move(work), done = std::move(done)]() mutable {
    using R = decltype(work());
    auto result = std::make_shared<R>(work());
    QMetaObject::invokeMethod(
        QCoreApplication::instance(),
        [guard, result, done = std::move(done)]() mutable {
          if (guard) done(std::move(*result));
        },
        Qt::QueuedConnection);
  };
  (void)QtConcurrent::run(pool ? pool : QThreadPool::globalInstance(), std::move(task));
}

}  // namespace zsi::ui
