#pragma once
// Run-length encoded binary masks with exactly pycocotools' semantics (maskApi.c of pycocotools
// 2.0.11). Masks are column-major (index = x * h + y); runs alternate 0s and 1s and start with a
// run of 0s, which may have length 0. All functions are pure and thread-safe.
//
// This header is the contract other areas (evaluation, engine, UI, export) code against.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/util/Result.h"

namespace zsi {

struct Rle {
  std::uint32_t h = 0;
  std::uint32_t w = 0;
  std::vector<std::uint32_t> counts;  // run lengths; sum == h * w for a valid mask

  bool operator==(const Rle& o) const { return h == o.h && w == o.w && counts == o.counts; }
};

// Encode a column-major 0/1 mask of h*w bytes (nonzero = foreground).
Rle rleEncode(const std::uint8_t* columnMajorMask, std::uint32_t h, std::uint32_t w);
// Encode a row-major mask (as images and tensors are laid out); same result as transposing first.
Rle rleEncodeRowMajor(const std::uint8_t* rowMajorMask, std::uint32_t h, std::uint32_t w);
// pycocotools' `encode` byte for byte: it does not binarise, a run ends wherever the byte value
// changes (0, 2, 255 are three runs). Equal to rleEncode for 0/1 masks.
Rle rleEncodeBytes(const std::uint8_t* columnMajorMask, std::uint32_t h, std::uint32_t w);

// Decode to a column-major 0/1 mask of h*w bytes. Fails, like pycocotools, when the counts sum to
// more than h*w; a shorter sum leaves the tail as 0 (pycocotools leaves it undefined).
Result<std::vector<std::uint8_t>> rleDecode(const Rle& rle);
// Decode to a row-major 0/1 mask (for painting and tensors).
Result<std::vector<std::uint8_t>> rleDecodeRowMajor(const Rle& rle);

// pycocotools' compressed `counts` string (rleToString) and its parser (rleFrString).
std::string rleToString(const Rle& rle);
Result<Rle> rleFromString(std::string_view counts, std::uint32_t h, std::uint32_t w);

// Polygon rasterisation (rleFrPoly): xy = x0, y0, x1, y1, ...; `n` points. Identical to
// pycocotools wherever it is defined (|coordinate| < 4e8); beyond that, coordinates are computed in
// 64 bits instead of overflowing, and the time is bounded by the image width (pycocotools walks
// every edge at 1/5 px). A non-finite coordinate gives an empty mask. h or w = 0 gives counts {0};
// h * w over 2^32 - 1 (not representable with 32-bit runs, as in pycocotools) gives no runs.
Rle rleFromPolygon(const double* xy, std::size_t n, std::uint32_t h, std::uint32_t w);
// The mask of one polygon annotation as annToRLE makes it: each part rasterised, then merged
// (union). parts[i] points to coordCounts[i] numbers; an odd count drops the last number, and a part
// with fewer than 3 points is empty (pycocotools raises instead when it is the first part).
Rle rleFromPolygonParts(const std::vector<const double*>& parts,
                        const std::vector<std::size_t>& coordCounts, std::uint32_t h,
                        std::uint32_t w);
// frPyObjects for a list of polygon parts, with its checks: one RLE per part, or the error
// pycocotools raises (no parts; a first part of 4 numbers, which it takes for a list of boxes; a
// first part with fewer than 4 numbers). Later parts with fewer than 3 points give empty masks.
// Also an error (rleSizeTooLarge) for h * w over 2^32 - 1, where pycocotools' mask is wrong.
Result<std::vector<Rle>> rleFromPolygonList(const std::vector<const double*>& parts,
                                            const std::vector<std::size_t>& coordCounts,
                                            std::uint32_t h, std::uint32_t w);
// The message for a mask of more than 2^32 - 1 pixels, which 32-bit runs cannot describe (pycocotools
// wraps around and gives a wrong mask); those who make masks refuse such sizes with it.
std::string rleSizeTooLarge(std::uint64_t h, std::uint64_t w);
// Box [x, y, w, h] to RLE (rleFrBbox).
Rle rleFromBbox(const std::array<double, 4>& xywh, std::uint32_t h, std::uint32_t w);

// Union (intersect = false) or intersection (true) of masks of one size (rleMerge).
Rle rleMerge(const std::vector<Rle>& rles, bool intersect);

// The number of foreground pixels: the sum of the odd runs (pycocotools' area).
std::uint64_t rleArea(const Rle& rle);
// The sum of all runs: h * w for a valid mask.
std::uint64_t rleCountsSum(const Rle& rle);
// [x, y, w, h] as rleToBbox of the pycocotools fork 2.0.11 (including its unsigned wrap-around
// for an RLE with runs but no foreground).
std::array<double, 4> rleToBbox(const Rle& rle);

// IoU matrix out[d * gt.size() + g] with the iscrowd rule (|d∩g| / |d| for a crowd gt). Masks of
// different sizes give -1, as in pycocotools.
void rleIou(const std::vector<Rle>& dt, const std::vector<Rle>& gt,
            const std::vector<std::uint8_t>& gtIsCrowd, double* out);
// The same for boxes [x, y, w, h] (bbIou, float operation order kept bit for bit).
void bboxIou(const std::vector<std::array<double, 4>>& dt,
             const std::vector<std::array<double, 4>>& gt,
             const std::vector<std::uint8_t>& gtIsCrowd, double* out);

}  // namespace zsi
