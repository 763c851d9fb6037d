#include <thread>

#include "core/cli/CocoCommands.h"
#include "core/coco/CocoReader.h"
#include "core/coco/CocoWriter.h"
#include "core/coco/OrderedParallel.h"

namespace zsi::cli {

int runCocoToRle(const CocoToRleOptions& o, std::ostream& out, std::ostream& err) {
  auto loaded = loadCocoDataset(o.input);
  if (!loaded.ok()) {
    err << "zsi coco to-rle: " << loaded.error().toString() << "\n";
    return 1;
  }
  CocoDataset& ds = *loaded;
  const std::size_t n = ds.annotations().size();
  // annToRLE of every annotation, in parallel; the dataset is changed afterwards, in order.
  std::vector<Result<Rle>> masks(n, Error(""));
  const std::size_t batch = 1024, batches = (n + batch - 1) / batch;
  Status s = runOrdered(
      batches, workerThreads(0),
      [&](std::size_t b, int) {
        for (std::size_t i = b * batch; i < std::min(n, (b + 1) * batch); ++i) masks[i] = ds.annotationRleStrict(i);
        return okStatus();
      },
      [](std::size_t) { return okStatus(); }, Progress{});
  if (!s.ok()) {
    err << "zsi coco to-rle: " << s.error().toString() << "\n";
    return 1;
  }
  std::size_t converted = 0, skipped = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (!masks[i].ok()) {
      // pycocotools' annToRLE fails here: leave the annotation as it is.
      if (o.strict) {
        err << "zsi coco to-rle: " << o.input << ": " << masks[i].error().toString() << "\n";
        return 1;
      }
      err << "zsi coco to-rle: warning: " << o.input << ": " << masks[i].error().toString()
          << "; left unchanged\n";
      ++skipped;
      continue;
    }
    const Rle& rle = *masks[i];
    ds.setCompressedRle(i, rle);
    if (!o.keepAreaBbox) {
      CocoAnnotation& a = ds.annotation(i);
      a.area = static_cast<double>(rleArea(rle));
      a.bbox = rleToBbox(rle);
      // pycocotools' area() is an integer, toBbox() floats: written as json.dump writes them.
      a.literalForms = static_cast<std::uint8_t>((a.literalForms & ~0x1Fu) | (1u << 4));
    }
    ++converted;
  }
  Status w = writeCocoDataset(ds, o.output);
  if (!w.ok()) {
    err << "zsi coco to-rle: " << w.error().toString() << "\n";
    return 1;
  }
  out << "wrote " << o.output << ": " << groupThousands(converted) << " segmentations as compressed RLE"
      << (o.keepAreaBbox ? "" : " (area and bbox from the masks)");
  if (skipped) out << ", " << groupThousands(skipped) << " left unchanged (pycocotools cannot convert them)";
  out << "\n";
  return 0;
}

}  // namespace zsi::cli
