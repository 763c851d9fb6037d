#pragma once
// A minimal work-sharing loop over std::thread: workers take chunks of `grain` indices from a
// shared counter until the range is done or `shouldStop()` says so (cancellation). The first
// exception thrown by a worker is rethrown on the calling thread after all workers joined.

#include <cstddef>
#include <functional>

namespace zsi {

// threads == 0: std::thread::hardware_concurrency(). fn(begin, end, worker) with worker in
// [0, number of workers). Returns the number of workers used (to size per-worker scratch first,
// call parallelWorkerCount()).
unsigned parallelWorkerCount(std::size_t n, std::size_t grain, unsigned threads);
void parallelFor(std::size_t n, std::size_t grain, unsigned threads,
                 const std::function<void(std::size_t, std::size_t, unsigned)>& fn,
                 const std::function<bool()>& shouldStop = {});

}  // namespace zsi
