// PNG decoding (W3C PNG, 2nd edition) over zlib, in two steps: walk the chunks (CRCs, order, IHDR
// and PLTE checks), noting where the IDAT payloads are; then inflate those as one zlib stream a
// row at a time, undo each row's filter and expand its samples into the RGB image at the pixel
// positions of its interlace pass. Rows stream through two buffers, so memory is the output image.
//
// Helper names carry a Png prefix because unity builds compile this file in one translation unit
// with the other core/image sources (PngEncoder.cpp has its own crc32 and chunk helpers).

#include "core/image/PngDecoder.h"

#include <zlib.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace zsi {

namespace {

constexpr std::string_view kPngSignature("\x89PNG\r\n\x1a\n", 8);

// Deflate turns one byte into at most 1032 (a 258-byte match coded as two 1-bit codes), so a
// stream can only hold this many bytes per compressed byte; the slack covers the first literals.
// Checking it before allocating keeps a tiny file that claims a huge image from costing memory.
constexpr std::uint64_t kPngMaxInflateRatio = 1032;
constexpr std::uint64_t kPngInflateSlack = 1024;
// Whatever maxPixels the caller allows, sizes stay far from overflowing 64-bit arithmetic.
constexpr std::uint64_t kPngPixelCeiling = std::uint64_t{1} << 40;

std::uint32_t pngBe32(std::string_view s, std::size_t i) {
  std::uint32_t v = 0;
  for (std::size_t k = 0; k < 4; ++k) v = (v << 8) | static_cast<unsigned char>(s[i + k]);
  return v;
}

std::string pngHex32(std::uint32_t v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%08x", static_cast<unsigned>(v));
  return buf;
}

// What IHDR says.
struct PngLayout {
  std::uint32_t width = 0;
  std::uint32_t height = 0;
  int bitDepth = 0;
  int colourType = 0;
  bool interlaced = false;

  int samplesPerPixel() const {
    switch (colourType) {
      case 2:
        return 3;
      case 4:
        return 2;
      case 6:
        return 4;
      default:
        return 1;  // 0 gray, 3 palette index
    }
  }
  std::uint64_t rowBytes(std::uint64_t pixels) const {
    return (pixels * static_cast<std::uint64_t>(samplesPerPixel() * bitDepth) + 7) / 8;
  }
  // Filters predict from the byte one pixel back, or one byte back when pixels are smaller.
  std::size_t filterStride() const {
    return static_cast<std::size_t>(std::max(1, samplesPerPixel() * bitDepth / 8));
  }
};

// An interlace pass: the pixels (x0 + i*dx, y0 + j*dy), filtered and stored as a small image.
struct PngPass {
  std::uint32_t x0, y0, dx, dy;
  std::uint32_t width(std::uint32_t w) const { return w > x0 ? (w - x0 + dx - 1) / dx : 0; }
  std::uint32_t height(std::uint32_t h) const { return h > y0 ? (h - y0 + dy - 1) / dy : 0; }
};
constexpr std::array<PngPass, 7> kPngAdam7 = {{
    {0, 0, 8, 8},
    {4, 0, 8, 8},
    {0, 4, 4, 8},
    {2, 0, 4, 4},
    {0, 2, 2, 4},
    {1, 0, 2, 2},
    {0, 1, 1, 2},
}};
constexpr std::array<PngPass, 1> kPngNoInterlace = {{{0, 0, 1, 1}}};

struct PngChunks {
  PngLayout layout;
  std::string_view palette;                 // PLTE payload of colour type 3, 3 bytes an entry
  std::vector<std::string_view> imageData;  // IDAT payloads in file order
  std::uint64_t imageDataBytes = 0;
};

Result<PngLayout> parsePngHeader(std::string_view d, const std::string& name,
                                 const ImageReadOptions& options) {
  auto invalid = [&](const std::string& what) {
    return Error("invalid PNG IHDR: " + what).inFile(name);
  };
  if (d.size() != 13) return invalid("length " + std::to_string(d.size()) + ", expected 13");
  PngLayout l;
  l.width = pngBe32(d, 0);
  l.height = pngBe32(d, 4);
  l.bitDepth = static_cast<unsigned char>(d[8]);
  l.colourType = static_cast<unsigned char>(d[9]);
  const int compression = static_cast<unsigned char>(d[10]);
  const int filterMethod = static_cast<unsigned char>(d[11]);
  const int interlace = static_cast<unsigned char>(d[12]);
  if (l.width == 0) return invalid("width is 0");
  if (l.height == 0) return invalid("height is 0");
  if (l.width > 0x7FFFFFFFu)
    return invalid("width " + std::to_string(l.width) + " is over 2^31 - 1");
  if (l.height > 0x7FFFFFFFu)
    return invalid("height " + std::to_string(l.height) + " is over 2^31 - 1");
  const char* allowed = nullptr;
  switch (l.colourType) {
    case 0:
      allowed = "1, 2, 4, 8, 16";
      break;
    case 3:
      allowed = "1, 2, 4, 8";
      break;
    case 2:
    case 4:
    case 6:
      allowed = "8, 16";
      break;
    default:
      return invalid("colour type " + std::to_string(l.colourType) + " (valid: 0, 2, 3, 4, 6)");
  }
  const bool lowDepth = l.bitDepth == 1 || l.bitDepth == 2 || l.bitDepth == 4;
  const bool depthOk = l.bitDepth == 8 || (l.bitDepth == 16 && l.colourType != 3) ||
                       (lowDepth && (l.colourType == 0 || l.colourType == 3));
  if (!depthOk) {
    return invalid("bit depth " + std::to_string(l.bitDepth) + " is not allowed for colour type " +
                   std::to_string(l.colourType) + " (allowed: " + allowed + ")");
  }
  if (compression != 0)
    return invalid("compression method " + std::to_string(compression) +
                   " (only 0, deflate, exists)");
  if (filterMethod != 0)
    return invalid("filter method " + std::to_string(filterMethod) + " (only 0 exists)");
  if (interlace > 1)
    return invalid("interlace method " + std::to_string(interlace) + " (valid: 0 none, 1 Adam7)");
  l.interlaced = interlace == 1;
  const std::uint64_t pixels = std::uint64_t{l.width} * l.height;
  std::uint64_t limit = options.maxPixels;
  if (limit == 0) {
    auto setting = imagePixelLimit();
    if (!setting.ok()) return Error(setting.error().message).inFile(name);
    limit = *setting;
  }
  limit = std::min(limit, kPngPixelCeiling);
  if (pixels > limit) {
    return Error("the PNG is " + std::to_string(l.width) + "x" + std::to_string(l.height) + " = " +
                 std::to_string(pixels) + " pixels, over the limit of " + std::to_string(limit) +
                 "; not decoded")
        .inFile(name);
  }
  return l;
}

bool pngChunkTypeIsLetters(std::string_view type) {
  return std::all_of(type.begin(), type.end(),
                     [](char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); });
}

Result<PngChunks> walkPngChunks(std::string_view s, const std::string& name,
                                const ImageReadOptions& options) {
  if (s.size() < kPngSignature.size() || s.substr(0, kPngSignature.size()) != kPngSignature) {
    return Error("not a PNG file: bad signature (the first 8 bytes are not the PNG signature)")
        .inFile(name);
  }
  PngChunks out;
  bool haveHeader = false, haveEnd = false, inImageData = false, imageDataDone = false;
  std::size_t pos = kPngSignature.size();
  while (pos < s.size()) {
    const std::string at = " at byte offset " + std::to_string(pos);
    if (s.size() - pos < 12) {
      return Error("truncated PNG: the chunk" + at + " is cut off (the file ends at byte " +
                   std::to_string(s.size()) + ")")
          .inFile(name);
    }
    const std::uint32_t length = pngBe32(s, pos);
    const std::string_view type = s.substr(pos + 4, 4);
    if (!pngChunkTypeIsLetters(type)) {
      return Error("corrupt PNG: the chunk" + at + " has an invalid type (not four ASCII letters)")
          .inFile(name);
    }
    const std::string chunk = "chunk " + std::string(type) + at;
    if (length > 0x7FFFFFFFu) {
      return Error("corrupt PNG: " + chunk + " claims " + std::to_string(length) +
                   " bytes (over 2^31 - 1)")
          .inFile(name);
    }
    if (s.size() - pos - 12 < length) {
      return Error("truncated PNG: " + chunk + " needs " +
                   std::to_string(std::uint64_t{length} + 12) + " bytes, only " +
                   std::to_string(s.size() - pos) + " remain")
          .inFile(name);
    }
    const std::string_view data = s.substr(pos + 8, length);
    const uLong crc =
        ::crc32(::crc32(0L, reinterpret_cast<const Bytef*>(type.data()), 4),
                reinterpret_cast<const Bytef*>(data.data()), static_cast<uInt>(length));
    const std::uint32_t stored = pngBe32(s, pos + 8 + length);
    if (static_cast<std::uint32_t>(crc) != stored) {
      return Error("corrupt PNG: CRC mismatch in " + chunk + " (stored " + pngHex32(stored) +
                   ", computed " + pngHex32(static_cast<std::uint32_t>(crc)) + ")")
          .inFile(name);
    }
    if (!haveHeader && type != "IHDR") {
      return Error("corrupt PNG: the first chunk is " + std::string(type) + ", expected IHDR")
          .inFile(name);
    }
    if (type == "IDAT") {
      if (imageDataDone) {
        return Error("corrupt PNG: " + chunk +
                     " comes after other chunks that followed the image data "
                     "(IDAT chunks must be consecutive)")
            .inFile(name);
      }
      if (out.layout.colourType == 3 && out.palette.empty()) {
        return Error(
                   "corrupt PNG: colour type 3 (palette) needs a PLTE chunk before the image data")
            .inFile(name);
      }
      inImageData = true;
      out.imageData.push_back(data);
      out.imageDataBytes += length;
    } else {
      imageDataDone = imageDataDone || inImageData;
      inImageData = false;
      if (type == "IHDR") {
        if (haveHeader) return Error("corrupt PNG: a second " + chunk).inFile(name);
        auto layout = parsePngHeader(data, name, options);
        if (!layout.ok()) return layout.error();
        out.layout = *layout;
        haveHeader = true;
      } else if (type == "PLTE") {
        const int ct = out.layout.colourType;
        if (!out.imageData.empty())
          return Error("corrupt PNG: " + chunk + " comes after the image data").inFile(name);
        if (ct == 0 || ct == 4)
          return Error("corrupt PNG: a grayscale image has a " + chunk).inFile(name);
        if (length == 0 || length % 3 != 0 || length > 256 * 3) {
          return Error("corrupt PNG: " + chunk + " has " + std::to_string(length) +
                       " bytes, expected 1 to 256 entries of 3 bytes")
              .inFile(name);
        }
        // Colour types 2 and 6 may suggest a palette for display; their pixels do not use it.
        if (ct == 3) {
          if (!out.palette.empty()) return Error("corrupt PNG: a second " + chunk).inFile(name);
          out.palette = data;
        }
      } else if (type == "IEND") {
        haveEnd = true;
        break;  // whatever follows IEND is not part of the image
      } else if ((static_cast<unsigned char>(type[0]) & 0x20) == 0) {
        // An unknown critical chunk means pixels we would misread; ancillary ones (text, gamma,
        // tRNS, ...) do not change what OpenCV's IMREAD_COLOR returns, so they are skipped.
        return Error("unsupported PNG: unknown critical " + chunk).inFile(name);
      }
    }
    pos += 12 + std::size_t{length};
  }
  if (!haveHeader) return Error("truncated PNG: nothing follows the signature").inFile(name);
  if (out.imageData.empty())
    return Error("corrupt PNG: no image data (no IDAT chunk)").inFile(name);
  if (!haveEnd) {
    return Error("truncated PNG: no IEND chunk before the end of the file (byte " +
                 std::to_string(s.size()) + ")")
        .inFile(name);
  }
  return out;
}

// The IDAT payloads as one zlib stream, read in exact amounts.
class PngInflater {
 public:
  explicit PngInflater(const std::vector<std::string_view>& parts) : parts_(parts) {}
  ~PngInflater() {
    if (started_) ::inflateEnd(&z_);
  }
  PngInflater(const PngInflater&) = delete;
  PngInflater& operator=(const PngInflater&) = delete;

  Status start() {
    if (::inflateInit(&z_) != Z_OK)
      return Error("zlib error: cannot start inflating (out of memory?)");
    started_ = true;
    return okStatus();
  }

  // Fills out[0, n).
  Status read(std::uint8_t* out, std::size_t n) {
    while (n > 0) {
      const auto step = static_cast<uInt>(std::min<std::size_t>(n, std::size_t{1} << 30));
      z_.next_out = out;
      z_.avail_out = step;
      while (z_.avail_out > 0) {
        if (ended_)
          return Error("too little image data: the zlib stream ends before the image is complete");
        ZSI_TRY(inflateSome());
        if (starved_)
          return Error(
              "too little image data: the compressed data ends before the image is complete");
      }
      out += step;
      n -= step;
    }
    return okStatus();
  }

  // After the last row: the stream must end there, checksum included, without another byte.
  Status finish() {
    std::uint8_t extra = 0;
    while (!ended_) {
      z_.next_out = &extra;
      z_.avail_out = 1;
      ZSI_TRY(inflateSome());
      if (z_.avail_out == 0)
        return Error("too much image data: the zlib stream holds more bytes than the image needs");
      if (starved_) {
        return Error(
            "incomplete image data: the compressed data ends before the zlib stream's end and "
            "checksum");
      }
    }
    return okStatus();
  }

 private:
  // One inflate call; sets ended_ at the stream's end and starved_ when input ran out first.
  Status inflateSome() {
    while (z_.avail_in == 0 && next_ < parts_.size()) {
      // zlib takes a non-const pointer but does not write through next_in.
      z_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(parts_[next_].data()));
      z_.avail_in = static_cast<uInt>(parts_[next_].size());  // chunk lengths are below 2^31
      ++next_;
    }
    const int r = ::inflate(&z_, Z_NO_FLUSH);
    if (r == Z_OK) return okStatus();
    if (r == Z_STREAM_END) {
      ended_ = true;
      return okStatus();
    }
    if (r == Z_BUF_ERROR && z_.avail_in == 0) {
      starved_ = true;
      return okStatus();
    }
    if (r == Z_NEED_DICT)
      return Error("zlib error: the stream asks for a preset dictionary, which PNG does not allow");
    return Error(std::string("zlib error: ") + (z_.msg ? z_.msg : ::zError(r)));
  }

  const std::vector<std::string_view>& parts_;
  std::size_t next_ = 0;
  z_stream z_{};
  bool started_ = false;
  bool ended_ = false;
  bool starved_ = false;
};

std::uint8_t pngPaeth(int a, int b, int c) {
  const int p = a + b - c;
  const int pa = std::abs(p - a), pb = std::abs(p - b), pc = std::abs(p - c);
  if (pa <= pb && pa <= pc) return static_cast<std::uint8_t>(a);
  return static_cast<std::uint8_t>(pb <= pc ? b : c);
}

// Undoes one row's filter in place. `prev` is the pass's previous row, unfiltered (zeros for its
// first row); bytes before the row's start count as 0. False for an unknown filter type.
bool unfilterPngRow(int type, std::uint8_t* cur, const std::uint8_t* prev, std::size_t n,
                    std::size_t stride) {
  auto add = [](std::uint8_t& byte, int v) { byte = static_cast<std::uint8_t>(byte + v); };
  switch (type) {
    case 0:
      return true;
    case 1:
      for (std::size_t i = stride; i < n; ++i) add(cur[i], cur[i - stride]);
      return true;
    case 2:
      for (std::size_t i = 0; i < n; ++i) add(cur[i], prev[i]);
      return true;
    case 3:
      for (std::size_t i = 0; i < n; ++i)
        add(cur[i], ((i >= stride ? cur[i - stride] : 0) + prev[i]) / 2);
      return true;
    case 4:
      for (std::size_t i = 0; i < n; ++i) {
        const int a = i >= stride ? cur[i - stride] : 0, c = i >= stride ? prev[i - stride] : 0;
        add(cur[i], pngPaeth(a, prev[i], c));
      }
      return true;
    default:
      return false;
  }
}

// Writes one unfiltered row of a pass into the RGB image at the pass's pixel positions, the way
// OpenCV's IMREAD_COLOR reads it (see PngDecoder.h).
void expandPngRow(const PngLayout& l, const std::uint8_t* row, const PngPass& pass,
                  std::uint32_t passRow, std::uint32_t passWidth,
                  const std::array<std::uint8_t, 256 * 3>& palette, Image& image) {
  std::uint8_t* out = image.row(static_cast<int>(pass.y0 + passRow * pass.dy));
  auto at = [&](std::uint32_t i) {
    return out + (std::size_t{pass.x0} + std::size_t{i} * pass.dx) * 3;
  };
  if (l.bitDepth < 8) {  // gray or palette index, packed from the high bits of each byte
    const unsigned depth = static_cast<unsigned>(l.bitDepth), mask = (1u << depth) - 1;
    const unsigned scale = 255 / mask;  // 1 -> 255, 2 -> 85, 4 -> 17: the full 0-255 range
    for (std::uint32_t i = 0; i < passWidth; ++i) {
      const std::size_t bit = std::size_t{i} * depth;
      const unsigned v = (row[bit / 8] >> (8 - depth - bit % 8)) & mask;
      std::uint8_t* px = at(i);
      if (l.colourType == 3) {
        std::memcpy(px, &palette[v * 3], 3);
      } else {
        px[0] = px[1] = px[2] = static_cast<std::uint8_t>(v * scale);
      }
    }
    return;
  }
  // 8 or 16 bits a sample; of 16 bits the first (most significant) byte is kept.
  const std::size_t sampleBytes = static_cast<std::size_t>(l.bitDepth / 8);
  const std::size_t pixelBytes = sampleBytes * static_cast<std::size_t>(l.samplesPerPixel());
  for (std::uint32_t i = 0; i < passWidth; ++i, row += pixelBytes) {
    std::uint8_t* px = at(i);
    switch (l.colourType) {
      case 0:
      case 4:
        px[0] = px[1] = px[2] = row[0];
        break;  // alpha (type 4) dropped
      case 3:
        std::memcpy(px, &palette[row[0] * 3u], 3);
        break;
      default:
        px[0] = row[0];
        px[1] = row[sampleBytes];
        px[2] = row[2 * sampleBytes];
        break;  // 2, 6
    }
  }
}

std::string pngRowName(bool interlaced, std::size_t pass, std::uint32_t row, std::uint32_t rows) {
  std::string s = "row " + std::to_string(row + 1) + " of " + std::to_string(rows);
  if (interlaced) s += " of interlace pass " + std::to_string(pass + 1);
  return s;
}

}  // namespace

Result<Image> decodePng(std::string_view bytes, const std::string& name,
                        const ImageReadOptions& options) {
  auto chunks = walkPngChunks(bytes, name, options);
  if (!chunks.ok()) return chunks.error();
  const PngLayout& l = chunks->layout;
  const PngPass* passes = l.interlaced ? kPngAdam7.data() : kPngNoInterlace.data();
  const std::size_t passCount = l.interlaced ? kPngAdam7.size() : kPngNoInterlace.size();

  std::uint64_t needed = 0, widestRow = 0;
  for (std::size_t p = 0; p < passCount; ++p) {
    const std::uint64_t w = passes[p].width(l.width), h = passes[p].height(l.height);
    if (w == 0 || h == 0) continue;  // an empty pass has no rows, not even filter bytes
    needed += h * (1 + l.rowBytes(w));
    widestRow = std::max(widestRow, l.rowBytes(w));
  }
  if (needed > chunks->imageDataBytes * kPngMaxInflateRatio + kPngInflateSlack) {
    return Error("too little image data: " + std::to_string(chunks->imageDataBytes) +
                 " compressed bytes cannot hold the " + std::to_string(needed) + " bytes a " +
                 std::to_string(l.width) + "x" + std::to_string(l.height) + " image needs")
        .inFile(name);
  }

  std::array<std::uint8_t, 256 * 3> palette{};  // entries past the PLTE's end stay black
  if (!chunks->palette.empty())
    std::memcpy(palette.data(), chunks->palette.data(), chunks->palette.size());
  Image image = Image::blank(static_cast<int>(l.width), static_cast<int>(l.height), 3);
  // Each buffer is [filter type][row bytes]; prev starts each pass as zeros.
  std::vector<std::uint8_t> cur(widestRow + 1), prev(widestRow + 1);
  PngInflater inflater(chunks->imageData);
  if (auto st = inflater.start(); !st.ok()) return st.error().inFile(name);
  for (std::size_t p = 0; p < passCount; ++p) {
    const PngPass& pass = passes[p];
    const std::uint32_t w = pass.width(l.width), h = pass.height(l.height);
    if (w == 0 || h == 0) continue;
    const std::size_t rowBytes = static_cast<std::size_t>(l.rowBytes(w));
    std::fill(prev.begin(), prev.end(), 0);
    for (std::uint32_t r = 0; r < h; ++r) {
      if (auto st = inflater.read(cur.data(), rowBytes + 1); !st.ok()) {
        return Error(st.error().message + " (at " + pngRowName(l.interlaced, p, r, h) + ")")
            .inFile(name);
      }
      if (!unfilterPngRow(cur[0], cur.data() + 1, prev.data() + 1, rowBytes, l.filterStride())) {
        return Error("corrupt PNG: unknown filter type " + std::to_string(cur[0]) + " on " +
                     pngRowName(l.interlaced, p, r, h) + " (valid: 0 to 4)")
            .inFile(name);
      }
      expandPngRow(l, cur.data() + 1, pass, r, w, palette, image);
      std::swap(cur, prev);
    }
  }
  if (auto st = inflater.finish(); !st.ok()) return st.error().inFile(name);
  return image;
}

}  // namespace zsi
