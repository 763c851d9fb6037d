// Width and height from file headers: PNG's IHDR, JPEG's start-of-frame segment (found by walking
// the marker segments), the PPM/PGM text header, BMP's info header and WebP's VP8/VP8L/VP8X.

#include "core/image/ImageHeader.h"

#include <cctype>
#include <cstdlib>

namespace zsi {

namespace {

std::uint32_t be16(std::string_view s, std::size_t i) {
  return (static_cast<std::uint32_t>(static_cast<unsigned char>(s[i])) << 8) |
         static_cast<unsigned char>(s[i + 1]);
}
std::uint32_t be32(std::string_view s, std::size_t i) { return (be16(s, i) << 16) | be16(s, i + 2); }
std::uint32_t le16(std::string_view s, std::size_t i) {
  return static_cast<unsigned char>(s[i]) |
         (static_cast<std::uint32_t>(static_cast<unsigned char>(s[i + 1])) << 8);
}
std::uint32_t le32(std::string_view s, std::size_t i) { return le16(s, i) | (le16(s, i + 2) << 16); }

Result<ImageHeader> make(ImageFormat f, std::int64_t w, std::int64_t h, const std::string& name) {
  if (w <= 0 || h <= 0 || w > 0x7FFFFFFF || h > 0x7FFFFFFF) {
    return Error("the " + std::string(imageFormatName(f)) + " header gives an invalid size " +
                 std::to_string(w) + "x" + std::to_string(h)).inFile(name);
  }
  ImageHeader hd;
  hd.format = f;
  hd.size = {static_cast<int>(w), static_cast<int>(h)};
  return hd;
}

Result<ImageHeader> jpeg(std::string_view s, const std::string& name) {
  std::size_t i = 2;
  while (i + 4 <= s.size()) {
    if (static_cast<unsigned char>(s[i]) != 0xFF) {
      return Error("corrupt JPEG: expected a marker at byte " + std::to_string(i)).inFile(name);
    }
    while (i < s.size() && static_cast<unsigned char>(s[i]) == 0xFF) ++i;  // fill bytes
    if (i >= s.size()) break;
    const unsigned m = static_cast<unsigned char>(s[i++]);
    if (m == 0xD8 || m == 0x01 || (m >= 0xD0 && m <= 0xD7)) continue;  // no length
    if (m == 0xD9 || m == 0xDA) break;  // end of image / start of scan before any frame header
    if (i + 2 > s.size()) break;
    const std::uint32_t len = be16(s, i);
    const bool sof = (m >= 0xC0 && m <= 0xCF) && m != 0xC4 && m != 0xC8 && m != 0xCC;
    if (sof) {
      if (i + 7 > s.size()) break;
      return make(ImageFormat::Jpeg, be16(s, i + 5), be16(s, i + 3), name);
    }
    if (len < 2) return Error("corrupt JPEG: segment length below 2").inFile(name);
    i += len;
  }
  return Error("corrupt or truncated JPEG: no frame header (SOF) found").inFile(name);
}

// PNM header: magic, then width, height and maxval separated by whitespace and # comments.
Result<ImageHeader> pnm(std::string_view s, const std::string& name) {
  std::size_t i = 2;
  std::int64_t v[3] = {0, 0, 0};
  for (int k = 0; k < 3; ++k) {
    while (i < s.size() && (std::isspace(static_cast<unsigned char>(s[i])) || s[i] == '#')) {
      if (s[i] == '#') {
        while (i < s.size() && s[i] != '\n') ++i;
      } else {
        ++i;
      }
    }
    if (i >= s.size() || !std::isdigit(static_cast<unsigned char>(s[i]))) {
      return Error("corrupt PPM/PGM header").inFile(name);
    }
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])) && v[k] < 0x7FFFFFFF) {
      v[k] = v[k] * 10 + (s[i++] - '0');
    }
  }
  return make(ImageFormat::Pnm, v[0], v[1], name);
}

}  // namespace

const char* imageFormatName(ImageFormat f) {
  switch (f) {
    case ImageFormat::Png: return "PNG";
    case ImageFormat::Jpeg: return "JPEG";
    case ImageFormat::Pnm: return "PPM/PGM";
    case ImageFormat::Bmp: return "BMP";
    case ImageFormat::Webp: return "WebP";
    default: return "unknown";
  }
}

Result<ImageHeader> parseImageHeader(std::string_view s, const std::string& name) {
  if (s.size() >= 24 && s.substr(0, 8) == "\x89PNG\r\n\x1a\n") {
    if (s.substr(12, 4) != "IHDR") return Error("corrupt PNG: the first chunk is not IHDR").inFile(name);
    return make(ImageFormat::Png, be32(s, 16), be32(s, 20), name);
  }
  if (s.size() >= 3 && static_cast<unsigned char>(s[0]) == 0xFF &&
      static_cast<unsigned char>(s[1]) == 0xD8 && static_cast<unsigned char>(s[2]) == 0xFF) {
    return jpeg(s, name);
  }
  if (s.size() >= 3 && s[0] == 'P' && (s[1] == '5' || s[1] == '6')) return pnm(s, name);
  if (s.size() >= 26 && s.substr(0, 2) == "BM") {
    const auto h = static_cast<std::int32_t>(le32(s, 22));
    return make(ImageFormat::Bmp, static_cast<std::int32_t>(le32(s, 18)), h < 0 ? -static_cast<std::int64_t>(h) : h, name);
  }
  if (s.size() >= 30 && s.substr(0, 4) == "RIFF" && s.substr(8, 4) == "WEBP") {
    const std::string_view kind = s.substr(12, 4);
    if (kind == "VP8 ") return make(ImageFormat::Webp, le16(s, 26) & 0x3FFF, le16(s, 28) & 0x3FFF, name);
    if (kind == "VP8L") {
      const std::uint32_t b = le32(s, 21);
      return make(ImageFormat::Webp, (b & 0x3FFF) + 1, ((b >> 14) & 0x3FFF) + 1, name);
    }
    if (kind == "VP8X") {
      const std::uint32_t w = le16(s, 24) | (static_cast<std::uint32_t>(static_cast<unsigned char>(s[26])) << 16);
      const std::uint32_t h = le16(s, 27) | (static_cast<std::uint32_t>(static_cast<unsigned char>(s[29])) << 16);
      return make(ImageFormat::Webp, w + 1, h + 1, name);
    }
  }
  if (s.empty()) return Error("the image file is empty").inFile(name);
  return Error("not a JPEG, PNG, BMP, WebP, PPM or PGM image").inFile(name);
}

}  // namespace zsi
