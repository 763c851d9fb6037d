#pragma once
// A deliberately small test harness for core/ tests. It exists because the engine and its tests
// must build on a GPU server that has LibTorch and nothing else (no Qt Test, no GoogleTest); the
// ui/ tests use Qt Test.
//
//   ZSI_TEST(rle_encode_round_trip) { ZSI_CHECK_EQ(a, b); ZSI_CHECK_NEAR(x, y, 1e-6); }
//
// CHECK records a failure and goes on; REQUIRE stops the test case. Run an executable with
// `--list` to list cases, or with substrings to run only matching cases. Exit code: 0 all passed,
// 1 a failure, 77 everything skipped (ctest reports SKIP).

#include <cmath>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

namespace zsi::test {

struct Case {
  const char* name;
  const char* file;
  int line;
  std::function<void()> fn;
};

std::vector<Case>& registry();
struct Registrar {
  Registrar(const char* name, const char* file, int line, std::function<void()> fn);
};

struct RequireFailed {};
struct SkipCase {
  std::string reason;
};

void reportFailure(const char* file, int line, const std::string& what);
void note(const std::string& what);  // printed with the case name, for measured values

template <class T>
std::string show(const T& v) {
  std::ostringstream os;
  if constexpr (std::is_floating_point_v<T>) os.precision(17);
  if constexpr (std::is_same_v<T, unsigned char> || std::is_same_v<T, signed char>) {
    os << static_cast<int>(v);
  } else {
    os << v;
  }
  return os.str();
}

// Path of a file in the shared data folder (CMake cache ZSI_SHARED_DATA_DIR).
std::string sharedData(const std::string& relative);
// A fresh, empty temporary directory for this case; removed at exit unless ZSI_KEEP_TMP is set.
std::string tempDir();
// The device the engine tests that take one run on: ZSI_TEST_DEVICE ("cpu", "cuda", "cuda:N"),
// "cpu" when unset. Lets the same model tests run on the GPU server (docs/BENCHMARKS.md, GPU).
std::string testDevice();

}  // namespace zsi::test

#define ZSI_TEST_CAT2(a, b) a##b
#define ZSI_TEST_CAT(a, b) ZSI_TEST_CAT2(a, b)
#define ZSI_TEST(name)                                                                   \
  static void ZSI_TEST_CAT(zsi_test_fn_, name)();                                        \
  static ::zsi::test::Registrar ZSI_TEST_CAT(zsi_test_reg_, name)(#name, __FILE__, __LINE__, \
                                                                 &ZSI_TEST_CAT(zsi_test_fn_, name)); \
  static void ZSI_TEST_CAT(zsi_test_fn_, name)()

#define ZSI_CHECK(cond)                                                      \
  do {                                                                       \
    if (!(cond)) ::zsi::test::reportFailure(__FILE__, __LINE__, "CHECK(" #cond ")"); \
  } while (0)

#define ZSI_REQUIRE(cond)                                                                \
  do {                                                                                   \
    if (!(cond)) {                                                                       \
      ::zsi::test::reportFailure(__FILE__, __LINE__, "REQUIRE(" #cond ")");             \
      throw ::zsi::test::RequireFailed{};                                                \
    }                                                                                    \
  } while (0)

#define ZSI_CHECK_EQ(a, b)                                                                   \
  do {                                                                                       \
    const auto& zsi_a_ = (a);                                                                \
    const auto& zsi_b_ = (b);                                                                \
    if (!(zsi_a_ == zsi_b_))                                                                 \
      ::zsi::test::reportFailure(__FILE__, __LINE__,                                         \
                                 "CHECK_EQ(" #a ", " #b "): " + ::zsi::test::show(zsi_a_) + \
                                     " != " + ::zsi::test::show(zsi_b_));                   \
  } while (0)

#define ZSI_REQUIRE_EQ(a, b)                                                                 \
  do {                                                                                       \
    const auto& zsi_a_ = (a);                                                                \
    const auto& zsi_b_ = (b);                                                                \
    if (!(zsi_a_ == zsi_b_)) {                                                               \
      ::zsi::test::reportFailure(__FILE__, __LINE__,                                         \
                                 "REQUIRE_EQ(" #a ", " #b "): " + ::zsi::test::show(zsi_a_) + \
                                     " != " + ::zsi::test::show(zsi_b_));                   \
      throw ::zsi::test::RequireFailed{};                                                    \
    }                                                                                        \
  } while (0)

#define ZSI_CHECK_NEAR(a, b, tol)                                                            \
  do {                                                                                       \
    const double zsi_a_ = static_cast<double>(a);                                            \
    const double zsi_b_ = static_cast<double>(b);                                            \
    if (!(std::fabs(zsi_a_ - zsi_b_) <= (tol)))                                              \
      ::zsi::test::reportFailure(__FILE__, __LINE__,                                         \
                                 "CHECK_NEAR(" #a ", " #b ", " #tol "): " +                  \
                                     ::zsi::test::show(zsi_a_) + " vs " +                    \
                                     ::zsi::test::show(zsi_b_));                             \
  } while (0)

// Expect a Result/Status to be ok; on failure print its error.
#define ZSI_REQUIRE_OK(expr)                                                                 \
  do {                                                                                       \
    const auto& zsi_r_ = (expr);                                                             \
    if (!zsi_r_.ok()) {                                                                      \
      ::zsi::test::reportFailure(__FILE__, __LINE__,                                         \
                                 "REQUIRE_OK(" #expr "): " + zsi_r_.error().toString());     \
      throw ::zsi::test::RequireFailed{};                                                    \
    }                                                                                        \
  } while (0)

// Skip only for what the machine lacks (shared data, a GPU, a build option), never for a failure.
#define ZSI_SKIP(reason) throw ::zsi::test::SkipCase{reason}
