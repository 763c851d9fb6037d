#pragma once
// A fixed 64-bit hash (FNV-1a). Fixed on purpose: index caches store hashes on disk, so the
// function must give the same value in every build and on every run.

#include <cstddef>
#include <cstdint>
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

}  // namespace zsi
