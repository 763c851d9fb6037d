// DemoRandom: splitmix64 bit for bit, streams independent of each other, mappings in range.

#include <cstdint>
#include <set>
#include <vector>

#include "core/demo/DemoRandom.h"
#include "tests/harness/ZsiTest.h"

using zsi::DemoRandom;

ZSI_TEST(demo_random_is_splitmix64) {
  // The published first outputs of splitmix64 seeded with 0.
  DemoRandom r(0);
  ZSI_CHECK_EQ(r.next(), 0xe220a8397b1dcdafull);
  ZSI_CHECK_EQ(r.next(), 0x6e789e6aa1b965f4ull);
  ZSI_CHECK_EQ(r.next(), 0x06c45d188009454full);
}

ZSI_TEST(demo_random_streams_are_reproducible_and_distinct) {
  DemoRandom a = DemoRandom::stream(42, {1, 2});
  DemoRandom b = DemoRandom::stream(42, {1, 2});
  DemoRandom c = DemoRandom::stream(42, {2, 1});
  DemoRandom d = DemoRandom::stream(43, {1, 2});
  std::set<std::uint64_t> firsts;
  for (int i = 0; i < 100; ++i) {
    const std::uint64_t x = a.next();
    ZSI_CHECK_EQ(x, b.next());
    if (i == 0) {
      firsts.insert(x);
      firsts.insert(c.next());
      firsts.insert(d.next());
    }
  }
  ZSI_CHECK_EQ(firsts.size(), 3u);
}

ZSI_TEST(demo_random_mappings_stay_in_range) {
  DemoRandom r(7);
  std::vector<int> hist(6, 0);
  double sum = 0, sumSq = 0;
  const int n = 60000;
  for (int i = 0; i < n; ++i) {
    const double u = r.uniform();
    ZSI_REQUIRE(u >= 0.0 && u < 1.0);
    const std::uint32_t k = r.below(6);
    ZSI_REQUIRE(k < 6);
    ++hist[k];
    const double l = r.logUniform(2.0, 50.0);
    ZSI_REQUIRE(l >= 2.0 && l <= 50.0);
    const double g = r.normal();
    ZSI_REQUIRE(g >= -6.0 && g <= 6.0);
    sum += g;
    sumSq += g * g;
  }
  for (int k = 0; k < 6; ++k) ZSI_CHECK_NEAR(hist[k], n / 6.0, n / 6.0 * 0.05);
  ZSI_CHECK_NEAR(sum / n, 0.0, 0.02);
  ZSI_CHECK_NEAR(sumSq / n, 1.0, 0.03);
}
