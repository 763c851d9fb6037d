#pragma once
// What the benchmarks share: the median of repeated timings, process CPU time, and the random
// inputs of the engine benchmarks (class vectors, 8-bit images). Header-only; no torch.

#include <algorithm>
#include <cstdint>
#include <ctime>
#include <random>
#include <string>
#include <vector>

#include "core/engine/ClassVectors.h"
#include "core/image/Image.h"

namespace zsi::bench {

// The median of repeated timings (the upper one of an even count); 0 for none.
inline double median(std::vector<double> v) {
  if (v.empty()) return 0.0;
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

// Process CPU time: on a shared, loaded machine it tracks the work done much better than wall time.
inline double cpuMs() { return 1000.0 * static_cast<double>(std::clock()) / CLOCKS_PER_SEC; }

// `seen` then `unseen` random class vectors of `dim` (fixed seed): speed does not depend on them.
inline ClassVectors randomClasses(int seen, int unseen, int dim = 300) {
  std::mt19937 rng(3);
  std::normal_distribution<float> nd;
  ClassVectors cv;
  cv.dim = dim;
  for (int i = 0; i < seen + unseen; ++i) {
    std::vector<float> v(static_cast<std::size_t>(dim));
    for (auto& x : v) x = nd(rng);
    std::string name = "c";  // appended: GCC 12 warns falsely on literal + std::string in C++20
    name += std::to_string(i);
    (void)cv.add(name, v, i >= seen);
  }
  cv.background.assign(static_cast<std::size_t>(dim), 0.01f);
  return cv;
}

// A w × h RGB image of uniform random bytes.
inline Image randomImage(int w, int h, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> d(0, 255);
  Image im = Image::blank(w, h, 3);
  for (auto& p : im.pixels) p = static_cast<std::uint8_t>(d(rng));
  return im;
}

}  // namespace zsi::bench
