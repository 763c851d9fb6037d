#pragma once
// The demo generator's random numbers: splitmix64, with our own integer-to-double mapping, so the
// same seed gives the same dataset with every compiler and standard library (the
// std::*_distribution classes are implementation-defined). Streams are derived from a seed and
// indices (one per image, one per vocabulary word), so work can be split across threads without
// changing the output. Not thread-safe per instance; use one per thread.

#include <cstdint>
#include <initializer_list>

namespace zsi {

class DemoRandom {
 public:
  explicit DemoRandom(std::uint64_t seed) : state_(seed) {}
  // A stream of its own for (seed, k0, k1, ...): the keys are mixed in one after the other.
  static DemoRandom stream(std::uint64_t seed, std::initializer_list<std::uint64_t> keys);

  std::uint64_t next();
  // [0, 1) with 53 random bits.
  double uniform();
  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
  // Log-uniform in [lo, hi) (lo > 0): sizes spread evenly over scales.
  double logUniform(double lo, double hi);
  // 0 .. n-1 (n > 0).
  std::uint32_t below(std::uint32_t n);
  bool chance(double p) { return uniform() < p; }
  // Approximately standard normal: the centred sum of 12 uniforms (Irwin-Hall). Plain
  // arithmetic, so it is bit-identical everywhere (no libm); tails end at +-6.
  double normal();

 private:
  std::uint64_t state_;
};

}  // namespace zsi
