#pragma once
// Work items run on several threads; their results are consumed on the calling thread in item
// order, each as soon as it and all before it are done (so memory holds only a window of results).
// The first failure or a cancel stops everything and is returned.

#include <algorithm>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

#include "core/util/Progress.h"
#include "core/util/Result.h"

namespace zsi {

inline int workerThreads(int requested) {
  if (requested > 0) return requested;
  const unsigned hw = std::thread::hardware_concurrency();
  return static_cast<int>(std::clamp(hw == 0 ? 1u : hw, 1u, 8u));
}

// work(i, thread) -> Status runs anywhere; consume(i) -> Status runs on this thread, in order.
template <class Work, class Consume>
Status runOrdered(std::size_t n, int threads, Work work, Consume consume, const Progress& progress) {
  if (n == 0) return okStatus();
  threads = std::max(1, std::min<int>(threads, static_cast<int>(n)));
  const std::size_t window = static_cast<std::size_t>(threads) * 2;
  std::mutex m;
  std::condition_variable cv;
  std::vector<char> done(n, 0);
  std::vector<Status> status(n);
  std::size_t next = 0, consumed = 0;
  bool stop = false;
  auto worker = [&](int t) {
    for (;;) {
      std::size_t i;
      {
        std::unique_lock<std::mutex> lock(m);
        cv.wait(lock, [&] { return stop || next >= n || next < consumed + window; });
        if (stop || next >= n) return;
        i = next++;
      }
      Status s = progress.cancelled() ? Status(Error(kCancelledMessage)) : work(i, t);
      std::lock_guard<std::mutex> lock(m);
      status[i] = std::move(s);
      done[i] = 1;
      cv.notify_all();
    }
  };
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t) pool.emplace_back(worker, t);
  auto finish = [&](Status s) {
    {
      std::lock_guard<std::mutex> lock(m);
      stop = true;
    }
    cv.notify_all();
    for (auto& th : pool) th.join();
    return s;
  };
  for (std::size_t i = 0; i < n; ++i) {
    {
      std::unique_lock<std::mutex> lock(m);
      // The calling thread works too while it waits for item i.
      while (!done[i]) {
        if (!stop && next < n && next < consumed + window) {
          const std::size_t j = next++;
          lock.unlock();
          Status s = progress.cancelled() ? Status(Error(kCancelledMessage)) : work(j, 0);
          lock.lock();
          status[j] = std::move(s);
          done[j] = 1;
          cv.notify_all();
        } else {
          cv.wait(lock, [&] { return done[i] != 0 || (next < n && next < consumed + window); });
        }
      }
    }
    if (!status[i].ok()) return finish(status[i]);
    Status s = consume(i);
    if (!s.ok()) return finish(s);
    {
      std::lock_guard<std::mutex> lock(m);
      consumed = i + 1;
      status[i] = Status();
    }
    cv.notify_all();
  }
  return finish(okStatus());
}

// The same when the items are discovered as the work goes: produce(emit) runs on a thread of its
// own and calls emit(task) for each item (emit returns false once everything is stopping, and
// produce should then return). Items are worked on as soon as they exist. If produce fails, the
// items it emitted before are still consumed first, so an error earlier in the input wins.
template <class Task, class Produce, class Work, class Consume>
Status runOrderedStream(int threads, Produce produce, Work work, Consume consume,
                        const Progress& progress) {
  threads = std::max(1, threads);
  const std::size_t window = static_cast<std::size_t>(threads) * 2;
  std::mutex m;
  std::condition_variable cv;
  std::deque<Task> tasks;
  std::deque<char> done;
  std::deque<Status> status;
  std::size_t next = 0, consumed = 0;
  bool stop = false, produced = false;
  Status produceStatus;
  auto canTake = [&] { return !stop && next < tasks.size() && next < consumed + window; };
  auto runOne = [&](std::unique_lock<std::mutex>& lock, int t) {
    const std::size_t j = next++;
    const Task task = tasks[j];
    lock.unlock();
    Status s = progress.cancelled() ? Status(Error(kCancelledMessage)) : work(j, task, t);
    lock.lock();
    status[j] = std::move(s);
    done[j] = 1;
    cv.notify_all();
  };
  std::thread producer([&] {
    Status s = produce([&](Task task) {
      std::lock_guard<std::mutex> lock(m);
      if (stop) return false;
      tasks.push_back(std::move(task));
      done.push_back(0);
      status.emplace_back();
      cv.notify_all();
      return true;
    });
    std::lock_guard<std::mutex> lock(m);
    produced = true;
    produceStatus = std::move(s);
    cv.notify_all();
  });
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t) {
    pool.emplace_back([&, t] {
      std::unique_lock<std::mutex> lock(m);
      for (;;) {
        cv.wait(lock, [&] { return stop || canTake() || (produced && next >= tasks.size()); });
        if (!canTake()) return;
        runOne(lock, t);
      }
    });
  }
  auto finish = [&](Status s) {
    {
      std::lock_guard<std::mutex> lock(m);
      stop = true;
    }
    cv.notify_all();
    producer.join();
    for (auto& th : pool) th.join();
    return s;
  };
  for (std::size_t i = 0;; ++i) {
    std::unique_lock<std::mutex> lock(m);
    for (;;) {
      if (i < tasks.size() && done[i]) break;
      if (produced && i >= tasks.size()) {
        lock.unlock();
        return finish(produceStatus);
      }
      if (canTake()) {
        runOne(lock, 0);
      } else {
        cv.wait(lock, [&] {
          return (i < tasks.size() && done[i]) || canTake() || (produced && i >= tasks.size());
        });
      }
    }
    Status s = std::move(status[i]);
    const Task task = tasks[i];
    lock.unlock();
    if (!s.ok()) return finish(s);
    s = consume(i, task);
    if (!s.ok()) return finish(s);
    lock.lock();
    consumed = i + 1;
    cv.notify_all();
  }
}

}  // namespace zsi
