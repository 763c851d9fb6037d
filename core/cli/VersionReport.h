#pragma once
#include <string>

namespace zsi::cli {

// The text of `--version` for both executables: program and project version, git commit,
// LibTorch version and whether CUDA can be used.
std::string versionReport(const std::string& program);

}  // namespace zsi::cli
