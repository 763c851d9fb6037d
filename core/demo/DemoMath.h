#pragma once
// exp, log, sin and cos for the demo generator from +, -, *, / and exact operations only (ldexp,
// frexp, nearbyint), so that a scene has the same pixels on every IEEE-754 machine: libm
// implementations differ in the last bit between versions and CPUs (glibc picks FMA variants at
// run time), and one flipped bit can move a shape's edge by a pixel. Accuracy is about 1e-15
// relative, far more than 8-bit images need. Not meant for use outside the generator.

#include <cmath>

namespace zsi::demomath {

inline constexpr double kPi = 3.14159265358979323846;
inline constexpr double kLn2 = 0.69314718055994530942;

namespace detail {
// 1 / n! for n = 0 .. 27, folded at compile time (exact IEEE arithmetic, the same everywhere).
struct InverseFactorials {
  double v[28]{};
  constexpr InverseFactorials() {
    double f = 1;
    v[0] = 1;
    for (int n = 1; n < 28; ++n) {
      f *= n;
      v[n] = 1.0 / f;
    }
  }
};
inline constexpr InverseFactorials kInvFact{};
}  // namespace detail

inline double exp(double x) {
  if (x < -700) return 0.0;
  if (x > 700) x = 700;
  // x = k ln2 + r, |r| <= ln2 / 2; e^r by its Taylor series to r^13 (error < 1e-17).
  const double k = std::nearbyint(x / kLn2);
  const double r = x - k * kLn2;
  double sum = detail::kInvFact.v[13];
  for (int n = 12; n >= 0; --n) sum = sum * r + detail::kInvFact.v[n];
  return std::ldexp(sum, static_cast<int>(k));
}

// x > 0.
inline double log(double x) {
  int e = 0;
  double m = std::frexp(x, &e);  // x = m 2^e, m in [0.5, 1)
  if (m < 0.70710678118654752440) {
    m *= 2;
    --e;
  }
  // log m = 2 atanh(s) = 2 (s + s^3/3 + s^5/5 + ...), s = (m - 1) / (m + 1), |s| < 0.172.
  constexpr double kInvOdd[] = {1.0,      1.0 / 3,  1.0 / 5,  1.0 / 7,  1.0 / 9,  1.0 / 11,
                                1.0 / 13, 1.0 / 15, 1.0 / 17, 1.0 / 19, 1.0 / 21, 1.0 / 23};
  const double s = (m - 1) / (m + 1), s2 = s * s;
  double sum = kInvOdd[11];
  for (int n = 10; n >= 0; --n) sum = sum * s2 + kInvOdd[n];
  return 2 * s * sum + e * kLn2;
}

// Reduced to [-pi, pi]; Taylor series to x^25 (error < 3e-15).
inline double sin(double x) {
  const double r = x - 2 * kPi * std::nearbyint(x / (2 * kPi));
  const double r2 = r * r;
  double sum = detail::kInvFact.v[25];
  // Horner with the signs alternating at each step: sum = 1/1! - r^2/3! + r^4/5! - ...
  for (int n = 23; n >= 1; n -= 2) sum = detail::kInvFact.v[n] - sum * r2;
  return r * sum;
}

inline double cos(double x) { return sin(x + kPi / 2); }

}  // namespace zsi::demomath
