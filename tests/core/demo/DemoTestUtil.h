#pragma once
// Shared helpers of the demo tests.

#include <fstream>
#include <sstream>
#include <string>

#include "tests/harness/ZsiTest.h"

namespace zsi::test {

inline std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline void writeText(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
}

inline std::string committedDemoFile(const std::string& name) {
  return std::string(ZSI_SOURCE_DIR) + "/models/demo/" + name;
}

}  // namespace zsi::test
