// The zlib PNG decoder (core/image/PngDecoder.h). Reference PNGs come from a small writer here
// that shares no code with the decoder: raw samples -> packed rows (Adam7 passes taken from the
// spec's 8x8 pattern, not from a pass table) -> filters -> zlib -> chunks. The expected RGB is
// computed straight from the raw samples. Where the build has OpenCV, its decoder (libpng) is a
// second reference. Broken files must give an error that names the problem, never a crash.

#include <zlib.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <random>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "core/image/ImageIO.h"
#include "core/image/PngDecoder.h"
#include "core/image/PngEncoder.h"
#include "core/util/AtomicFile.h"
#include "tests/harness/ZsiTest.h"

using namespace zsi;

namespace {

const std::string kName = "test.png";

// ---- the reference writer ----------------------------------------------------------------

// Samples as the PNG stores them, before any conversion to RGB.
struct RawPng {
  std::uint32_t width = 0, height = 0;
  int colourType = 0, bitDepth = 8;
  std::vector<std::uint16_t> samples;  // width * height * samplesPerPixel, row-major
  std::string palette;                 // colour type 3: RGB triples
  int samplesPerPixel() const {
    return colourType == 2 ? 3 : colourType == 4 ? 2 : colourType == 6 ? 4 : 1;
  }
};

RawPng randomRaw(std::uint32_t w, std::uint32_t h, int colourType, int bitDepth,
                 std::mt19937& rng) {
  RawPng raw;
  raw.width = w;
  raw.height = h;
  raw.colourType = colourType;
  raw.bitDepth = bitDepth;
  std::uint32_t maxSample = (1u << bitDepth) - 1;
  if (colourType == 3) {
    const std::uint32_t entries =
        std::uniform_int_distribution<std::uint32_t>(1, maxSample + 1)(rng);
    for (std::uint32_t i = 0; i < entries * 3; ++i)
      raw.palette.push_back(static_cast<char>(rng() & 0xFF));
    maxSample = entries - 1;
  }
  raw.samples.resize(std::size_t{w} * h * raw.samplesPerPixel());
  for (auto& s : raw.samples) s = static_cast<std::uint16_t>(rng() % (maxSample + 1));
  return raw;
}

// What OpenCV's IMREAD_COLOR gives: low depths scaled to 0-255, 16 bits to the high byte,
// gray replicated, alpha dropped, palette looked up.
Image expectedRgb(const RawPng& raw) {
  auto to8 = [&](std::uint32_t v) -> std::uint8_t {
    if (raw.bitDepth == 16) return static_cast<std::uint8_t>(v >> 8);
    return static_cast<std::uint8_t>(v * 255 / ((1u << raw.bitDepth) - 1));
  };
  Image im = Image::blank(static_cast<int>(raw.width), static_cast<int>(raw.height), 3);
  const int spp = raw.samplesPerPixel();
  for (std::size_t p = 0; p < std::size_t{raw.width} * raw.height; ++p) {
    const std::uint16_t* s = &raw.samples[p * spp];
    std::uint8_t* out = &im.pixels[p * 3];
    for (int c = 0; c < 3; ++c) {
      if (raw.colourType == 3) {
        const std::size_t at = std::size_t{s[0]} * 3 + c;
        out[c] = at < raw.palette.size() ? static_cast<std::uint8_t>(raw.palette[at]) : 0;
      } else {
        out[c] = to8(raw.colourType == 2 || raw.colourType == 6 ? s[c] : s[0]);
      }
    }
  }
  return im;
}

// Pass (1-7) of each pixel of an 8x8 block, as the PNG specification draws it.
constexpr int kAdam7Pattern[8][8] = {
    {1, 6, 4, 6, 2, 6, 4, 6}, {7, 7, 7, 7, 7, 7, 7, 7}, {5, 6, 5, 6, 5, 6, 5, 6},
    {7, 7, 7, 7, 7, 7, 7, 7}, {3, 6, 4, 6, 3, 6, 4, 6}, {7, 7, 7, 7, 7, 7, 7, 7},
    {5, 6, 5, 6, 5, 6, 5, 6}, {7, 7, 7, 7, 7, 7, 7, 7},
};

std::vector<std::uint8_t> packRow(const RawPng& raw, std::uint32_t y,
                                  const std::vector<std::uint32_t>& xs) {
  std::vector<std::uint8_t> out;
  unsigned acc = 0, bits = 0;
  for (std::uint32_t x : xs) {
    for (int c = 0; c < raw.samplesPerPixel(); ++c) {
      const std::uint16_t v =
          raw.samples[(std::size_t{y} * raw.width + x) * raw.samplesPerPixel() + c];
      if (raw.bitDepth == 16) {
        out.push_back(static_cast<std::uint8_t>(v >> 8));
        out.push_back(static_cast<std::uint8_t>(v & 0xFF));
      } else {
        acc = (acc << raw.bitDepth) | v;
        bits += static_cast<unsigned>(raw.bitDepth);
        if (bits == 8) {
          out.push_back(static_cast<std::uint8_t>(acc));
          acc = bits = 0;
        }
      }
    }
  }
  if (bits > 0) out.push_back(static_cast<std::uint8_t>(acc << (8 - bits)));
  return out;
}

int paethPredictor(int a, int b, int c) {
  const int p = a + b - c, pa = std::abs(p - a), pb = std::abs(p - b), pc = std::abs(p - c);
  if (pa <= pb && pa <= pc) return a;
  if (pb <= pc) return b;
  return c;
}

// The filter byte and the filtered row; `prior` is empty on a pass's first row.
std::string filterRow(int type, const std::vector<std::uint8_t>& row,
                      const std::vector<std::uint8_t>& prior, std::size_t bpp) {
  std::string out(1, static_cast<char>(type));
  for (std::size_t i = 0; i < row.size(); ++i) {
    const int a = i >= bpp ? row[i - bpp] : 0, b = prior.empty() ? 0 : prior[i];
    const int c = i >= bpp && !prior.empty() ? prior[i - bpp] : 0;
    const int pred = type == 1   ? a
                     : type == 2 ? b
                     : type == 3 ? (a + b) / 2
                     : type == 4 ? paethPredictor(a, b, c)
                                 : 0;
    out.push_back(static_cast<char>((row[i] - pred) & 0xFF));
  }
  return out;
}

// The uncompressed image data: every row of every pass, filtered. filter < 0 cycles 0-4 by row.
std::string filteredData(const RawPng& raw, bool interlace, int filter) {
  const std::size_t bpp =
      static_cast<std::size_t>(std::max(1, raw.samplesPerPixel() * raw.bitDepth / 8));
  std::string out;
  int rowIndex = 0;
  for (int pass = interlace ? 1 : 0; pass <= (interlace ? 7 : 0); ++pass) {
    std::vector<std::uint8_t> prior;
    for (std::uint32_t y = 0; y < raw.height; ++y) {
      std::vector<std::uint32_t> xs;
      for (std::uint32_t x = 0; x < raw.width; ++x)
        if (!interlace || kAdam7Pattern[y % 8][x % 8] == pass) xs.push_back(x);
      if (xs.empty()) continue;
      const std::vector<std::uint8_t> row = packRow(raw, y, xs);
      out += filterRow(filter < 0 ? rowIndex % 5 : filter, row, prior, bpp);
      prior = row;
      ++rowIndex;
    }
  }
  return out;
}

std::string zlibCompress(const std::string& data) {
  uLongf size = compressBound(static_cast<uLong>(data.size()));
  std::string out(size, '\0');
  compress2(reinterpret_cast<Bytef*>(out.data()), &size,
            reinterpret_cast<const Bytef*>(data.data()), static_cast<uLong>(data.size()),
            Z_DEFAULT_COMPRESSION);
  out.resize(size);
  return out;
}

std::string be32(std::uint32_t v) {
  return {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8),
          static_cast<char>(v)};
}

std::string pngChunk(const std::string& type, const std::string& data) {
  const std::string body = type + data;
  const uLong crc =
      crc32(0L, reinterpret_cast<const Bytef*>(body.data()), static_cast<uInt>(body.size()));
  return be32(static_cast<std::uint32_t>(data.size())) + body +
         be32(static_cast<std::uint32_t>(crc));
}

std::string ihdr(std::uint32_t w, std::uint32_t h, int depth, int colourType, int interlace = 0) {
  return be32(w) + be32(h) +
         std::string{static_cast<char>(depth), static_cast<char>(colourType), 0, 0,
                     static_cast<char>(interlace)};
}

const std::string kSignature("\x89PNG\r\n\x1a\n", 8);

struct BuildOptions {
  bool interlace = false;
  int filter = -1;    // -1: cycle 0-4 by row
  int idatParts = 1;  // the compressed stream split over this many IDAT chunks
};

// IDAT chunks of `compressed` split in `parts` nearly equal pieces.
std::string idatChunks(const std::string& compressed, int parts) {
  std::string out;
  const std::size_t step = (compressed.size() + parts - 1) / static_cast<std::size_t>(parts);
  for (int i = 0; i < parts; ++i) {
    const std::size_t from = std::min(compressed.size(), i * step);
    out += pngChunk("IDAT", compressed.substr(from, step));
  }
  return out;
}

std::string buildPng(const RawPng& raw, const BuildOptions& o = {}) {
  std::string png = kSignature + pngChunk("IHDR", ihdr(raw.width, raw.height, raw.bitDepth,
                                                       raw.colourType, o.interlace));
  if (raw.colourType == 3) png += pngChunk("PLTE", raw.palette);
  png += idatChunks(zlibCompress(filteredData(raw, o.interlace, o.filter)), o.idatParts);
  return png + pngChunk("IEND", "");
}

// ---- checks ----------------------------------------------------------------------------------

const std::vector<std::pair<std::uint32_t, std::uint32_t>> kOddSizes = {
    {1, 1}, {3, 5}, {9, 7}, {33, 17}};

const std::vector<std::pair<int, std::vector<int>>> kDepthsByColourType = {
    {0, {1, 2, 4, 8, 16}}, {2, {8, 16}}, {3, {1, 2, 4, 8}}, {4, {8, 16}}, {6, {8, 16}}};

std::string describe(const RawPng& raw, bool interlace) {
  return "colour type " + std::to_string(raw.colourType) + ", depth " +
         std::to_string(raw.bitDepth) + ", " + std::to_string(raw.width) + "x" +
         std::to_string(raw.height) + (interlace ? ", Adam7" : "");
}

// Decodes `png`, compares with `expected`; with OpenCV, its decoder must agree as well.
void checkDecodes(const std::string& png, const Image& expected, const std::string& what,
                  bool withOpenCv = true) {
  auto im = decodePng(png, kName);
  if (!im.ok()) {
    test::reportFailure(__FILE__, __LINE__, what + ": " + im.error().toString());
    return;
  }
  if (im->width != expected.width || im->height != expected.height || im->channels != 3 ||
      im->pixels != expected.pixels) {
    test::reportFailure(__FILE__, __LINE__, what + ": decoded pixels differ from the expected RGB");
  }
  if (!withOpenCv || !imageDecoderIsOpenCv()) return;
  static const std::string dir = test::tempDir();
  const std::string path = dir + "/ref.png";
  if (!writeFileAtomic(path, png).ok()) return;
  auto cv = readImage(path);
  if (!cv.ok() || cv->pixels != expected.pixels) {
    test::reportFailure(__FILE__, __LINE__,
                        what + ": OpenCV's decoder disagrees with the expected RGB");
  }
}

#define EXPECT_PNG_ERROR(expr, phrase)                                                        \
  do {                                                                                        \
    auto r_ = (expr);                                                                         \
    ZSI_REQUIRE(!r_.ok());                                                                    \
    if (r_.error().message.find(phrase) == std::string::npos)                                 \
      test::reportFailure(__FILE__, __LINE__,                                                 \
                          "error \"" + r_.error().message + "\" lacks \"" + (phrase) + "\""); \
    ZSI_CHECK_EQ(r_.error().file, kName);                                                     \
  } while (0)

// 8-bit RGB of a 1, 3 or 4 channel image, as readImage returns it.
Image toRgb(const Image& im) {
  Image out = Image::blank(im.width, im.height, 3);
  for (std::size_t p = 0; p < std::size_t(im.width) * im.height; ++p)
    for (int k = 0; k < 3; ++k)
      out.pixels[p * 3 + k] = im.pixels[p * im.channels + (im.channels == 1 ? 0 : k)];
  return out;
}

// A photo-like image: smooth shading with noisy patches, so encoders pick different filters.
Image randomImage(int w, int h, int c, std::mt19937& rng) {
  Image im = Image::blank(w, h, c);
  const int phase = static_cast<int>(rng() % 64);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x)
      for (int k = 0; k < c; ++k) {
        const bool noisy = ((x / 8 + y / 8 + phase) % 3) == 0;
        im.row(y)[x * c + k] =
            static_cast<std::uint8_t>(noisy ? rng() : (x * 3 + y * 5 + k * 40 + phase));
      }
  return im;
}

}  // namespace

ZSI_TEST(png_decoder_round_trips_the_stored_encoder) {
  std::mt19937 rng(0);
  for (int c : {1, 3, 4}) {
    // 70x300x4 > 65535 bytes: several stored blocks
    for (auto [w, h] : std::vector<std::pair<int, int>>{{1, 1}, {37, 23}, {70, 300}}) {
      const Image im = randomImage(w, h, c, rng);
      auto png = encodePngStored(im);
      ZSI_REQUIRE_OK(png);
      checkDecodes(*png, toRgb(im),
                   std::to_string(c) + " channels " + std::to_string(w) + "x" + std::to_string(h));
    }
  }
}

ZSI_TEST(png_decoder_reads_every_colour_type_and_bit_depth) {
  std::mt19937 rng(1);
  int cases = 0;
  for (const auto& [colourType, depths] : kDepthsByColourType) {
    for (int depth : depths) {
      for (auto [w, h] : kOddSizes) {
        for (bool interlace : {false, true}) {
          const RawPng raw = randomRaw(w, h, colourType, depth, rng);
          BuildOptions o;
          o.interlace = interlace;
          checkDecodes(buildPng(raw, o), expectedRgb(raw), describe(raw, interlace));
          ++cases;
        }
      }
    }
  }
  test::note(std::to_string(cases) + " images, every filter type on every one with 5 rows or more");
}

ZSI_TEST(png_decoder_undoes_each_filter_type) {
  std::mt19937 rng(2);
  // Pixel strides 3 (RGB8), 8 (RGBA16), 2 (gray+alpha 8) and 1 byte holding 4 pixels (gray 2-bit).
  for (auto [colourType, depth] :
       std::vector<std::pair<int, int>>{{2, 8}, {6, 16}, {4, 8}, {0, 2}, {3, 4}}) {
    const RawPng raw = randomRaw(33, 17, colourType, depth, rng);
    for (int filter = 0; filter <= 4; ++filter) {
      for (bool interlace : {false, true}) {
        BuildOptions o;
        o.filter = filter;
        o.interlace = interlace;
        checkDecodes(buildPng(raw, o), expectedRgb(raw),
                     describe(raw, interlace) + ", filter " + std::to_string(filter), false);
      }
    }
  }
}

ZSI_TEST(png_decoder_adam7_on_every_small_size) {
  std::mt19937 rng(3);
  for (std::uint32_t w = 1; w <= 17; ++w) {
    for (std::uint32_t h = 1; h <= 17; ++h) {
      for (auto [colourType, depth] : std::vector<std::pair<int, int>>{{2, 8}, {0, 1}}) {
        const RawPng raw = randomRaw(w, h, colourType, depth, rng);
        BuildOptions o;
        o.interlace = true;
        checkDecodes(buildPng(raw, o), expectedRgb(raw), describe(raw, true), false);
      }
    }
  }
}

ZSI_TEST(png_decoder_multiple_idat_and_ancillary_chunks) {
  std::mt19937 rng(4);
  const RawPng raw = randomRaw(33, 17, 3, 8, rng);
  const Image expected = expectedRgb(raw);
  for (int parts : {2, 7, 200}) {  // 200 parts: many IDATs of one byte or none
    BuildOptions o;
    o.idatParts = parts;
    o.interlace = parts == 7;
    checkDecodes(buildPng(raw, o), expected, std::to_string(parts) + " IDAT chunks");
  }
  // Ancillary chunks anywhere (text, transparency, a private one) are skipped; so is whatever
  // follows IEND. tRNS does not turn the palette into alpha: OpenCV drops it for RGB.
  const std::string data = zlibCompress(filteredData(raw, false, -1));
  std::string png = kSignature + pngChunk("IHDR", ihdr(33, 17, 8, 3)) +
                    pngChunk("tEXt", std::string("Title\0x", 7)) + pngChunk("PLTE", raw.palette) +
                    pngChunk("tRNS", std::string(5, '\0')) + pngChunk("zzZz", "private") +
                    pngChunk("IDAT", data.substr(0, 10)) + pngChunk("IDAT", "") +
                    pngChunk("IDAT", data.substr(10)) + pngChunk("tIME", std::string(7, '\1')) +
                    pngChunk("IEND", "") + "trailing bytes";
  checkDecodes(png, expected, "ancillary chunks");
  // RGB may carry a suggested palette; its pixels do not use it.
  const RawPng rgb = randomRaw(9, 7, 2, 8, rng);
  png = kSignature + pngChunk("IHDR", ihdr(9, 7, 8, 2)) + pngChunk("PLTE", std::string(6, '\7')) +
        pngChunk("IDAT", zlibCompress(filteredData(rgb, false, -1))) + pngChunk("IEND", "");
  checkDecodes(png, expectedRgb(rgb), "RGB with a suggested palette");
}

ZSI_TEST(png_decoder_palette_index_past_the_end_is_black) {
  // Invalid by the spec, but libpng reads it (black), so OpenCV builds do; we do the same.
  std::mt19937 rng(5);
  RawPng raw = randomRaw(16, 4, 3, 8, rng);
  raw.palette = raw.palette.substr(0, 6);  // 2 entries
  for (std::size_t i = 0; i < raw.samples.size(); ++i)
    raw.samples[i] = static_cast<std::uint16_t>(i % 5);
  checkDecodes(buildPng(raw), expectedRgb(raw), "indices 0-4 into a 2-entry palette");
}

ZSI_TEST(png_decoder_matches_opencv_on_compressed_pngs) {
  if (!imageDecoderIsOpenCv()) ZSI_SKIP("needs the OpenCV decoder");
  std::mt19937 rng(6);
  const std::string dir = test::tempDir();
  for (int i = 0; i < 24; ++i) {
    const int c = i % 3 == 0 ? 1 : i % 3 == 1 ? 3 : 4;
    const int w = 1 + static_cast<int>(rng() % 150), h = 1 + static_cast<int>(rng() % 120);
    const Image im = randomImage(w, h, c, rng);
    const std::string path = dir + "/r" + std::to_string(i) + ".png";
    ZSI_REQUIRE_OK(writePng(path, im));  // compressed by OpenCV (libpng, adaptive filters)
    auto bytes = readFile(path);
    ZSI_REQUIRE_OK(bytes);
    auto ours = decodePng(*bytes, path);
    ZSI_REQUIRE_OK(ours);
    auto cv = readImage(path);
    ZSI_REQUIRE_OK(cv);
    ZSI_CHECK(ours->pixels == cv->pixels);
    ZSI_CHECK(ours->pixels == toRgb(im).pixels);
  }
}

ZSI_TEST(read_image_reads_png_in_both_builds) {
  // Without OpenCV this goes through the zlib decoder, with it through OpenCV: same pixels.
  std::mt19937 rng(7);
  const std::string dir = test::tempDir();
  for (int c : {1, 3, 4}) {
    const Image im = randomImage(41, 29, c, rng);
    const std::string path = dir + "/w" + std::to_string(c) + ".png";
    ZSI_REQUIRE_OK(writePng(path, im));
    auto back = readImage(path);
    ZSI_REQUIRE_OK(back);
    ZSI_CHECK_EQ(back->channels, 3);
    ZSI_CHECK(back->pixels == toRgb(im).pixels);
  }
  // The pixel limit still holds before decoding.
  ImageReadOptions small;
  small.maxPixels = 41 * 29 - 1;
  auto r = readImage(dir + "/w3.png", small);
  ZSI_REQUIRE(!r.ok());
  ZSI_CHECK(r.error().message.find("over the limit") != std::string::npos);
}

ZSI_TEST(png_decoder_bad_signature_and_truncated_files) {
  std::mt19937 rng(8);
  const std::string png = buildPng(randomRaw(9, 7, 2, 8, rng));
  EXPECT_PNG_ERROR(decodePng("", kName), "bad signature");
  EXPECT_PNG_ERROR(decodePng("GIF89a" + png.substr(6), kName), "bad signature");
  EXPECT_PNG_ERROR(decodePng(png.substr(0, 8), kName), "nothing follows the signature");
  EXPECT_PNG_ERROR(decodePng(png.substr(0, 15), kName),
                   "truncated PNG: the chunk at byte offset 8 is cut off");
  EXPECT_PNG_ERROR(decodePng(png.substr(0, 20), kName),
                   "truncated PNG: chunk IHDR at byte offset 8 needs 25 bytes");
  EXPECT_PNG_ERROR(decodePng(png.substr(0, 60), kName),
                   "truncated PNG: chunk IDAT at byte offset 33 needs");
  EXPECT_PNG_ERROR(decodePng(png.substr(0, png.size() - 12), kName), "no IEND chunk");
  for (std::size_t n = 0; n < png.size(); ++n) ZSI_CHECK(!decodePng(png.substr(0, n), kName).ok());
}

ZSI_TEST(png_decoder_crc_mismatch) {
  std::mt19937 rng(9);
  std::string png = buildPng(randomRaw(9, 7, 2, 8, rng));
  std::string bad = png;
  bad[41] = static_cast<char>(bad[41] ^ 1);  // inside IDAT's data
  EXPECT_PNG_ERROR(decodePng(bad, kName), "CRC mismatch in chunk IDAT at byte offset 33");
  bad = png;
  bad[29] = static_cast<char>(bad[29] ^ 0x80);  // IHDR's stored CRC
  EXPECT_PNG_ERROR(decodePng(bad, kName), "CRC mismatch in chunk IHDR at byte offset 8");
}

ZSI_TEST(png_decoder_invalid_header_fields) {
  const std::string data = zlibCompress(std::string(2, '\0'));
  auto withHeader = [&](const std::string& header) {
    return decodePng(
        kSignature + pngChunk("IHDR", header) + pngChunk("IDAT", data) + pngChunk("IEND", ""),
        kName);
  };
  EXPECT_PNG_ERROR(withHeader(ihdr(0, 1, 8, 0)), "invalid PNG IHDR: width is 0");
  EXPECT_PNG_ERROR(withHeader(ihdr(1, 0, 8, 0)), "invalid PNG IHDR: height is 0");
  EXPECT_PNG_ERROR(withHeader(ihdr(0x80000000u, 1, 8, 0)), "width 2147483648 is over 2^31 - 1");
  EXPECT_PNG_ERROR(withHeader(ihdr(1, 1, 8, 5)), "colour type 5");
  EXPECT_PNG_ERROR(withHeader(ihdr(1, 1, 4, 2)),
                   "bit depth 4 is not allowed for colour type 2 (allowed: 8, 16)");
  EXPECT_PNG_ERROR(withHeader(ihdr(1, 1, 16, 3)), "bit depth 16 is not allowed for colour type 3");
  EXPECT_PNG_ERROR(withHeader(ihdr(1, 1, 3, 0)), "bit depth 3 is not allowed");
  EXPECT_PNG_ERROR(withHeader(ihdr(1, 1, 8, 0, 2)), "interlace method 2");
  EXPECT_PNG_ERROR(withHeader(ihdr(1, 1, 8, 0) + "x"), "length 14, expected 13");
  std::string h = ihdr(1, 1, 8, 0);
  h[10] = 1;
  EXPECT_PNG_ERROR(withHeader(h), "compression method 1");
  h = ihdr(1, 1, 8, 0);
  h[11] = 1;
  EXPECT_PNG_ERROR(withHeader(h), "filter method 1");
}

ZSI_TEST(png_decoder_oversize_dimensions_fail_before_allocating) {
  const std::string data = zlibCompress(std::string(2, '\0'));
  auto withSize = [&](std::uint32_t w, std::uint32_t h, const ImageReadOptions& o) {
    return decodePng(kSignature + pngChunk("IHDR", ihdr(w, h, 8, 6)) + pngChunk("IDAT", data) +
                         pngChunk("IEND", ""),
                     kName, o);
  };
  EXPECT_PNG_ERROR(withSize(100000, 100000, {}), "over the limit of 100000000");
  EXPECT_PNG_ERROR(withSize(0x7FFFFFFF, 0x7FFFFFFF, {}), "over the limit");
  // Allowed by the limit but impossible for 10 compressed bytes: refused before a 160 GB image.
  ImageReadOptions huge;
  huge.maxPixels = std::uint64_t{1} << 40;
  EXPECT_PNG_ERROR(withSize(200000, 200000, huge), "compressed bytes cannot hold the");
}

ZSI_TEST(png_decoder_bad_row_data) {
  std::mt19937 rng(10);
  const RawPng raw = randomRaw(9, 7, 2, 8, rng);
  const std::string rows = filteredData(raw, false, 0);  // 7 rows of 1 + 27 bytes
  auto withData = [&](const std::string& compressed) {
    return decodePng(kSignature + pngChunk("IHDR", ihdr(9, 7, 8, 2)) +
                         pngChunk("IDAT", compressed) + pngChunk("IEND", ""),
                     kName);
  };
  std::string bad = rows;
  bad[3 * 28] = 5;
  EXPECT_PNG_ERROR(withData(zlibCompress(bad)), "unknown filter type 5 on row 4 of 7");
  EXPECT_PNG_ERROR(withData(zlibCompress(rows.substr(0, rows.size() - 10))),
                   "too little image data");
  EXPECT_PNG_ERROR(withData(zlibCompress(rows.substr(0, rows.size() - 10))), "row 7 of 7");
  EXPECT_PNG_ERROR(withData(zlibCompress(rows + "x")), "too much image data");
  const std::string z = zlibCompress(rows);
  EXPECT_PNG_ERROR(withData(z.substr(0, z.size() - 4)), "incomplete image data");  // no Adler-32
  EXPECT_PNG_ERROR(withData(z.substr(0, z.size() / 2)), "too little image data");
  bad = z;
  bad[z.size() - 1] = static_cast<char>(bad[z.size() - 1] ^ 1);
  EXPECT_PNG_ERROR(withData(bad), "zlib error: incorrect data check");
  EXPECT_PNG_ERROR(withData(std::string(2, '\0') + z.substr(2)), "zlib error");
  EXPECT_PNG_ERROR(withData(""), "too little image data");
}

ZSI_TEST(png_decoder_bad_chunk_structure) {
  std::mt19937 rng(11);
  const RawPng raw = randomRaw(9, 7, 3, 8, rng);
  const std::string head = kSignature + pngChunk("IHDR", ihdr(9, 7, 8, 3));
  const std::string plte = pngChunk("PLTE", raw.palette);
  const std::string data = zlibCompress(filteredData(raw, false, -1));
  const std::string idat = pngChunk("IDAT", data), end = pngChunk("IEND", "");
  EXPECT_PNG_ERROR(decodePng(head + plte + pngChunk("ABCD", "x") + idat + end, kName),
                   "unknown critical chunk ABCD");
  EXPECT_PNG_ERROR(decodePng(head + idat + end, kName), "needs a PLTE chunk");
  EXPECT_PNG_ERROR(decodePng(head + plte + end, kName), "no image data");
  EXPECT_PNG_ERROR(decodePng(head + plte + idat, kName), "no IEND chunk");
  EXPECT_PNG_ERROR(decodePng(head + plte + idat + plte + end, kName), "comes after the image data");
  EXPECT_PNG_ERROR(decodePng(head + plte + plte + idat + end, kName), "a second chunk PLTE");
  EXPECT_PNG_ERROR(decodePng(head + pngChunk("PLTE", "ab") + idat + end, kName), "has 2 bytes");
  EXPECT_PNG_ERROR(decodePng(head + plte + pngChunk("IDAT", data.substr(0, 9)) +
                                 pngChunk("tEXt", "a") + pngChunk("IDAT", data.substr(9)) + end,
                             kName),
                   "IDAT chunks must be consecutive");
  EXPECT_PNG_ERROR(decodePng(kSignature + plte + idat + end, kName),
                   "the first chunk is PLTE, expected IHDR");
  EXPECT_PNG_ERROR(decodePng(head + pngChunk("IHDR", ihdr(9, 7, 8, 3)) + plte + idat + end, kName),
                   "a second chunk IHDR");
  const std::string grayHead = kSignature + pngChunk("IHDR", ihdr(9, 7, 8, 0));
  EXPECT_PNG_ERROR(decodePng(grayHead + plte + idat + end, kName),
                   "grayscale image has a chunk PLTE");
  std::string badType = head + plte + pngChunk("a1cd", "") + idat + end;
  EXPECT_PNG_ERROR(decodePng(badType, kName), "invalid type");
  std::string badLength = head + plte + idat + end;
  badLength.replace(head.size() + plte.size(), 4, be32(0x80000000u));
  EXPECT_PNG_ERROR(decodePng(badLength, kName), "claims 2147483648 bytes");
}

ZSI_TEST(png_decoder_survives_mutated_files) {
  // Random byte changes inside chunk data with the CRCs made right again, so that the damage
  // reaches the header checks, zlib and the filters: an image or an error, never a crash.
  std::mt19937 rng(12);
  struct Chunk {
    std::string type, data;
  };
  int decoded = 0, refused = 0;
  const std::vector<std::tuple<int, int, bool>> kinds = {
      {3, 2, true}, {6, 16, false}, {0, 1, true}, {2, 8, false}};
  for (auto [colourType, depth, interlace] : kinds) {
    BuildOptions o;
    o.interlace = interlace;
    o.idatParts = 3;
    const std::string png = buildPng(randomRaw(13, 11, colourType, depth, rng), o);
    std::vector<Chunk> chunks;
    for (std::size_t pos = 8; pos < png.size();) {
      const std::uint32_t n = (std::uint32_t(std::uint8_t(png[pos])) << 24) |
                              (std::uint32_t(std::uint8_t(png[pos + 1])) << 16) |
                              (std::uint32_t(std::uint8_t(png[pos + 2])) << 8) |
                              std::uint8_t(png[pos + 3]);
      chunks.push_back({png.substr(pos + 4, 4), png.substr(pos + 8, n)});
      pos += 12 + n;
    }
    for (int trial = 0; trial < 1500; ++trial) {
      std::vector<Chunk> mutated = chunks;
      for (int k = 0, edits = 1 + static_cast<int>(rng() % 3); k < edits; ++k) {
        Chunk& c = mutated[rng() % mutated.size()];
        if (c.data.empty()) continue;
        char& byte = c.data[rng() % c.data.size()];
        byte = static_cast<char>(rng() % 4 == 0 ? rng() : byte ^ (1u << (rng() % 8)));
      }
      std::string file = kSignature;
      for (const Chunk& c : mutated) file += pngChunk(c.type, c.data);
      auto r = decodePng(file, kName);
      if (r.ok()) {
        ++decoded;
        ZSI_CHECK_EQ(r->pixels.size(), std::size_t(r->width) * r->height * 3);
      } else {
        ++refused;
        ZSI_CHECK(!r.error().message.empty());
      }
    }
  }
  test::note(std::to_string(decoded) + " mutated files decoded, " + std::to_string(refused) +
             " refused");
}
