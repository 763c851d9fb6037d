#pragma once
// A COCO-train-shaped instances file for the loading benchmark, written deterministically (same
// bytes for the same parameters) in the text form of the official files: Python's json.dump
// separators, polygons with two-decimal coordinates, crowd regions as uncompressed RLE, images
// with license, coco_url, date_captured and flickr_url members.

#include <cstdint>
#include <string>

#include "core/util/Result.h"

namespace zsi::bench {

struct CocoBenchShape {
  std::uint32_t images = 82783;
  std::uint32_t annotations = 604907;
  std::uint32_t vertices = 24;      // mean polygon vertices (uniform in [vertices/2, 3*vertices/2])
  double crowdFraction = 0.009;     // COCO train2014: 0.9% crowd
  std::uint64_t seed = 2014;
};

// Writes the file (streamed, a few MB of memory) and returns its size in bytes.
Result<std::uint64_t> writeCocoBenchFile(const std::string& path, const CocoBenchShape& shape);

}  // namespace zsi::bench
