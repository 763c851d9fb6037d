#include "core/coco/CocoValidator.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <cstdio>
#include <filesystem>
#include <mutex>

#include "core/coco/OrderedParallel.h"
#include "core/image/ImageIO.h"

namespace zsi {

namespace {

using Severity = CocoProblem::Severity;

std::string annotationName(const CocoAnnotation& a) { return "annotation id " + std::to_string(a.id); }
std::string imageName(const CocoImage& im) {
  return "image id " + std::to_string(im.id) + " (" + std::string(im.file()) + ")";
}
std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

template <class Records>
void duplicateIds(const Records& records, const char* what, std::vector<CocoProblem>& out) {
  std::map<std::int64_t, int> seen;
  for (const auto& r : records) {
    if (++seen[r.id] == 2) {
      out.push_back({Severity::Error, std::string(what) + " id " + std::to_string(r.id),
                     "the id is used by more than one " + std::string(what) +
                         " (pycocotools keeps only the last)"});
    }
  }
}

// Mask-dependent checks of one annotation (run in parallel).
void checkAnnotation(const CocoDataset& ds, std::size_t i, const CocoValidateOptions& o,
                     std::vector<CocoProblem>& out) {
  const CocoAnnotation& a = ds.annotations()[i];
  const std::string who = annotationName(a);
  if (a.bbox[2] < 0 || a.bbox[3] < 0) {
    out.push_back({Severity::Error, who, "bbox has a negative width or height: [" + num(a.bbox[0]) + ", " +
                                            num(a.bbox[1]) + ", " + num(a.bbox[2]) + ", " + num(a.bbox[3]) + "]"});
  }
  const std::int32_t imi = ds.imageIndexOfAnnotation(i);
  if (imi < 0) return;  // reported as dangling
  const CocoImage& im = ds.images()[imi];
  if (a.bbox[0] < -o.bboxTolerance || a.bbox[1] < -o.bboxTolerance ||
      a.bbox[0] + a.bbox[2] > im.width + o.bboxTolerance ||
      a.bbox[1] + a.bbox[3] > im.height + o.bboxTolerance) {
    out.push_back({Severity::Warning, who, "bbox reaches outside its " + std::to_string(im.width) + "x" +
                                               std::to_string(im.height) + " image"});
  }
  switch (a.segKind) {
    case SegmentationKind::None:
      return;  // a detection-only annotation; nothing to compare
    case SegmentationKind::Polygons:
      if (a.segCount == 0) {
        out.push_back({Severity::Error, who, "segmentation is an empty list (pycocotools' annToRLE fails)"});
        return;
      }
      for (std::uint32_t k = 0; k < a.segCount; ++k) {
        const PolygonView p = ds.polygon(a, k);
        const std::string part = "segmentation[" + std::to_string(k) + "]";
        if (p.coords < 6) {
          out.push_back({k == 0 ? Severity::Error : Severity::Warning, who,
                         part + " has " + std::to_string(p.coords) + " numbers, fewer than 3 points (" +
                             (k == 0 ? "pycocotools' annToRLE fails on it" : "pycocotools rasterises it as empty") + ")"});
        } else if (p.coords % 2) {
          out.push_back({Severity::Warning, who, part + " has an odd number of coordinates (the last is ignored)"});
        }
      }
      break;
    default: {
      const StoredRle r = ds.storedRle(a);
      if (r.h != static_cast<std::uint32_t>(im.height) || r.w != static_cast<std::uint32_t>(im.width)) {
        out.push_back({Severity::Error, who, "RLE size " + std::to_string(r.h) + "x" + std::to_string(r.w) +
                                                 " (h x w) differs from its image's " + std::to_string(im.height) +
                                                 "x" + std::to_string(im.width)});
      }
      const Rle rle = ds.annotationRle(i);
      if (rleCountsSum(rle) != static_cast<std::uint64_t>(r.h) * r.w) {
        out.push_back({Severity::Warning, who, "the RLE runs cover " + std::to_string(rleCountsSum(rle)) +
                                                   " of " + std::to_string(static_cast<std::uint64_t>(r.h) * r.w) +
                                                   " pixels (pycocotools leaves the rest undefined)"});
      }
    }
  }
  // Beyond 32-bit runs the mask cannot be computed (pycocotools' would be wrong): say so instead of
  // reporting the empty mask rleFromPolygon gives there.
  if (im.height > 0 && im.width > 0 &&
      static_cast<std::uint64_t>(im.height) * static_cast<std::uint64_t>(im.width) > UINT32_MAX) {
    out.push_back({Severity::Error, who, rleSizeTooLarge(static_cast<std::uint32_t>(im.height),
                                                         static_cast<std::uint32_t>(im.width))});
    return;
  }
  const Rle mask = ds.annotationRle(i);
  const std::uint64_t pixels = rleArea(mask);
  if (pixels == 0) {
    out.push_back({Severity::Warning, who, "the mask is empty (no pixel inside the image)"});
    return;
  }
  std::array<double, 4> box;
  double area;
  std::string what;
  if (a.segKind == SegmentationKind::Polygons) {
    // COCO's bbox is the polygons' extent and its area their shoelace area (README of the
    // sample: exact for every official polygon); the pixels of thin parts would not say so.
    double x0 = 1e300, y0 = 1e300, x1 = -1e300, y1 = -1e300;
    area = 0;
    for (std::uint32_t k = 0; k < a.segCount; ++k) {
      const PolygonView p = ds.polygon(a, k);
      const std::uint32_t n = p.coords / 2;
      double twice = 0;
      for (std::uint32_t j = 0; j < n; ++j) {
        const double x = p.xy[2 * j], y = p.xy[2 * j + 1];
        const std::uint32_t nj = (j + 1) % n;
        twice += x * p.xy[2 * nj + 1] - p.xy[2 * nj] * y;
        x0 = std::min(x0, x);
        y0 = std::min(y0, y);
        x1 = std::max(x1, x);
        y1 = std::max(y1, y);
      }
      area += std::fabs(twice) / 2;
    }
    box = {x0, y0, x1 - x0, y1 - y0};
    what = "the polygons'";
  } else {
    box = rleToBbox(mask);
    area = static_cast<double>(pixels);
    what = "the mask's";
  }
  // COCO's crowd boxes are one pixel smaller in width and height than their masks.
  const double slack = o.bboxTolerance + (a.iscrowd ? 1.0 : 0.0);
  const double d = std::max({std::fabs(a.bbox[0] - box[0]), std::fabs(a.bbox[1] - box[1]),
                             std::fabs(a.bbox[0] + a.bbox[2] - box[0] - box[2]),
                             std::fabs(a.bbox[1] + a.bbox[3] - box[1] - box[3])});
  if (d > slack) {
    out.push_back({Severity::Warning, who, "bbox [" + num(a.bbox[0]) + ", " + num(a.bbox[1]) + ", " +
                                               num(a.bbox[2]) + ", " + num(a.bbox[3]) + "] differs from " + what + " [" +
                                               num(box[0]) + ", " + num(box[1]) + ", " + num(box[2]) + ", " + num(box[3]) +
                                               "] by " + num(d) + " px"});
  }
  if (!a.iscrowd && std::fabs(a.area - area) > o.areaTolerance * std::max(a.area, area) + 10) {
    out.push_back({Severity::Warning, who, "area " + num(a.area) + " differs from " + what + " " + num(area) +
                                               (a.segKind == SegmentationKind::Polygons ? " (shoelace)" : " pixels")});
  }
}

void checkImage(const CocoImage& im, const CocoValidateOptions& o, std::vector<CocoProblem>& out) {
  const std::string who = imageName(im);
  auto path = resolveImagePath(o.imageRoot, im.file());
  if (!path.ok()) {
    out.push_back({Severity::Error, who, path.error().message});
    return;
  }
  std::error_code ec;
  if (!std::filesystem::exists(*path, ec)) {
    out.push_back({Severity::Error, who, "missing image file " + *path});
    return;
  }
  ImageSize size;
  if (o.decodeImages) {
    auto img = readImage(*path);  // the pixel limit of every decode path
    if (!img.ok()) {
      out.push_back({Severity::Error, who, "unreadable image: " + img.error().message});
      return;
    }
    size = {img->width, img->height};
  } else {
    auto s = readImageSize(*path);
    if (!s.ok()) {
      out.push_back({Severity::Error, who, "unreadable image: " + s.error().message});
      return;
    }
    size = *s;
  }
  if (size.width != im.width || size.height != im.height) {
    out.push_back({Severity::Error, who, "the file is " + std::to_string(size.width) + "x" +
                                             std::to_string(size.height) + ", the record says " +
                                             std::to_string(im.width) + "x" + std::to_string(im.height)});
  }
}

}  // namespace

std::vector<CocoProblem> validateCocoDataset(const CocoDataset& ds, const CocoValidateOptions& o,
                                             const Progress& progress) {
  ds.ensureIndex();
  std::vector<CocoProblem> out;
  duplicateIds(ds.images(), "image", out);
  duplicateIds(ds.annotations(), "annotation", out);
  duplicateIds(ds.categories(), "category", out);
  for (const CocoImage& im : ds.images()) {
    if (im.width <= 0 || im.height <= 0) {
      out.push_back({Severity::Error, imageName(im), "width and height must be positive, not " +
                                                         std::to_string(im.width) + "x" + std::to_string(im.height)});
    }
    if (im.fileName.size == 0) out.push_back({Severity::Error, imageName(im), "no file_name"});
  }
  for (std::size_t i = 0; i < ds.annotations().size(); ++i) {
    const CocoAnnotation& a = ds.annotations()[i];
    if (ds.imageIndexOfAnnotation(i) < 0) {
      out.push_back({Severity::Error, annotationName(a), "image_id " + std::to_string(a.imageId) + " is not an image of the dataset"});
    }
    if (!ds.categoryIndex(a.categoryId)) {
      out.push_back({Severity::Error, annotationName(a), "category_id " + std::to_string(a.categoryId) + " is not a category of the dataset"});
    }
  }
  // Masks and image files: in parallel batches, reported in record order.
  const std::size_t na = ds.annotations().size();
  const std::size_t ni = o.imageRoot.empty() ? 0 : ds.images().size();
  const std::size_t batch = 512;
  const std::size_t nb = (na + batch - 1) / batch, nbi = (ni + 63) / 64;
  std::vector<std::vector<CocoProblem>> found(nb + nbi);
  Status s = runOrdered(
      nb + nbi, workerThreads(o.threads),
      [&](std::size_t b, int) {
        if (b < nb) {
          for (std::size_t i = b * batch; i < std::min(na, (b + 1) * batch); ++i) checkAnnotation(ds, i, o, found[b]);
        } else {
          const std::size_t k = b - nb;
          for (std::size_t i = k * 64; i < std::min(ni, (k + 1) * 64); ++i) checkImage(ds.images()[i], o, found[b]);
        }
        return okStatus();
      },
      [&](std::size_t b) {
        progress.report(static_cast<double>(b + 1) / static_cast<double>(nb + nbi), "checking");
        return okStatus();
      },
      progress);
  for (auto& f : found) out.insert(out.end(), f.begin(), f.end());
  if (!s.ok()) out.push_back({Severity::Error, "", s.error().message});
  return out;
}

}  // namespace zsi
