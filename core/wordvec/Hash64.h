#pragma once
// A fixed 64-bit hash (FNV-1a). Fixed on purpose: index caches store hashes on disk, so the
// function must give the same value in every build and on every run.

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace zsi {

inline constexpr std::uint64_t kFnvOffset = 14695981039346656037ull;

inline std::uint64_t hash64(const void* data, std::size_t size, std::uint64_t seed = kFnvOffset) {
  const auto* p = static_cast<const unsigned char*>(data);
  std::uint64_t h = seed;
  for (std::size_t i = 0; i < size; ++i) {
    h ^= p[i];
    h *= 1099511628211ull;
  }
  return h;
}

inline std::uint64_t hash64(std::string_view s, std::uint64_t seed = kFnvOffset) {
  return hash64(s.data(), s.size(), seed);
}

// A fixed 64-bit checksum of large buffers (index cache sections, hundreds of MB): four lanes of
// 8-byte words, each step (h ^ word) * odd, rotated, all bijective, so one damaged word always
// changes the result. About 8x faster than hash64 byte by byte.
inline std::uint64_t checksum64(const void* data, std::size_t size, std::uint64_t seed = kFnvOffset) {
  constexpr std::uint64_t kOdd = 0x9E3779B97F4A7C15ull;
  auto step = [](std::uint64_t h, std::uint64_t w) {
    h = (h ^ w) * kOdd;
    return (h << 31) | (h >> 33);
  };
  const auto* p = static_cast<const unsigned char*>(data);
  std::uint64_t lane[4] = {seed, seed ^ 1, seed ^ 2, seed ^ 3};
  std::size_t i = 0;
  for (; i + 32 <= size; i += 32) {
    std::uint64_t w[4];
    std::memcpy(w, p + i, sizeof w);
    for (int k = 0; k < 4; ++k) lane[k] = step(lane[k], w[k]);
  }
  std::uint64_t h = hash64(p + i, size - i, seed ^ size);
  for (int k = 0; k < 4; ++k) h = step(h, lane[k]);
  return h;
}

}  // namespace zsi
