#pragma once
// Seeds derived from (run seed, epoch, position, purpose), so that what a sample gets (its flip,
// the random samplers of its forward pass) depends on where it is in the run and on nothing else:
// not on the number of decoding threads, their timing, the number of processes or a restart.

#include <cstdint>
#include <initializer_list>

namespace zsi {

// SplitMix64's finaliser: a bijection of 64-bit words with good avalanche.
inline std::uint64_t splitMix64(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ull;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

inline std::uint64_t mixSeed(std::initializer_list<std::uint64_t> parts) {
  std::uint64_t h = 0x5a53492d7365656bull;  // "ZSI-seek"
  for (auto p : parts) h = splitMix64(h ^ splitMix64(p));
  return h;
}

// What a derived seed is for (keeps the streams of one sample apart).
enum class SeedPurpose : std::uint64_t { EpochOrder = 1, Augment = 2, Forward = 3, ModelInit = 4 };

inline std::uint64_t sampleSeed(std::uint64_t runSeed, std::int64_t epoch, std::int64_t position, SeedPurpose purpose) {
  return mixSeed({runSeed, static_cast<std::uint64_t>(epoch), static_cast<std::uint64_t>(position),
                  static_cast<std::uint64_t>(purpose)});
}

}  // namespace zsi
