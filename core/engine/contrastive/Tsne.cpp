#include "core/engine/contrastive/Tsne.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <string>

namespace zsi {
namespace {

// Row i of the conditional affinities P(j|i), with the Gaussian precision chosen by bisection so
// that the row's entropy is log(perplexity).
void calibrateRow(const std::vector<double>& dist, int n, int i, double perplexity, double* row) {
  const double target = std::log(perplexity);
  const double* d = dist.data() + static_cast<std::size_t>(i) * n;
  double dmin = std::numeric_limits<double>::infinity();
  for (int j = 0; j < n; ++j)
    if (j != i) dmin = std::min(dmin, d[j]);
  double beta = 1.0, lo = 0.0, hi = std::numeric_limits<double>::infinity();
  for (int iter = 0; iter < 100; ++iter) {
    double sum = 0.0, weighted = 0.0;
    for (int j = 0; j < n; ++j) {
      row[j] = j == i ? 0.0 : std::exp(-(d[j] - dmin) * beta);
      sum += row[j];
      weighted += row[j] * (d[j] - dmin);
    }
    const double entropy = std::log(sum) + beta * weighted / sum;
    for (int j = 0; j < n; ++j) row[j] /= sum;
    if (std::abs(entropy - target) < 1e-5) break;
    if (entropy > target) {  // too flat: sharpen
      lo = beta;
      beta = std::isinf(hi) ? beta * 2.0 : (beta + hi) / 2.0;
    } else {
      hi = beta;
      beta = (beta + lo) / 2.0;
    }
  }
}

}  // namespace

Result<std::vector<std::array<float, 2>>> tsne(const std::vector<float>& data, int n, int dim,
                                               const TsneOptions& o, const Progress* progress) {
  if (n < 2) return Error("t-SNE needs at least 2 points, got " + std::to_string(n));
  if (n > o.maxPoints)
    return Error("t-SNE is limited to " + std::to_string(o.maxPoints) + " points (exact, O(N²)); got " +
                 std::to_string(n) + ": subsample first");
  if (dim < 1 || data.size() != static_cast<std::size_t>(n) * dim)
    return Error("t-SNE input has " + std::to_string(data.size()) + " values, expected " + std::to_string(n) + " × " +
                 std::to_string(dim));
  if (!(o.perplexity > 0) || o.iterations < 1 || !(o.learningRate >= 0) || !(o.exaggeration > 0))
    return Error("t-SNE needs a positive perplexity, iteration count and exaggeration, and a learning rate ≥ 0");
  const double learningRate = o.learningRate > 0 ? o.learningRate : std::max(n / o.exaggeration / 4.0, 50.0);
  const std::size_t nn = static_cast<std::size_t>(n) * n;
  // Perplexity above about N/3 cannot be met: every row would want more neighbours than exist.
  const double perplexity = std::min(o.perplexity, std::max(1.0, (n - 1) / 3.0));

  std::vector<double> dist(nn, 0.0);
  for (int i = 0; i < n; ++i)
    for (int j = i + 1; j < n; ++j) {
      double s = 0.0;
      const float* a = data.data() + static_cast<std::size_t>(i) * dim;
      const float* b = data.data() + static_cast<std::size_t>(j) * dim;
      for (int k = 0; k < dim; ++k) s += (static_cast<double>(a[k]) - b[k]) * (static_cast<double>(a[k]) - b[k]);
      dist[static_cast<std::size_t>(i) * n + j] = dist[static_cast<std::size_t>(j) * n + i] = s;
    }
  std::vector<double> p(nn, 0.0);
  for (int i = 0; i < n; ++i) {
    if (progress && progress->cancelled()) return Error(kCancelledMessage);
    calibrateRow(dist, n, i, perplexity, p.data() + static_cast<std::size_t>(i) * n);
  }
  for (int i = 0; i < n; ++i)
    for (int j = i + 1; j < n; ++j) {
      const double v = std::max((p[static_cast<std::size_t>(i) * n + j] + p[static_cast<std::size_t>(j) * n + i]) /
                                    (2.0 * n),
                                1e-12);
      p[static_cast<std::size_t>(i) * n + j] = p[static_cast<std::size_t>(j) * n + i] = v;
    }
  dist.clear();
  dist.shrink_to_fit();

  std::mt19937 rng(o.seed);
  std::normal_distribution<double> init(0.0, 1e-4);
  std::vector<double> y(static_cast<std::size_t>(n) * 2), update(y.size(), 0.0), gains(y.size(), 1.0),
      grad(y.size());
  for (auto& v : y) v = init(rng);
  std::vector<double> num(nn, 0.0);

  for (int it = 0; it < o.iterations; ++it) {
    if (progress && progress->cancelled()) return Error(kCancelledMessage);
    if (progress && it % 25 == 0) progress->report(static_cast<double>(it) / o.iterations, "t-SNE");
    const double exag = it < o.exaggerationIterations ? o.exaggeration : 1.0;
    const double momentum = it < o.exaggerationIterations ? 0.5 : 0.8;
    double z = 0.0;
    for (int i = 0; i < n; ++i)
      for (int j = i + 1; j < n; ++j) {
        const double dx = y[2 * i] - y[2 * j], dy = y[2 * i + 1] - y[2 * j + 1];
        const double q = 1.0 / (1.0 + dx * dx + dy * dy);
        num[static_cast<std::size_t>(i) * n + j] = num[static_cast<std::size_t>(j) * n + i] = q;
        z += 2.0 * q;
      }
    std::fill(grad.begin(), grad.end(), 0.0);
    for (int i = 0; i < n; ++i) {
      const double* pi = p.data() + static_cast<std::size_t>(i) * n;
      const double* qi = num.data() + static_cast<std::size_t>(i) * n;
      double gx = 0.0, gy = 0.0;
      for (int j = 0; j < n; ++j) {
        if (j == i) continue;
        const double m = (exag * pi[j] - qi[j] / z) * qi[j];
        gx += m * (y[2 * i] - y[2 * j]);
        gy += m * (y[2 * i + 1] - y[2 * j + 1]);
      }
      grad[2 * i] = 4.0 * gx;
      grad[2 * i + 1] = 4.0 * gy;
    }
    double mean[2] = {0.0, 0.0};
    for (std::size_t k = 0; k < y.size(); ++k) {
      gains[k] = (grad[k] > 0) != (update[k] > 0) ? gains[k] + 0.2 : std::max(gains[k] * 0.8, 0.01);
      update[k] = momentum * update[k] - learningRate * gains[k] * grad[k];
      y[k] += update[k];
      mean[k % 2] += y[k] / n;
    }
    for (std::size_t k = 0; k < y.size(); ++k) y[k] -= mean[k % 2];
  }
  if (progress) progress->report(1.0, "t-SNE");
  std::vector<std::array<float, 2>> out(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) out[static_cast<std::size_t>(i)] = {static_cast<float>(y[2 * i]), static_cast<float>(y[2 * i + 1])};
  return out;
}

}  // namespace zsi
