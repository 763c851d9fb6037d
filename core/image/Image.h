#pragma once
// A decoded 8-bit image as plain data: what crosses from image I/O to the engine and the UI.

#include <cstdint>
#include <vector>

namespace zsi {

struct Image {
  int width = 0;
  int height = 0;
  int channels = 0;                   // 1 (gray), 3 (RGB) or 4 (RGBA); always this channel order
  std::vector<std::uint8_t> pixels;   // row-major, interleaved, no row padding

  bool empty() const { return width <= 0 || height <= 0 || pixels.empty(); }
  std::size_t rowBytes() const { return static_cast<std::size_t>(width) * channels; }
  std::uint8_t* row(int y) { return pixels.data() + static_cast<std::size_t>(y) * rowBytes(); }
  const std::uint8_t* row(int y) const {
    return pixels.data() + static_cast<std::size_t>(y) * rowBytes();
  }
  static Image blank(int w, int h, int c, std::uint8_t value = 0) {
    Image im;
    im.width = w;
    im.height = h;
    im.channels = c;
    im.pixels.assign(static_cast<std::size_t>(w) * h * c, value);
    return im;
  }
};

}  // namespace zsi
