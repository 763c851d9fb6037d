// libFuzzer target: the COCO instances and results readers on arbitrary bytes. Whatever the input,
// they must return a dataset or an error (never crash, hang or leak). An accepted dataset must
// write back to text that reads again to the same text, and its masks must be computable.

#include <cstdint>
#include <string_view>

#include "core/coco/CocoReader.h"
#include "core/coco/CocoResults.h"
#include "core/coco/CocoWriter.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  // The first byte picks the reader and the chunk size, so chunk boundaries fall everywhere.
  const std::uint8_t mode = data[0];
  const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  if (mode & 1) {
    auto r = zsi::parseCocoResults(text, "fuzz.json");
    if (r.ok()) (void)zsi::cocoResultsToJson(r->detections);
    return 0;
  }
  zsi::CocoLoadOptions options;
  options.chunkBytes = 1 + (mode >> 1) * 8;
  options.threads = 1 + (mode >> 7);
  auto ds = zsi::parseCocoDataset(text, "fuzz.json", options);
  if (!ds.ok()) return 0;
  for (std::size_t i = 0; i < ds->annotations().size(); ++i) {
    const std::int32_t im = ds->imageIndexOfAnnotation(i);
    // Rasterising is linear in the image width; keep the fuzzer on small images.
    if (im >= 0 && static_cast<std::uint64_t>(ds->images()[im].width) * ds->images()[im].height > (1u << 20)) continue;
    const zsi::Rle rle = ds->annotationRle(i);
    (void)zsi::rleToBbox(rle);
    (void)ds->annotationRleStrict(i);
  }
  auto written = zsi::cocoDatasetToJson(*ds);
  if (!written.ok()) return 0;
  auto again = zsi::parseCocoDataset(*written, "fuzz-written.json");
  if (!again.ok()) __builtin_trap();  // what we write must read again
  auto rewritten = zsi::cocoDatasetToJson(*again);
  if (!rewritten.ok() || *rewritten != *written) __builtin_trap();
  return 0;
}
