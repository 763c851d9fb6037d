#pragma once
// Second pass of the instances reader: one chunk of the images, annotations or categories list
// parsed with simdjson On-Demand into records. Variable-length data goes to the chunk's own
// buffers and records point into them by offset until CocoReader joins the chunk to the dataset.
// One parser per thread.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/coco/CocoDataset.h"
#include "core/coco/CocoLayout.h"
#include "core/coco/JsonScan.h"
#include "core/coco/JsonSource.h"
#include "core/util/Result.h"

namespace zsi {

enum class CocoList { Images, Annotations, Categories };

struct CocoChunkResult {
  std::vector<CocoImage> images;
  std::vector<CocoAnnotation> annotations;
  std::vector<CocoCategory> categories;
  // Offsets into the buffers below are stored in the pointer fields (see CocoReader.cpp).
  std::vector<PolygonView> polygons;
  std::vector<StoredRle> rles;
  std::vector<double> coords;
  std::vector<std::uint32_t> runs;
  std::vector<char> text;
  std::vector<CocoMemberOrder> layouts;  // records' `layout` index this table
  std::uint64_t bytes = 0;               // size of the chunk's text
};

// A buffer offset carried in a pointer field until the buffer's final address is known.
template <class T>
inline const T* offsetAsPointer(std::uint64_t offset) {
  return reinterpret_cast<const T*>(static_cast<std::uintptr_t>(offset));
}
template <class T>
inline std::uint64_t pointerAsOffset(const T* p) {
  return static_cast<std::uint64_t>(reinterpret_cast<std::uintptr_t>(p));
}

class CocoChunkParser {
 public:
  CocoChunkParser();
  ~CocoChunkParser();
  CocoChunkParser(const CocoChunkParser&) = delete;
  CocoChunkParser& operator=(const CocoChunkParser&) = delete;

  Status parse(const JsonSource& source, const JsonChunk& chunk, CocoList list,
               CocoChunkResult& out);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace zsi
