#include "core/demo/DemoBackground.h"

#include <algorithm>
#include <array>
#include <cmath>

#include "core/demo/DemoColourSpace.h"
#include "core/demo/DemoMath.h"

namespace zsi {
namespace {

using demomath::kPi;
constexpr double kMaxSat = 0.28;

using Rgb = std::array<float, 3>;

Rgb nearColour(DemoRandom& rng, double hue, double val) {
  // One draw per statement: the order of evaluating function arguments is unspecified, and
  // compilers differ (the same seed must give the same image with every compiler).
  const double h = hue + rng.uniform(-40, 40);
  const double s = rng.uniform(0, kMaxSat);
  const double v = std::clamp(val + rng.uniform(-0.15, 0.15), 0.2, 0.85);
  return demoHsvToRgb(h, s, v);
}

double smooth(double t) { return t * t * (3 - 2 * t); }

void addValueNoise(DemoRandom& rng, std::vector<float>& px, int w, int h, double hue, double val) {
  const int cells = 3 + static_cast<int>(rng.below(6));
  const int nodes = cells + 1;
  std::vector<Rgb> grid(static_cast<std::size_t>(nodes) * nodes);
  for (auto& g : grid) g = nearColour(rng, hue, val);
  const double weight = rng.uniform(0.4, 0.9);
  for (int y = 0; y < h; ++y) {
    const double gy = (y + 0.5) / h * cells;
    const int iy = std::min(static_cast<int>(gy), cells - 1);
    const double ty = smooth(gy - iy);
    for (int x = 0; x < w; ++x) {
      const double gx = (x + 0.5) / w * cells;
      const int ix = std::min(static_cast<int>(gx), cells - 1);
      const double tx = smooth(gx - ix);
      const Rgb& a = grid[static_cast<std::size_t>(iy) * nodes + ix];
      const Rgb& b = grid[static_cast<std::size_t>(iy) * nodes + ix + 1];
      const Rgb& c = grid[static_cast<std::size_t>(iy + 1) * nodes + ix];
      const Rgb& d = grid[static_cast<std::size_t>(iy + 1) * nodes + ix + 1];
      float* p = &px[(static_cast<std::size_t>(y) * w + x) * 3];
      for (int k = 0; k < 3; ++k) {
        const double top = a[k] + (b[k] - a[k]) * tx;
        const double bottom = c[k] + (d[k] - c[k]) * tx;
        const double v = top + (bottom - top) * ty;
        p[k] = static_cast<float>(p[k] + (v - p[k]) * weight);
      }
    }
  }
}

void addStripes(DemoRandom& rng, std::vector<float>& px, int w, int h, double hue, double val) {
  const double angle = rng.uniform(0, kPi);
  const double period = rng.uniform(6, 40);
  const double amplitude = rng.uniform(0.25, 0.6);
  const Rgb other = nearColour(rng, hue, val);
  const double c = demomath::cos(angle), s = demomath::sin(angle);
  const double phase = rng.uniform(0, 2 * kPi);
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x) {
      const double t = amplitude * 0.5 * (1 + demomath::sin(2 * kPi * (x * c + y * s) / period + phase));
      float* p = &px[(static_cast<std::size_t>(y) * w + x) * 3];
      for (int k = 0; k < 3; ++k) p[k] = static_cast<float>(p[k] + (other[k] - p[k]) * t);
    }
  }
}

void addBlobs(DemoRandom& rng, std::vector<float>& px, int w, int h, double hue, double val) {
  const int count = 4 + static_cast<int>(rng.below(9));
  const double size = std::max(w, h);
  for (int b = 0; b < count; ++b) {
    const double bx = rng.uniform(0, w), by = rng.uniform(0, h);
    const double sigma = rng.uniform(0.05, 0.3) * size;
    const double strength = rng.uniform(0.4, 0.9);
    const Rgb colour = nearColour(rng, hue, val);
    const double inv = 1.0 / (2 * sigma * sigma);
    const int x0 = std::max(0, static_cast<int>(bx - 3 * sigma)), x1 = std::min(w, static_cast<int>(bx + 3 * sigma) + 1);
    const int y0 = std::max(0, static_cast<int>(by - 3 * sigma)), y1 = std::min(h, static_cast<int>(by + 3 * sigma) + 1);
    for (int y = y0; y < y1; ++y) {
      for (int x = x0; x < x1; ++x) {
        const double dx = x + 0.5 - bx, dy = y + 0.5 - by;
        const double t = strength * demomath::exp(-(dx * dx + dy * dy) * inv);
        float* p = &px[(static_cast<std::size_t>(y) * w + x) * 3];
        for (int k = 0; k < 3; ++k) p[k] = static_cast<float>(p[k] + (colour[k] - p[k]) * t);
      }
    }
  }
}

}  // namespace

std::vector<float> DemoBackground::paint(DemoRandom& rng, int w, int h) {
  std::vector<float> px(static_cast<std::size_t>(w) * h * 3);
  const double hue = rng.uniform(0, 360);
  const double val = rng.uniform(0.35, 0.75);
  // The gradient: two nearby colours across a random direction.
  const Rgb from = nearColour(rng, hue, val);
  const Rgb to = nearColour(rng, hue, val);
  const double angle = rng.uniform(0, 2 * kPi);
  const double gc = demomath::cos(angle), gs = demomath::sin(angle);
  const double span = std::abs(gc) * w + std::abs(gs) * h;
  const double offset = std::min(0.0, gc * w) + std::min(0.0, gs * h);
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x) {
      const double t = (x * gc + y * gs - offset) / span;
      float* p = &px[(static_cast<std::size_t>(y) * w + x) * 3];
      for (int k = 0; k < 3; ++k) p[k] = static_cast<float>(from[k] + (to[k] - from[k]) * t);
    }
  }
  switch (rng.below(4)) {
    case 0: addValueNoise(rng, px, w, h, hue, val); break;
    case 1: addStripes(rng, px, w, h, hue, val); break;
    case 2: addBlobs(rng, px, w, h, hue, val); break;
    default: break;  // the gradient alone
  }
  return px;
}

}  // namespace zsi
