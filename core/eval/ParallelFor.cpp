#include "core/eval/ParallelFor.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <system_error>
#include <thread>
#include <vector>

namespace zsi {

unsigned parallelWorkerCount(std::size_t n, std::size_t grain, unsigned threads) {
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  grain = std::max<std::size_t>(1, grain);
  const std::size_t chunks = (n + grain - 1) / grain;
  return static_cast<unsigned>(std::max<std::size_t>(1, std::min<std::size_t>(threads, chunks)));
}

void parallelFor(std::size_t n, std::size_t grain, unsigned threads,
                 const std::function<void(std::size_t, std::size_t, unsigned)>& fn,
                 const std::function<bool()>& shouldStop) {
  grain = std::max<std::size_t>(1, grain);
  const unsigned workers = parallelWorkerCount(n, grain, threads);
  std::atomic<std::size_t> next{0};
  std::atomic<bool> failed{false};
  std::exception_ptr firstError;
  std::mutex errorMutex;

  auto work = [&](unsigned worker) {
    try {
      for (;;) {
        if (failed.load(std::memory_order_relaxed)) return;
        if (shouldStop && shouldStop()) return;
        const std::size_t begin = next.fetch_add(grain, std::memory_order_relaxed);
        if (begin >= n) return;
        fn(begin, std::min(n, begin + grain), worker);
      }
    } catch (...) {
      std::lock_guard<std::mutex> lock(errorMutex);
      if (!firstError) firstError = std::current_exception();
      failed.store(true);
    }
  };

  if (workers == 1) {
    work(0);
  } else {
    std::vector<std::thread> pool;
    pool.reserve(workers - 1);
    for (unsigned w = 1; w < workers; ++w) {
      try {
        pool.emplace_back(work, w);
      } catch (const std::system_error&) {
        break;  // no more threads to be had: the ones running share the work
      }
    }
    work(0);
    for (std::thread& t : pool) t.join();
  }
  if (firstError) std::rethrow_exception(firstError);
}

}  // namespace zsi
