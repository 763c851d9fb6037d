// libFuzzer target: pycocotools' compressed counts string decoder on arbitrary bytes, then the
// mask functions on whatever it accepts. Decoding and encoding again must give the same runs.

#include <cstdint>
#include <string_view>

#include "core/coco/Rle.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  const std::uint32_t h = data[0] % 64, w = data[1] % 64;
  const std::string_view counts(reinterpret_cast<const char*>(data) + 2, size - 2);
  auto rle = zsi::rleFromString(counts, h, w);
  if (!rle.ok()) return 0;
  auto back = zsi::rleFromString(zsi::rleToString(*rle), h, w);
  if (!back.ok() || back->counts != rle->counts) __builtin_trap();
  (void)zsi::rleArea(*rle);
  (void)zsi::rleToBbox(*rle);
  auto mask = zsi::rleDecode(*rle);
  if (mask.ok()) {
    // A full decode (runs covering the mask) encodes back to the same pixels.
    const zsi::Rle again = zsi::rleEncode(mask->data(), h, w);
    auto mask2 = zsi::rleDecode(again);
    if (!mask2.ok() || *mask2 != *mask) __builtin_trap();
  }
  const zsi::Rle merged = zsi::rleMerge({*rle, *rle}, false);
  double iou = 0;
  zsi::rleIou({*rle}, {merged}, {1}, &iou);
  return 0;
}
