#pragma once
// What the engine was built with and can use, as plain strings: safe to include from ui/ and app/.

#include <string>

namespace zsi {

std::string torchVersion();      // e.g. "1.13.0"
bool cudaAvailable();            // a CUDA device can be used now
int cudaDeviceCount();
std::string engineBuildSummary();  // one line: LibTorch version, CUDA yes/no (devices), CPU threads

// Sets LibTorch's intra-op CPU threads: `threads` > 0 exactly; 0 = OMP_NUM_THREADS when set, else
// every core. Debian's LibTorch (OpenMP) otherwise starts with one thread on some machines, which
// leaves half of a 2-core machine idle. Returns the count in effect. Call before any tensor work.
int configureCpuThreads(int threads = 0);

}  // namespace zsi
