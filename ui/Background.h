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
#include <exception>
#include <memory>
#include <string>
#include <type_traits>
#include <utility>

#include "core/util/Result.h"

namespace zsi::ui {

// What a task that threw delivers: the error for Result/Status tasks, else an empty value (a
// null image or pointer), so that `done` always runs and nothing waits for a lost completion.
template <class T>
struct IsPair : std::false_type {};
template <class A, class B>
struct IsPair<std::pair<A, B>> : std::true_type {};

template <class R>
R backgroundFailure(const std::string& what) {
  if constexpr (std::is_constructible_v<R, Error>) {
    return R(Error("the background task failed: " + what));
  } else if constexpr (IsPair<R>::value) {  // a result with its timing, say
    return R(backgroundFailure<typename R::first_type>(what), backgroundFailure<typename R::second_type>(what));
  } else {
    return R{};
  }
}

template <class Work, class Done>
void runInBackground(QObject* context, QThreadPool* pool, Work work, Done done) {
  QPointer<QObject> guard(context);
  auto task = [guard, work = std::move(work), done = std::move(done)]() mutable {
    using R = decltype(work());
    std::shared_ptr<R> result;
    try {
      result = std::make_shared<R>(work());
    } catch (const std::exception& e) {
      result = std::make_shared<R>(backgroundFailure<R>(e.what()));
    } catch (...) {
      result = std::make_shared<R>(backgroundFailure<R>("an unknown exception"));
    }
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
