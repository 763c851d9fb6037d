#pragma once
// HSV to RGB for the demo painter: colours are specified as hue ranges (DemoCatalog), images are
// painted in linear [0, 1] RGB floats and quantised once at the end.

#include <array>
#include <cmath>

namespace zsi {

// hue in degrees (any value, wrapped), saturation and value in [0, 1].
inline std::array<float, 3> demoHsvToRgb(double hue, double sat, double val) {
  double h = std::fmod(hue, 360.0);
  if (h < 0) h += 360.0;
  const double c = val * sat;
  const double hp = h / 60.0;
  const double x = c * (1.0 - std::fabs(std::fmod(hp, 2.0) - 1.0));
  double r = 0, g = 0, b = 0;
  if (hp < 1) { r = c; g = x; }
  else if (hp < 2) { r = x; g = c; }
  else if (hp < 3) { g = c; b = x; }
  else if (hp < 4) { g = x; b = c; }
  else if (hp < 5) { r = x; b = c; }
  else { r = c; b = x; }
  const double m = val - c;
  return {static_cast<float>(r + m), static_cast<float>(g + m), static_cast<float>(b + m)};
}

}  // namespace zsi
