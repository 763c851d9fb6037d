#pragma once
// A 5×7 pixel font for labels drawn without a GUI toolkit (overlay PNGs of `zsi infer`). Upper
// case letters, digits and common punctuation; lower case is drawn as upper case, anything else
// as '?'. Plain C++.

#include <array>
#include <cstdint>
#include <string_view>

#include "core/image/Image.h"

namespace zsi {

class BitmapFont {
 public:
  static constexpr int kGlyphWidth = 5;
  static constexpr int kGlyphHeight = 7;
  static constexpr int kAdvance = 6;  // glyph plus one column of space

  // Rows of the glyph, top first; bit 4 is the leftmost pixel.
  static const std::array<std::uint8_t, 7>& glyph(char c);
  // Width in pixels of `text` at `scale`.
  static int textWidth(std::string_view text, int scale);
  // Draws `text` with its top-left corner at (x, y); pixels outside the image are skipped.
  static void draw(Image& image, int x, int y, std::string_view text, int scale, const std::uint8_t rgb[3]);
};

}  // namespace zsi
