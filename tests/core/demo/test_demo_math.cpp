// The generator's own exp/log/sin/cos agree with libm to about 1e-15: close enough that the
// scenes look the same, exact enough that they are bit-identical everywhere.

#include <cmath>

#include "core/demo/DemoMath.h"
#include "tests/harness/ZsiTest.h"

namespace m = zsi::demomath;

ZSI_TEST(demo_math_matches_libm) {
  double expErr = 0, logErr = 0, sinErr = 0, cosErr = 0;
  for (int i = 0; i <= 100000; ++i) {
    const double x = -40 + 80.0 * i / 100000;
    expErr = std::max(expErr, std::fabs(m::exp(x) - std::exp(x)) / std::exp(x));
    const double y = 1e-4 + 1e4 * i / 100000.0;
    logErr = std::max(logErr, std::fabs(m::log(y) - std::log(y)));
    sinErr = std::max(sinErr, std::fabs(m::sin(x) - std::sin(x)));
    cosErr = std::max(cosErr, std::fabs(m::cos(x) - std::cos(x)));
  }
  ZSI_CHECK(expErr < 1e-14);
  ZSI_CHECK(logErr < 1e-14);
  ZSI_CHECK(sinErr < 1e-14);
  ZSI_CHECK(cosErr < 1e-14);
  ZSI_CHECK_EQ(m::exp(0.0), 1.0);
  ZSI_CHECK_EQ(m::log(1.0), 0.0);
  ZSI_CHECK_EQ(m::sin(0.0), 0.0);
  ZSI_CHECK_EQ(m::exp(-1000.0), 0.0);
}
