#include "core/wordvec/ClassColour.h"

#include <cmath>
#include <cstdio>

namespace zsi {
namespace {

int hexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string ClassColour::hex() const {
  char buf[8];
  std::snprintf(buf, sizeof buf, "#%02x%02x%02x", r, g, b);
  return buf;
}

std::optional<ClassColour> ClassColour::fromHex(std::string_view text) {
  if (!text.empty() && text.front() == '#') text.remove_prefix(1);
  if (text.size() != 6) return std::nullopt;
  std::uint8_t v[3];
  for (int i = 0; i < 3; ++i) {
    const int hi = hexDigit(text[2 * i]), lo = hexDigit(text[2 * i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    v[i] = static_cast<std::uint8_t>(hi * 16 + lo);
  }
  return ClassColour{v[0], v[1], v[2]};
}

ClassColour ClassColour::palette(std::size_t index) {
  const double hue = std::fmod(static_cast<double>(index) * 137.50776405, 360.0) / 60.0;
  // Alternate two saturation/value pairs so that hues that come round again stay distinct.
  const double s = index % 2 == 0 ? 0.70 : 0.55;
  const double v = index % 3 == 2 ? 0.80 : 0.95;
  const double c = v * s;
  const double x = c * (1 - std::fabs(std::fmod(hue, 2.0) - 1));
  double rgb[3] = {0, 0, 0};
  switch (static_cast<int>(hue)) {
    case 0: rgb[0] = c; rgb[1] = x; break;
    case 1: rgb[0] = x; rgb[1] = c; break;
    case 2: rgb[1] = c; rgb[2] = x; break;
    case 3: rgb[1] = x; rgb[2] = c; break;
    case 4: rgb[0] = x; rgb[2] = c; break;
    default: rgb[0] = c; rgb[2] = x; break;
  }
  const double m = v - c;
  auto to8 = [&](double f) { return static_cast<std::uint8_t>(std::lround((f + m) * 255.0)); };
  return ClassColour{to8(rgb[0]), to8(rgb[1]), to8(rgb[2])};
}

}  // namespace zsi
