#pragma once
// Image size from the first bytes of a file, without decoding: what readImageSize and the pixel
// limit of readImage rely on. Internal to core/image.

#include <cstdint>
#include <string>
#include <string_view>

#include "core/image/ImageIO.h"
#include "core/util/Result.h"

namespace zsi {

enum class ImageFormat { Unknown, Png, Jpeg, Pnm, Bmp, Webp };

struct ImageHeader {
  ImageFormat format = ImageFormat::Unknown;
  ImageSize size;
};

// `head` is the start of the file (JPEG needs to walk its segments, so give it the whole file or
// at least the part up to the frame header); `name` is used in errors.
Result<ImageHeader> parseImageHeader(std::string_view head, const std::string& name);
const char* imageFormatName(ImageFormat f);

}  // namespace zsi
