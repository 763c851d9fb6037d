#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <filesystem>
#include <iostream>
#include <random>

#include "tests/harness/ZsiTest.h"

namespace zsi::test {
namespace {

int gFailures = 0;
const Case* gCurrent = nullptr;
std::vector<std::string>& tempDirs() {
  static std::vector<std::string> dirs;
  return dirs;
}

}  // namespace

std::vector<Case>& registry() {
  static std::vector<Case> cases;
  return cases;
}

Registrar::Registrar(const char* name, const char* file, int line, std::function<void()> fn) {
  registry().push_back(Case{name, file, line, std::move(fn)});
}

void reportFailure(const char* file, int line, const std::string& what) {
  ++gFailures;
  std::cerr << file << ":" << line << ": FAILED in " << (gCurrent ? gCurrent->name : "?") << ": "
            << what << std::endl;
}

void note(const std::string& what) {
  std::cout << "  [" << (gCurrent ? gCurrent->name : "?") << "] " << what << std::endl;
}

std::string sharedData(const std::string& relative) {
  const char* env = std::getenv("ZSI_SHARED_DATA_DIR");
  std::string base = env && *env ? env : ZSI_SHARED_DATA_DIR;
  // Without the data the case is skipped, not failed: a checkout elsewhere still runs the rest.
  // This is the only skip the data may cause: ctest does not count skips as failures, so once the
  // folder is here, a file that is missing or fails to load must fail the case (ZSI_REQUIRE_OK).
  if (!std::filesystem::is_directory(base))
    throw SkipCase{"the shared test data is not at " + base + " (set ZSI_SHARED_DATA_DIR)"};
  return base + "/" + relative;
}

std::string testDevice() {
  const char* env = std::getenv("ZSI_TEST_DEVICE");
  return env && *env ? env : "cpu";
}

std::string tempDir() {
  std::random_device rd;
  auto base = std::filesystem::temp_directory_path();
  for (;;) {
    auto dir = base / ("zsi-test-" + std::to_string(rd()));
    std::error_code ec;
    if (std::filesystem::create_directory(dir, ec)) {
      tempDirs().push_back(dir.string());
      return dir.string();
    }
  }
}

}  // namespace zsi::test

int main(int argc, char** argv) {
  using namespace zsi::test;
  std::vector<std::string> filters;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--list") == 0) {
      for (const auto& c : registry()) std::cout << c.name << "\n";
      return 0;
    }
    filters.emplace_back(argv[i]);
  }
  int run = 0, skipped = 0, failedCases = 0;
  for (const auto& c : registry()) {
    if (!filters.empty()) {
      bool match = false;
      for (const auto& f : filters) match = match || std::strstr(c.name, f.c_str()) != nullptr;
      if (!match) continue;
    }
    gCurrent = &c;
    const int before = gFailures;
    std::cout << "[ RUN  ] " << c.name << std::endl;
    try {
      c.fn();
    } catch (const RequireFailed&) {
    } catch (const SkipCase& s) {
      std::cout << "[ SKIP ] " << c.name << ": " << s.reason << std::endl;
      ++skipped;
      continue;
    } catch (const std::exception& e) {
      reportFailure(c.file, c.line, std::string("uncaught exception: ") + e.what());
    } catch (...) {
      reportFailure(c.file, c.line, "uncaught non-standard exception");
    }
    ++run;
    if (gFailures != before) {
      ++failedCases;
      std::cout << "[ FAIL ] " << c.name << std::endl;
    } else {
      std::cout << "[  OK  ] " << c.name << std::endl;
    }
  }
  if (!std::getenv("ZSI_KEEP_TMP")) {
    for (const auto& d : tempDirs()) {
      std::error_code ec;
      std::filesystem::remove_all(d, ec);
    }
  }
  std::cout << run << " case(s) run, " << failedCases << " failed, " << skipped << " skipped"
            << std::endl;
  if (failedCases > 0) return 1;
  if (run == 0 && skipped > 0) return 77;
  return 0;
}
