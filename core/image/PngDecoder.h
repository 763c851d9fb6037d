#pragma once
// A PNG decoder over zlib, so that a build without OpenCV still reads our PNG training and demo
// images (readImage uses it there; the OpenCV build compiles it too, so its tests compare the two).
//
// Every valid PNG decodes: colour types 0, 2, 3, 4, 6 at each bit depth they allow, filters 0-4,
// Adam7 interlacing, image data split over any number of IDAT chunks. The result is what OpenCV's
// IMREAD_COLOR gives: 8-bit RGB; gray replicated; alpha dropped, not composited; palette expanded
// with tRNS ignored (an index past the palette's end is black, as libpng makes it); 16-bit samples
// reduced to their high byte. Gamma and colour-space chunks are ignored, like OpenCV does.
//
// Hostile input fails with an error that names the problem and never allocates more than the
// output image plus two rows: the IHDR size is checked against maxPixels before anything is
// allocated, and so is whether the compressed data could hold that many bytes at all.
// Thread-safe (no shared state).

#include <string>
#include <string_view>

#include "core/image/Image.h"
#include "core/image/ImageIO.h"
#include "core/util/Result.h"

namespace zsi {

// `bytes` is the whole file; `name` (usually its path) is the Error's file.
Result<Image> decodePng(std::string_view bytes, const std::string& name,
                        const ImageReadOptions& options = {});

}  // namespace zsi
