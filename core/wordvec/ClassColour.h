#pragma once
// The display colour of a class (masks, boxes, legend). Plain RGB so core, CLI and UI share it.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace zsi {

struct ClassColour {
  std::uint8_t r = 0, g = 0, b = 0;

  bool operator==(const ClassColour& o) const { return r == o.r && g == o.g && b == o.b; }
  bool operator!=(const ClassColour& o) const { return !(*this == o); }

  std::string hex() const;  // "#rrggbb"
  // "#rrggbb" or "rrggbb" (either case); nullopt otherwise.
  static std::optional<ClassColour> fromHex(std::string_view text);
  // The colour of the i-th class by default: hues spread by the golden angle, so neighbouring
  // classes differ and adding a class never changes the colours of the others.
  static ClassColour palette(std::size_t index);
};

}  // namespace zsi
