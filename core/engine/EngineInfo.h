#pragma once
// What the engine was built with and can use, as plain strings: safe to include from ui/ and app/.

#include <string>

namespace zsi {

std::string torchVersion();      // e.g. "1.13.0"
bool cudaAvailable();            // a CUDA device can be used now
int cudaDeviceCount();
std::string engineBuildSummary();  // one line: LibTorch version, CUDA yes/no (devices)

}  // namespace zsi
