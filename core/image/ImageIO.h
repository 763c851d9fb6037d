#pragma once
// Reading and writing image files as zsi::Image. Decoding goes through OpenCV when the build has
// it (ZSI_WITH_OPENCV): any format it knows, always to 8-bit RGB (gray and RGBA are converted),
// EXIF orientation ignored as COCO's annotations assume (pixels as stored in the file). Without
// OpenCV, PNG (any valid PNG, through the zlib decoder of PngDecoder.h, to the same RGB as OpenCV)
// and PPM/PGM (P5/P6, 8-bit) can be read; with neither OpenCV nor zlib, only PPM/PGM. Other
// formats give a clear error. PNG writing (and PPM) never needs OpenCV. Writes are atomic.
//
// The image size is read from the file header first (PNG IHDR, JPEG SOF, PPM/PGM header), so an
// image over the pixel limit fails before any pixel is decoded.

#include <cstdint>
#include <string>
#include <string_view>

#include "core/image/Image.h"
#include "core/util/Result.h"

namespace zsi {

struct ImageSize {
  int width = 0;
  int height = 0;
};

// Width and height from the header of a PNG, JPEG, PPM or PGM file, without decoding.
Result<ImageSize> readImageSize(const std::string& path);

// One pixel limit for every decode path (zsi infer, training, validate --decode, the studio), so
// that a small file declaring a huge size (a decompression bomb) fails before any allocation:
// kDefaultMaxImagePixels, or the positive integer in the environment variable ZSI_MAX_IMAGE_PIXELS.
inline constexpr std::uint64_t kDefaultMaxImagePixels = 100'000'000;
// The limit in force; an error names a ZSI_MAX_IMAGE_PIXELS that is not a positive integer.
Result<std::uint64_t> imagePixelLimit();

struct ImageReadOptions {
  std::uint64_t maxPixels = 0;  // width * height above this fails before decoding; 0: imagePixelLimit()
};

// Decodes to 8-bit RGB (channels = 3). Running out of memory is an error, not an exception.
Result<Image> readImage(const std::string& path, const ImageReadOptions& options = {});

// PNG of a 1, 3 or 4 channel 8-bit image (gray, RGB, RGBA). Atomic.
Status writePng(const std::string& path, const Image& image);
// Binary PPM (3 channels) or PGM (1 channel). Atomic.
Status writePnm(const std::string& path, const Image& image);

// Whether this build decodes through OpenCV (JPEG, BMP, WebP, ... besides PNG and PPM/PGM).
bool imageDecoderIsOpenCv();

// `root`/`fileName`, refusing names that would leave `root` (absolute paths, "..", symlinks
// pointing outside). The file need not exist; what exists of the path is checked.
Result<std::string> resolveImagePath(const std::string& root, std::string_view fileName);

}  // namespace zsi
