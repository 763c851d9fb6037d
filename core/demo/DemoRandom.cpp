#include "core/demo/DemoRandom.h"

#include <cmath>

#include "core/demo/DemoMath.h"

namespace zsi {
namespace {

// Stafford's mix 13, the finaliser of splitmix64.
std::uint64_t mix(std::uint64_t z) {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

constexpr std::uint64_t kGolden = 0x9e3779b97f4a7c15ull;

}  // namespace

DemoRandom DemoRandom::stream(std::uint64_t seed, std::initializer_list<std::uint64_t> keys) {
  std::uint64_t s = mix(seed + kGolden);
  for (std::uint64_t k : keys) s = mix(s ^ mix(k + kGolden));
  return DemoRandom(s);
}

std::uint64_t DemoRandom::next() {
  state_ += kGolden;
  return mix(state_);
}

double DemoRandom::uniform() {
  return static_cast<double>(next() >> 11) * (1.0 / 9007199254740992.0);  // 2^-53
}

double DemoRandom::logUniform(double lo, double hi) {
  return lo * demomath::exp(uniform() * demomath::log(hi / lo));
}

std::uint32_t DemoRandom::below(std::uint32_t n) {
  // The high 32 bits times n, shifted: no modulo bias worth speaking of for small n.
  return static_cast<std::uint32_t>(((next() >> 32) * static_cast<std::uint64_t>(n)) >> 32);
}

double DemoRandom::normal() {
  double s = 0;
  for (int i = 0; i < 12; ++i) s += uniform();
  return s - 6.0;
}

}  // namespace zsi
