#pragma once
// Binary mask -> COCO polygons, for exporting masks "as polygons" (pycocotools reads them with
// frPyObjects / annToRLE).
//
// Each 4-connected component of the mask becomes one polygon part: the outline that runs along
// the pixel edges around it, with a vertex at every corner (pixel (x, y) covers [x, x+1) x
// [y, y+1), so its corners are integers). pycocotools' rasteriser fills exactly the pixels of
// such an outline, so without simplification the round trip mask -> polygons -> annToRLE gives
// the mask back, except that holes are filled: COCO polygon parts are united, a polygon cannot
// carve a hole. Use RLE for masks with holes that matter.
//
// Every part has at least 4 points (8 numbers), so pycocotools never takes one for a box and
// never rejects one as too short. Pure functions, thread-safe.

#include <cstdint>
#include <vector>

#include "core/coco/Rle.h"
#include "core/util/Result.h"

namespace zsi {

struct MaskPolygonOptions {
  // Douglas-Peucker tolerance in pixels; 0 keeps every corner of the pixel outline (exact).
  double tolerance = 0.0;
  // Components with fewer pixels are left out (0: keep every component, single pixels too).
  std::uint64_t minComponentPixels = 0;
};

// One polygon (x0, y0, x1, y1, ...) per component of a row-major 0/1 mask (nonzero =
// foreground), largest component first.
std::vector<std::vector<double>> maskToPolygons(const std::uint8_t* rowMajorMask, std::uint32_t h,
                                                std::uint32_t w,
                                                const MaskPolygonOptions& options = {});

// The same from an RLE; fails when the RLE does not decode.
Result<std::vector<std::vector<double>>> rleToPolygons(const Rle& rle,
                                                       const MaskPolygonOptions& options = {});

// The mask pycocotools makes of such polygons (rasterised and united), for checks.
Rle polygonsToRle(const std::vector<std::vector<double>>& polygons, std::uint32_t h,
                  std::uint32_t w);

}  // namespace zsi
