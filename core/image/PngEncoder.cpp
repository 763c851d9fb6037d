#include "core/image/PngEncoder.h"

#include <array>
#include <cstdint>

namespace zsi {

namespace {

std::uint32_t crc32(const std::string& data, std::size_t from) {
  static const std::array<std::uint32_t, 256> table = [] {
    std::array<std::uint32_t, 256> t{};
    for (std::uint32_t n = 0; n < 256; ++n) {
      std::uint32_t c = n;
      for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      t[n] = c;
    }
    return t;
  }();
  std::uint32_t c = 0xFFFFFFFFu;
  for (std::size_t i = from; i < data.size(); ++i) c = table[(c ^ static_cast<unsigned char>(data[i])) & 0xFF] ^ (c >> 8);
  return c ^ 0xFFFFFFFFu;
}

void put32(std::string& out, std::uint32_t v) {
  for (int s = 24; s >= 0; s -= 8) out.push_back(static_cast<char>((v >> s) & 0xFF));
}

void chunk(std::string& out, const char* type, const std::string& payload) {
  put32(out, static_cast<std::uint32_t>(payload.size()));
  const std::size_t start = out.size();
  out.append(type, 4);
  out.append(payload);
  put32(out, crc32(out, start));
}

}  // namespace

Result<std::string> encodePngStored(const Image& image) {
  if (image.empty()) return Error("cannot write an empty image as PNG");
  const int colourType = image.channels == 1 ? 0 : image.channels == 3 ? 2 : image.channels == 4 ? 6 : -1;
  if (colourType < 0) return Error("PNG needs 1, 3 or 4 channels, not " + std::to_string(image.channels));
  const std::size_t rowBytes = image.rowBytes();
  if (image.pixels.size() != rowBytes * static_cast<std::size_t>(image.height)) {
    return Error("image buffer size does not match its width, height and channels");
  }
  std::string out = "\x89PNG\r\n\x1a\n";
  std::string ihdr;
  put32(ihdr, static_cast<std::uint32_t>(image.width));
  put32(ihdr, static_cast<std::uint32_t>(image.height));
  ihdr += static_cast<char>(8);           // bit depth
  ihdr += static_cast<char>(colourType);
  ihdr.append(3, '\0');                   // deflate, adaptive filtering, no interlace
  chunk(out, "IHDR", ihdr);

  // zlib stream of stored blocks over the filtered rows (filter byte 0 + the row).
  std::string z = "\x78\x01";
  std::uint32_t a = 1, b = 0;  // Adler-32
  std::string block;
  auto flush = [&](bool last) {
    z.push_back(last ? 1 : 0);
    const auto n = static_cast<std::uint16_t>(block.size());
    z.push_back(static_cast<char>(n & 0xFF));
    z.push_back(static_cast<char>(n >> 8));
    z.push_back(static_cast<char>(~n & 0xFF));
    z.push_back(static_cast<char>((~n >> 8) & 0xFF));
    z.append(block);
    block.clear();
  };
  auto emit = [&](unsigned char c) {
    a = (a + c) % 65521;
    b = (b + a) % 65521;
    block.push_back(static_cast<char>(c));
    if (block.size() == 65535) flush(false);
  };
  for (int y = 0; y < image.height; ++y) {
    emit(0);
    const std::uint8_t* row = image.row(y);
    for (std::size_t i = 0; i < rowBytes; ++i) emit(row[i]);
  }
  flush(true);
  put32(z, (b << 16) | a);
  chunk(out, "IDAT", z);
  chunk(out, "IEND", "");
  return out;
}

}  // namespace zsi
