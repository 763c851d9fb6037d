// libFuzzer target: the zlib PNG decoder on arbitrary bytes. It must return an image or an error
// (never crash, hang or read out of bounds), and an image must be RGB of the size it claims.
// Nearly every mutation breaks a chunk's CRC, which the decoder checks first; so when the first
// byte is odd the CRCs are made right again before decoding, and the mutations reach IHDR, zlib,
// the filters and the interlace passes. The seeds are valid PNGs of different layouts.

#include <zlib.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "core/image/PngDecoder.h"

namespace {

std::uint32_t readBe32(const std::string& s, std::size_t i) {
  std::uint32_t v = 0;
  for (std::size_t k = 0; k < 4; ++k) v = (v << 8) | static_cast<unsigned char>(s[i + k]);
  return v;
}

void fixChunkCrcs(std::string& png) {
  for (std::size_t pos = 8; pos + 12 <= png.size();) {
    const std::uint32_t length = readBe32(png, pos);
    if (length > png.size() - pos - 12) return;
    const uLong crc = crc32(0L, reinterpret_cast<const Bytef*>(png.data() + pos + 4), length + 4);
    for (int k = 0; k < 4; ++k) png[pos + 8 + length + k] = static_cast<char>(crc >> (24 - 8 * k));
    pos += 12 + std::size_t{length};
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  std::string png(reinterpret_cast<const char*>(data) + 1, size - 1);
  if (data[0] & 1) fixChunkCrcs(png);
  zsi::ImageReadOptions options;
  options.maxPixels = 1u << 22;  // keeps each input's memory small; checked before allocating
  auto im = zsi::decodePng(png, "fuzz.png", options);
  if (!im.ok()) return 0;
  if (im->channels != 3 || im->width <= 0 || im->height <= 0 ||
      im->pixels.size() != static_cast<std::size_t>(im->width) * im->height * 3) {
    __builtin_trap();
  }
  return 0;
}
