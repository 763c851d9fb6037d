#include "core/engine/contrastive/PatchAnalysis.h"

#include <algorithm>
#include <cmath>
#include <string>

namespace zsi {
namespace {

// The top `k` principal directions of n × dim data (power iteration with deflation on the
// covariance; dim is small, ≤ a few hundred). Each direction's sign makes its largest loading
// positive, so colours and layouts do not flip between runs. Returns the n × k projections.
std::vector<double> principalProjections(const float* data, int n, int dim, int k) {
  std::vector<double> mean(static_cast<std::size_t>(dim), 0.0);
  for (int i = 0; i < n; ++i)
    for (int d = 0; d < dim; ++d) mean[d] += data[static_cast<std::size_t>(i) * dim + d] / n;
  std::vector<double> cov(static_cast<std::size_t>(dim) * dim, 0.0);
  for (int i = 0; i < n; ++i) {
    const float* x = data + static_cast<std::size_t>(i) * dim;
    for (int a = 0; a < dim; ++a) {
      const double xa = x[a] - mean[a];
      for (int b = a; b < dim; ++b) cov[static_cast<std::size_t>(a) * dim + b] += xa * (x[b] - mean[b]);
    }
  }
  for (int a = 0; a < dim; ++a)
    for (int b = 0; b < a; ++b) cov[static_cast<std::size_t>(a) * dim + b] = cov[static_cast<std::size_t>(b) * dim + a];

  std::vector<std::vector<double>> dirs;
  for (int c = 0; c < k && c < dim; ++c) {
    std::vector<double> v(static_cast<std::size_t>(dim)), w(static_cast<std::size_t>(dim));
    for (int d = 0; d < dim; ++d) v[d] = 1.0 + 0.01 * ((d * 7919 + c * 104729) % 101);  // fixed, generic start
    for (int it = 0; it < 500; ++it) {
      for (int a = 0; a < dim; ++a) {
        double s = 0.0;
        for (int b = 0; b < dim; ++b) s += cov[static_cast<std::size_t>(a) * dim + b] * v[b];
        w[a] = s;
      }
      for (const auto& u : dirs) {  // deflate: stay orthogonal to the directions found
        double dot = 0.0;
        for (int d = 0; d < dim; ++d) dot += w[d] * u[d];
        for (int d = 0; d < dim; ++d) w[d] -= dot * u[d];
      }
      double norm = 0.0;
      for (double x : w) norm += x * x;
      norm = std::sqrt(norm);
      if (norm < 1e-300) break;  // no variance left
      double change = 0.0;
      for (int d = 0; d < dim; ++d) {
        change += std::abs(w[d] / norm - v[d]);
        v[d] = w[d] / norm;
      }
      if (change < 1e-10) break;
    }
    int big = 0;
    for (int d = 1; d < dim; ++d)
      if (std::abs(v[d]) > std::abs(v[big])) big = d;
    if (v[big] < 0)
      for (double& x : v) x = -x;
    dirs.push_back(v);
  }
  std::vector<double> out(static_cast<std::size_t>(n) * k, 0.0);
  for (int i = 0; i < n; ++i)
    for (std::size_t c = 0; c < dirs.size(); ++c) {
      double s = 0.0;
      for (int d = 0; d < dim; ++d) s += (data[static_cast<std::size_t>(i) * dim + d] - mean[d]) * dirs[c][d];
      out[static_cast<std::size_t>(i) * k + c] = s;
    }
  return out;
}

std::vector<float> gather(const PatchEmbeddings& p, const std::vector<int>& which) {
  std::vector<float> out;
  out.reserve(which.size() * static_cast<std::size_t>(p.dim));
  for (int i : which) out.insert(out.end(), p.values.begin() + static_cast<std::ptrdiff_t>(i) * p.dim,
                                 p.values.begin() + static_cast<std::ptrdiff_t>(i + 1) * p.dim);
  return out;
}

PatchProjection withPositions(const PatchEmbeddings& p, const std::vector<int>& which) {
  PatchProjection out;
  out.patches = which;
  for (int i : which) {
    auto c = p.centre(i / p.cols, i % p.cols);
    out.centres.push_back({static_cast<float>(c[0]), static_cast<float>(c[1])});
  }
  return out;
}

}  // namespace

Image pcaColours(const PatchEmbeddings& p) {
  Image img = Image::blank(p.cols, p.rows, 3);
  const int n = p.count();
  if (n == 0 || p.dim == 0) return img;
  auto proj = principalProjections(p.values.data(), n, p.dim, 3);
  for (int c = 0; c < 3; ++c) {
    std::vector<double> v(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) v[i] = proj[static_cast<std::size_t>(i) * 3 + c];
    std::sort(v.begin(), v.end());
    const double lo = v[static_cast<std::size_t>(0.01 * (n - 1))], hi = v[static_cast<std::size_t>(0.99 * (n - 1))];
    for (int i = 0; i < n; ++i) {
      const double t = hi > lo ? (proj[static_cast<std::size_t>(i) * 3 + c] - lo) / (hi - lo) : 0.5;
      img.pixels[static_cast<std::size_t>(i) * 3 + c] = static_cast<std::uint8_t>(std::lround(std::clamp(t, 0.0, 1.0) * 255));
    }
  }
  return img;
}

Result<std::vector<float>> cosineSimilarityMap(const PatchEmbeddings& p, int row, int col) {
  if (row < 0 || row >= p.rows || col < 0 || col >= p.cols)
    return Error("patch (" + std::to_string(row) + ", " + std::to_string(col) + ") is outside the " +
                 std::to_string(p.rows) + " × " + std::to_string(p.cols) + " grid");
  const float* ref = p.at(row, col);
  double refNorm = 0.0;
  for (int d = 0; d < p.dim; ++d) refNorm += static_cast<double>(ref[d]) * ref[d];
  std::vector<float> out(static_cast<std::size_t>(p.count()));
  for (int i = 0; i < p.count(); ++i) {
    const float* x = p.values.data() + static_cast<std::size_t>(i) * p.dim;
    double dot = 0.0, norm = 0.0;
    for (int d = 0; d < p.dim; ++d) {
      dot += static_cast<double>(x[d]) * ref[d];
      norm += static_cast<double>(x[d]) * x[d];
    }
    const double denom = std::sqrt(norm * refNorm);
    out[static_cast<std::size_t>(i)] = denom > 0 ? static_cast<float>(dot / denom) : 0.0f;
  }
  return out;
}

std::vector<int> subsamplePatches(int count, int maxPoints) {
  std::vector<int> out;
  if (count <= 0 || maxPoints <= 0) return out;
  if (count <= maxPoints) {
    for (int i = 0; i < count; ++i) out.push_back(i);
    return out;
  }
  for (int k = 0; k < maxPoints; ++k) out.push_back(static_cast<int>(static_cast<long long>(k) * count / maxPoints));
  return out;
}

PatchProjection pcaProjection(const PatchEmbeddings& p, int maxPoints) {
  auto which = subsamplePatches(p.count(), maxPoints);
  auto out = withPositions(p, which);
  if (which.empty()) return out;
  auto data = gather(p, which);
  auto proj = principalProjections(data.data(), static_cast<int>(which.size()), p.dim, 2);
  for (std::size_t i = 0; i < which.size(); ++i)
    out.points.push_back({static_cast<float>(proj[2 * i]), static_cast<float>(proj[2 * i + 1])});
  return out;
}

Result<PatchProjection> tsneProjection(const PatchEmbeddings& p, const TsneOptions& options, const Progress* progress) {
  auto which = subsamplePatches(p.count(), options.maxPoints);
  auto out = withPositions(p, which);
  auto points = tsne(gather(p, which), static_cast<int>(which.size()), p.dim, options, progress);
  if (!points.ok()) return points.error();
  out.points = std::move(points.value());
  return out;
}

}  // namespace zsi
