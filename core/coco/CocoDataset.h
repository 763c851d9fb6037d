#pragma once
// A COCO instances dataset in memory, sized for COCO train (118k images, 860k annotations):
// records are small fixed-size structs in flat vectors, and everything of variable length
// (polygon coordinates, RLE runs, file names, unknown members) lives in shared append-only pools.
// Ids are int64 (crowd ids reach 9e11). What we do not know (info, licenses, extra members of any
// record, the order of members) is kept verbatim and written back unchanged (CocoWriter.h).
//
// Reading it: loadCocoDataset (CocoReader.h). Building it in code: the add/set functions below.
// Thread-safety: const functions may be called from many threads once ensureIndex() has run (the
// loader runs it); any mutation invalidates the index and needs a single writer.

#include <array>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/coco/Pool.h"
#include "core/coco/Rle.h"
#include "core/util/Result.h"

namespace zsi {

enum class SegmentationKind : std::uint8_t {
  None,             // no `segmentation` member (or null)
  Polygons,         // a list of polygons, each x0, y0, x1, y1, ...
  UncompressedRle,  // {"size": [h, w], "counts": [runs...]} (COCO's crowd regions)
  CompressedRle,    // {"size": [h, w], "counts": "string"}
};

// One polygon of an annotation: `coords` numbers (x, y pairs; an odd count is kept as read).
struct PolygonView {
  const double* xy = nullptr;
  std::uint32_t coords = 0;
  bool integerLiterals = false;  // every number was written as an integer; written back so
};

struct CocoImage {
  std::int64_t id = 0;
  std::int32_t width = 0;
  std::int32_t height = 0;
  TextRef fileName;
  TextRef extra;            // unknown members, raw JSON (see CocoDataset::extraMembers)
  std::uint16_t layout = 0; // member order as read (internal to reader/writer)

  std::string_view file() const { return fileName.view(); }
};

struct CocoCategory {
  std::int64_t id = 0;
  std::string name;
  std::string supercategory;
  TextRef extra;
  std::uint16_t layout = 0;
};

struct CocoAnnotation {
  std::int64_t id = 0;
  std::int64_t imageId = 0;
  std::int64_t categoryId = 0;
  std::array<double, 4> bbox{};  // x, y, w, h
  double area = 0;
  std::uint8_t iscrowd = 0;
  SegmentationKind segKind = SegmentationKind::None;
  // Bits: which numbers were integer literals in the source (bbox 0-3, area 4), whether iscrowd
  // was a JSON boolean (5), whether segmentation was null (6) and whether an RLE had "size" before
  // "counts" (7), so the writer writes them the same way.
  std::uint8_t literalForms = 0;
  std::uint16_t layout = 0;
  // Polygons: first index in the polygon table and number of parts. RLE: index in the RLE table.
  std::uint32_t segFirst = 0;
  std::uint32_t segCount = 0;
  TextRef extra;
};

// The RLE of an annotation as stored (uncompressed runs or the compressed string).
struct StoredRle {
  std::uint32_t h = 0;
  std::uint32_t w = 0;
  const std::uint32_t* runs = nullptr;  // UncompressedRle
  TextRef counts;                       // CompressedRle
  std::uint32_t runCount = 0;
};

// A top-level member other than images/annotations/categories (info, licenses, anything else).
struct CocoTopMember {
  std::string key;      // unescaped
  std::string rawJson;  // the value as written
};

class CocoDataset {
 public:
  CocoDataset();
  CocoDataset(const CocoDataset&);
  CocoDataset(CocoDataset&&) noexcept;
  CocoDataset& operator=(const CocoDataset&);
  CocoDataset& operator=(CocoDataset&&) noexcept;
  ~CocoDataset();

  // ---- records (file order)
  const std::vector<CocoImage>& images() const { return images_; }
  const std::vector<CocoAnnotation>& annotations() const { return annotations_; }
  const std::vector<CocoCategory>& categories() const { return categories_; }
  const std::vector<CocoTopMember>& topMembers() const { return top_; }
  std::size_t crowdCount() const;

  // ---- segmentations
  std::size_t polygonCount(const CocoAnnotation& a) const {
    return a.segKind == SegmentationKind::Polygons ? a.segCount : 0;
  }
  PolygonView polygon(const CocoAnnotation& a, std::size_t part) const {
    return polygons_[a.segFirst + part];
  }
  StoredRle storedRle(const CocoAnnotation& a) const { return rles_[a.segFirst]; }

  // The mask of annotation i as pycocotools' annToRLE makes it (polygons at the image's size and
  // merged; uncompressed RLE compressed; compressed RLE as stored). Where annToRLE raises, this
  // gives the documented fallback: a polygon part with fewer than 3 points adds nothing, no
  // segmentation gives an empty mask at the image's size, an unknown image gives size 0x0.
  Rle annotationRle(std::size_t annotationIndex) const;
  // The same, but failing exactly where annToRLE raises (the error names the annotation).
  Result<Rle> annotationRleStrict(std::size_t annotationIndex) const;

  // ---- indexes (built by the loader; rebuilt on demand after mutations)
  void ensureIndex() const;
  std::optional<std::size_t> imageIndex(std::int64_t imageId) const;
  std::optional<std::size_t> categoryIndex(std::int64_t categoryId) const;
  std::optional<std::size_t> annotationIndex(std::int64_t annotationId) const;
  // Annotation indices of image i, in file order.
  std::vector<std::uint32_t> annotationsOfImage(std::size_t imageIndex) const;
  // Image indices that have at least one annotation of category c (ascending).
  std::vector<std::uint32_t> imagesOfCategory(std::size_t categoryIndex) const;
  // Per annotation: the index of its image, or -1 when its image_id is unknown.
  std::int32_t imageIndexOfAnnotation(std::size_t annotationIndex) const;

  // ---- building and editing (indexes are rebuilt lazily afterwards)
  std::size_t addImage(std::int64_t id, std::string_view fileName, std::int32_t width,
                       std::int32_t height);
  std::size_t addCategory(std::int64_t id, std::string name, std::string supercategory = {});
  // Adds an annotation with no segmentation; set one with the functions below.
  std::size_t addAnnotation(std::int64_t id, std::int64_t imageId, std::int64_t categoryId,
                            const std::array<double, 4>& bbox, double area, bool iscrowd = false);
  CocoAnnotation& annotation(std::size_t i);  // plain fields may be edited in place
  CocoImage& image(std::size_t i);
  CocoCategory& category(std::size_t i);
  void setPolygons(std::size_t annotationIndex, const std::vector<std::vector<double>>& parts);
  void setUncompressedRle(std::size_t annotationIndex, const Rle& rle);
  void setCompressedRle(std::size_t annotationIndex, const Rle& rle);  // stored as its string
  void clearSegmentation(std::size_t annotationIndex);
  // Keeps the annotations (images) whose flag is set, in order.
  void keepAnnotations(const std::vector<std::uint8_t>& keep);
  void keepImages(const std::vector<std::uint8_t>& keep);
  void setTopMembers(std::vector<CocoTopMember> members);
  // A new dataset with the given images and annotations (indices, in the order given), all
  // categories and top-level members. Shares coordinate storage with this one.
  CocoDataset subset(const std::vector<std::uint32_t>& imageIndices,
                     const std::vector<std::uint32_t>& annotationIndices) const;

  // Unknown members of a record, as (raw key with quotes, raw value) pairs in source order.
  static std::vector<std::pair<std::string_view, std::string_view>> extraMembers(TextRef extra);
  // Memory held by the records and pools, in bytes (for diagnostics and the benchmark).
  std::size_t memoryBytes() const;

  // ---- used by the reader and writer (member order of records as read)
  struct Layouts;
  const Layouts& layouts() const { return *layouts_; }
  Layouts& mutableLayouts();
  std::vector<CocoImage>& mutableImages() { invalidate(); return images_; }
  std::vector<CocoAnnotation>& mutableAnnotations() { invalidate(); return annotations_; }
  std::vector<CocoCategory>& mutableCategories() { invalidate(); return categories_; }
  std::vector<PolygonView>& polygonTable() { return polygons_; }
  std::vector<StoredRle>& rleTable() { return rles_; }
  Pool<double>& coordinatePool() { return coords_; }
  Pool<std::uint32_t>& runPool() { return runs_; }
  Pool<char>& textPool() { return text_; }
  TextRef storeText(std::string_view s);

 private:
  struct Index;
  void invalidate();
  const Index& index() const;
  std::uint32_t storePolygon(const double* xy, std::size_t n, bool integers);

  std::vector<CocoImage> images_;
  std::vector<CocoAnnotation> annotations_;
  std::vector<CocoCategory> categories_;
  std::vector<CocoTopMember> top_;
  std::vector<PolygonView> polygons_;
  std::vector<StoredRle> rles_;
  Pool<double> coords_;
  Pool<std::uint32_t> runs_;
  Pool<char> text_;
  std::shared_ptr<Layouts> layouts_;
  mutable std::shared_ptr<const Index> index_;
  mutable std::unique_ptr<std::mutex> indexMutex_;
};

}  // namespace zsi
