#pragma once
// t-SNE (van der Maaten & Hinton 2008), exact: Gaussian affinities calibrated to a perplexity by
// bisection, Student-t similarities in 2-D, gradient descent with momentum, early exaggeration and
// per-coordinate gains. O(N²) memory and time per iteration, hence the cap on N. Plain C++.

#include <array>
#include <cstdint>
#include <vector>

#include "core/util/Progress.h"
#include "core/util/Result.h"

namespace zsi {

struct TsneOptions {
  double perplexity = 30.0;
  int iterations = 750;
  int exaggerationIterations = 250;
  double exaggeration = 12.0;
  // 0 = automatic, max(N / exaggeration / 4, 50) (scikit-learn's rule for this gradient, which
  // keeps its factor 4): a fixed 200 overshoots on a few hundred points and scatters clusters.
  double learningRate = 0.0;
  int maxPoints = 3000;        // more points are refused (callers subsample)
  std::uint32_t seed = 1;      // initial layout
};

// data: n × dim row-major. Returns n 2-D points.
Result<std::vector<std::array<float, 2>>> tsne(const std::vector<float>& data, int n, int dim,
                                               const TsneOptions& options = {}, const Progress* progress = nullptr);

}  // namespace zsi
