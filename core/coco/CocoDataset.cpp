#include "core/coco/CocoDataset.h"

#include <algorithm>
#include <cstring>

#include "core/coco/CocoLayout.h"
#include "core/coco/IdMap.h"

namespace zsi {

// Lookups by id use hash maps; when an id repeats, the last record wins, as in pycocotools'
// dicts. Per-image and per-category lists are CSR arrays.
struct CocoDataset::Index {
  IdMap imageById, categoryById, annotationById;
  std::vector<std::int32_t> imageOfAnnotation;
  std::vector<std::uint32_t> annStart, annList;  // annotations of image i: annList[annStart[i]..]
  std::vector<std::uint32_t> catStart, catList;  // images of category c, ascending
};

namespace {

template <class Records>
IdMap idMap(const Records& records) {
  IdMap m(records.size());
  for (std::size_t i = 0; i < records.size(); ++i) m.set(records[i].id, static_cast<std::uint32_t>(i));
  return m;
}

Rle emptyMask(std::uint32_t h, std::uint32_t w) {
  Rle r;
  r.h = h;
  r.w = w;
  r.counts = {static_cast<std::uint32_t>(static_cast<std::uint64_t>(h) * w)};
  return r;
}

}  // namespace

bool CocoDataset::Layouts::intern(std::vector<CocoMemberOrder>& table, const CocoMemberOrder& order,
                                  std::uint16_t& index) {
  for (std::size_t i = table.size(); i-- > 0;) {
    if (table[i] == order) {
      index = static_cast<std::uint16_t>(i);
      return true;
    }
  }
  if (table.size() >= 65535) return false;
  table.push_back(order);
  index = static_cast<std::uint16_t>(table.size() - 1);
  return true;
}

CocoDataset::CocoDataset()
    : layouts_(std::make_shared<Layouts>()), indexMutex_(std::make_unique<std::mutex>()) {}

CocoDataset::CocoDataset(const CocoDataset& o)
    : images_(o.images_),
      annotations_(o.annotations_),
      categories_(o.categories_),
      top_(o.top_),
      polygons_(o.polygons_),
      rles_(o.rles_),
      coords_(o.coords_),
      runs_(o.runs_),
      text_(o.text_),
      layouts_(o.layouts_),
      indexMutex_(std::make_unique<std::mutex>()) {
  std::lock_guard<std::mutex> lock(*o.indexMutex_);
  index_ = o.index_;
}

CocoDataset::CocoDataset(CocoDataset&&) noexcept = default;
CocoDataset& CocoDataset::operator=(CocoDataset&&) noexcept = default;
CocoDataset::~CocoDataset() = default;

CocoDataset& CocoDataset::operator=(const CocoDataset& o) {
  if (this != &o) *this = CocoDataset(o);
  return *this;
}

CocoDataset::Layouts& CocoDataset::mutableLayouts() {
  if (layouts_.use_count() != 1) layouts_ = std::make_shared<Layouts>(*layouts_);
  return *layouts_;
}

std::size_t CocoDataset::crowdCount() const {
  return static_cast<std::size_t>(std::count_if(annotations_.begin(), annotations_.end(),
                                                [](const CocoAnnotation& a) { return a.iscrowd != 0; }));
}

void CocoDataset::invalidate() {
  if (!indexMutex_) indexMutex_ = std::make_unique<std::mutex>();
  std::lock_guard<std::mutex> lock(*indexMutex_);
  index_.reset();
}

void CocoDataset::ensureIndex() const { (void)index(); }

const CocoDataset::Index& CocoDataset::index() const {
  std::lock_guard<std::mutex> lock(*indexMutex_);
  if (index_) return *index_;
  auto ix = std::make_shared<Index>();
  ix->imageById = idMap(images_);
  ix->categoryById = idMap(categories_);
  ix->annotationById = idMap(annotations_);
  const std::size_t ni = images_.size(), na = annotations_.size(), nc = categories_.size();
  ix->imageOfAnnotation.resize(na);
  std::vector<std::int32_t> catOfAnnotation(na);
  ix->annStart.assign(ni + 1, 0);
  for (std::size_t i = 0; i < na; ++i) {
    auto im = ix->imageById.find(annotations_[i].imageId);
    ix->imageOfAnnotation[i] = im ? static_cast<std::int32_t>(*im) : -1;
    if (im) ++ix->annStart[*im + 1];
    auto c = ix->categoryById.find(annotations_[i].categoryId);
    catOfAnnotation[i] = c ? static_cast<std::int32_t>(*c) : -1;
  }
  for (std::size_t i = 0; i < ni; ++i) ix->annStart[i + 1] += ix->annStart[i];
  ix->annList.resize(ix->annStart[ni]);
  std::vector<std::uint32_t> fill(ix->annStart.begin(), ix->annStart.end() - 1);
  for (std::size_t i = 0; i < na; ++i) {
    const std::int32_t im = ix->imageOfAnnotation[i];
    if (im >= 0) ix->annList[fill[im]++] = static_cast<std::uint32_t>(i);
  }
  // Images per category, ascending and without repeats: walk the images in order and remember
  // the last image each category was counted for.
  std::vector<std::int64_t> lastImage(nc, -1);
  ix->catStart.assign(nc + 1, 0);
  for (int pass = 0; pass < 2; ++pass) {
    std::fill(lastImage.begin(), lastImage.end(), -1);
    if (pass == 1) {
      for (std::size_t c = 0; c < nc; ++c) ix->catStart[c + 1] += ix->catStart[c];
      ix->catList.resize(ix->catStart[nc]);
      fill.assign(ix->catStart.begin(), ix->catStart.end() - 1);
    }
    for (std::size_t im = 0; im < ni; ++im) {
      for (std::uint32_t k = ix->annStart[im]; k < ix->annStart[im + 1]; ++k) {
        const std::int32_t c = catOfAnnotation[ix->annList[k]];
        if (c < 0 || lastImage[c] == static_cast<std::int64_t>(im)) continue;
        lastImage[c] = static_cast<std::int64_t>(im);
        if (pass == 0) {
          ++ix->catStart[c + 1];
        } else {
          ix->catList[fill[c]++] = static_cast<std::uint32_t>(im);
        }
      }
    }
  }
  index_ = ix;
  return *index_;
}

std::optional<std::size_t> CocoDataset::imageIndex(std::int64_t id) const {
  return index().imageById.find(id);
}
std::optional<std::size_t> CocoDataset::categoryIndex(std::int64_t id) const {
  return index().categoryById.find(id);
}
std::optional<std::size_t> CocoDataset::annotationIndex(std::int64_t id) const {
  return index().annotationById.find(id);
}

std::vector<std::uint32_t> CocoDataset::annotationsOfImage(std::size_t i) const {
  const Index& ix = index();
  if (i >= images_.size()) return {};
  return {ix.annList.begin() + ix.annStart[i], ix.annList.begin() + ix.annStart[i + 1]};
}

std::vector<std::uint32_t> CocoDataset::imagesOfCategory(std::size_t c) const {
  const Index& ix = index();
  if (c >= categories_.size()) return {};
  return {ix.catList.begin() + ix.catStart[c], ix.catList.begin() + ix.catStart[c + 1]};
}

std::int32_t CocoDataset::imageIndexOfAnnotation(std::size_t i) const {
  const Index& ix = index();
  return i < ix.imageOfAnnotation.size() ? ix.imageOfAnnotation[i] : -1;
}

Rle CocoDataset::annotationRle(std::size_t i) const {
  const CocoAnnotation& a = annotations_[i];
  std::uint32_t h = 0, w = 0;
  const std::int32_t im = imageIndexOfAnnotation(i);
  if (im >= 0) {
    h = static_cast<std::uint32_t>(images_[im].height);
    w = static_cast<std::uint32_t>(images_[im].width);
  }
  switch (a.segKind) {
    case SegmentationKind::Polygons: {
      std::vector<const double*> parts(a.segCount);
      std::vector<std::size_t> counts(a.segCount);
      for (std::uint32_t k = 0; k < a.segCount; ++k) {
        parts[k] = polygons_[a.segFirst + k].xy;
        counts[k] = polygons_[a.segFirst + k].coords;
      }
      return rleFromPolygonParts(parts, counts, h, w);
    }
    case SegmentationKind::UncompressedRle: {
      const StoredRle& s = rles_[a.segFirst];
      Rle r;
      r.h = s.h;
      r.w = s.w;
      r.counts.assign(s.runs, s.runs + s.runCount);
      return r;
    }
    case SegmentationKind::CompressedRle: {
      const StoredRle& s = rles_[a.segFirst];
      auto r = rleFromString(s.counts.view(), s.h, s.w);  // checked when it was stored
      return r.ok() ? std::move(r).value() : emptyMask(s.h, s.w);
    }
    case SegmentationKind::None:
      break;
  }
  return emptyMask(h, w);
}

Result<Rle> CocoDataset::annotationRleStrict(std::size_t i) const {
  const CocoAnnotation& a = annotations_[i];
  const std::string who = "annotation id " + std::to_string(a.id);
  if (a.segKind == SegmentationKind::None) {
    return Error("no segmentation (pycocotools' annToRLE fails)").forField(who + ": segmentation");
  }
  if (imageIndexOfAnnotation(i) < 0) {
    return Error("image_id " + std::to_string(a.imageId) + " is not an image of the dataset")
        .forField(who + ": image_id");
  }
  if (a.segKind == SegmentationKind::Polygons) {
    const CocoImage& im = images_[imageIndexOfAnnotation(i)];
    std::vector<const double*> parts(a.segCount);
    std::vector<std::size_t> counts(a.segCount);
    for (std::uint32_t k = 0; k < a.segCount; ++k) {
      parts[k] = polygons_[a.segFirst + k].xy;
      counts[k] = polygons_[a.segFirst + k].coords;
    }
    auto rles = rleFromPolygonList(parts, counts, static_cast<std::uint32_t>(im.height),
                                   static_cast<std::uint32_t>(im.width));
    if (!rles.ok()) return Error(rles.error().message).forField(who + ": segmentation");
    return rleMerge(*rles, false);
  }
  return annotationRle(i);
}

TextRef CocoDataset::storeText(std::string_view s) {
  TextRef t;
  t.data = s.empty() ? nullptr : text_.append(s.data(), s.size());
  t.size = static_cast<std::uint32_t>(s.size());
  return t;
}

std::uint32_t CocoDataset::storePolygon(const double* xy, std::size_t n, bool integers) {
  PolygonView p;
  p.xy = n ? coords_.append(xy, n) : nullptr;
  p.coords = static_cast<std::uint32_t>(n);
  p.integerLiterals = integers;
  polygons_.push_back(p);
  return static_cast<std::uint32_t>(polygons_.size() - 1);
}

std::size_t CocoDataset::addImage(std::int64_t id, std::string_view fileName, std::int32_t width,
                                  std::int32_t height) {
  CocoImage im;
  im.id = id;
  im.width = width;
  im.height = height;
  im.fileName = storeText(fileName);
  mutableImages().push_back(im);
  return images_.size() - 1;
}

std::size_t CocoDataset::addCategory(std::int64_t id, std::string name, std::string supercategory) {
  CocoCategory c;
  c.id = id;
  c.name = std::move(name);
  c.supercategory = std::move(supercategory);
  mutableCategories().push_back(std::move(c));
  return categories_.size() - 1;
}

std::size_t CocoDataset::addAnnotation(std::int64_t id, std::int64_t imageId, std::int64_t categoryId,
                                       const std::array<double, 4>& bbox, double area, bool iscrowd) {
  CocoAnnotation a;
  a.id = id;
  a.imageId = imageId;
  a.categoryId = categoryId;
  a.bbox = bbox;
  a.area = area;
  a.iscrowd = iscrowd ? 1 : 0;
  mutableAnnotations().push_back(a);
  return annotations_.size() - 1;
}

CocoAnnotation& CocoDataset::annotation(std::size_t i) { return mutableAnnotations()[i]; }
CocoImage& CocoDataset::image(std::size_t i) { return mutableImages()[i]; }
CocoCategory& CocoDataset::category(std::size_t i) { return mutableCategories()[i]; }

void CocoDataset::setPolygons(std::size_t i, const std::vector<std::vector<double>>& parts) {
  CocoAnnotation& a = annotations_[i];
  a.segKind = SegmentationKind::Polygons;
  a.segFirst = static_cast<std::uint32_t>(polygons_.size());
  a.segCount = static_cast<std::uint32_t>(parts.size());
  for (const auto& p : parts) storePolygon(p.data(), p.size(), false);
}

void CocoDataset::setUncompressedRle(std::size_t i, const Rle& rle) {
  CocoAnnotation& a = annotations_[i];
  StoredRle s;
  s.h = rle.h;
  s.w = rle.w;
  s.runs = rle.counts.empty() ? nullptr : runs_.append(rle.counts.data(), rle.counts.size());
  s.runCount = static_cast<std::uint32_t>(rle.counts.size());
  a.segKind = SegmentationKind::UncompressedRle;
  a.literalForms &= static_cast<std::uint8_t>(~(1u << 7));  // COCO's crowd order: counts, size
  a.segFirst = static_cast<std::uint32_t>(rles_.size());
  a.segCount = 0;
  rles_.push_back(s);
}

void CocoDataset::setCompressedRle(std::size_t i, const Rle& rle) {
  CocoAnnotation& a = annotations_[i];
  StoredRle s;
  s.h = rle.h;
  s.w = rle.w;
  s.counts = storeText(rleToString(rle));
  a.segKind = SegmentationKind::CompressedRle;
  a.literalForms |= 1u << 7;  // pycocotools' encode order: size, counts
  a.segFirst = static_cast<std::uint32_t>(rles_.size());
  a.segCount = 0;
  rles_.push_back(s);
}

void CocoDataset::clearSegmentation(std::size_t i) {
  annotations_[i].segKind = SegmentationKind::None;
  annotations_[i].segCount = 0;
}

void CocoDataset::keepAnnotations(const std::vector<std::uint8_t>& keep) {
  auto& v = mutableAnnotations();
  std::size_t out = 0;
  for (std::size_t i = 0; i < v.size(); ++i)
    if (i < keep.size() && keep[i]) v[out++] = v[i];
  v.resize(out);
}

void CocoDataset::keepImages(const std::vector<std::uint8_t>& keep) {
  auto& v = mutableImages();
  std::size_t out = 0;
  for (std::size_t i = 0; i < v.size(); ++i)
    if (i < keep.size() && keep[i]) v[out++] = v[i];
  v.resize(out);
}

void CocoDataset::setTopMembers(std::vector<CocoTopMember> members) { top_ = std::move(members); }

CocoDataset CocoDataset::subset(const std::vector<std::uint32_t>& imageIndices,
                                const std::vector<std::uint32_t>& annotationIndices) const {
  CocoDataset d;
  d.categories_ = categories_;
  d.top_ = top_;
  d.layouts_ = layouts_;
  d.coords_ = coords_;
  d.runs_ = runs_;
  d.text_ = text_;
  d.images_.reserve(imageIndices.size());
  for (auto i : imageIndices) d.images_.push_back(images_[i]);
  d.annotations_.reserve(annotationIndices.size());
  for (auto i : annotationIndices) {
    CocoAnnotation a = annotations_[i];
    if (a.segKind == SegmentationKind::Polygons) {
      const std::uint32_t first = static_cast<std::uint32_t>(d.polygons_.size());
      d.polygons_.insert(d.polygons_.end(), polygons_.begin() + a.segFirst,
                         polygons_.begin() + a.segFirst + a.segCount);
      a.segFirst = first;
    } else if (a.segKind != SegmentationKind::None) {
      d.rles_.push_back(rles_[a.segFirst]);
      a.segFirst = static_cast<std::uint32_t>(d.rles_.size() - 1);
    }
    d.annotations_.push_back(a);
  }
  return d;
}

std::vector<std::pair<std::string_view, std::string_view>> CocoDataset::extraMembers(TextRef extra) {
  std::vector<std::pair<std::string_view, std::string_view>> out;
  std::string_view s = extra.view();
  while (!s.empty()) {
    const std::size_t k = s.find('\0');
    const std::size_t v = s.find('\0', k + 1);
    if (k == std::string_view::npos || v == std::string_view::npos) break;
    out.emplace_back(s.substr(0, k), s.substr(k + 1, v - k - 1));
    s.remove_prefix(v + 1);
  }
  return out;
}

std::size_t CocoDataset::memoryBytes() const {
  std::size_t n = images_.capacity() * sizeof(CocoImage) +
                  annotations_.capacity() * sizeof(CocoAnnotation) +
                  categories_.capacity() * sizeof(CocoCategory) +
                  polygons_.capacity() * sizeof(PolygonView) + rles_.capacity() * sizeof(StoredRle);
  n += coords_.bytes() + runs_.bytes() + text_.bytes();
  return n;
}

}  // namespace zsi
