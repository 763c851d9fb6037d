#pragma once
#include <string>

namespace zsi {

std::string projectVersion();  // "0.1.0"
std::string gitCommit();       // short hash, "-dirty" when built from a modified tree, or "unknown"

}  // namespace zsi
