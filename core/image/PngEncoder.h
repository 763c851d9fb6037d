#pragma once
// A PNG encoder that needs no library: filter 0 on every row and stored (uncompressed) deflate
// blocks. Files are as large as the pixels; the OpenCV build writes compressed PNGs instead. Used
// for overlays and demo images when OpenCV is off, and in tests as the reference encoder.

#include <string>

#include "core/image/Image.h"
#include "core/util/Result.h"

namespace zsi {

// 1 (gray), 3 (RGB) or 4 (RGBA) channels, 8 bits.
Result<std::string> encodePngStored(const Image& image);

}  // namespace zsi
