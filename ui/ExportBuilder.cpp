#include "ui/ExportBuilder.h"

#include <algorithm>
#include <sstream>

#include "core/coco/MaskPolygons.h"
#include "ui/ProjectDocument.h"

namespace zsi::ui {
namespace {

std::vector<std::vector<double>> boxPolygon(const std::array<double, 4>& b) {
  const double x1 = b[0], y1 = b[1], x2 = b[0] + b[2], y2 = b[1] + b[3];
  return {{x1, y1, x2, y1, x2, y2, x1, y2}};
}

std::int64_t largestCategoryId(const CocoDataset& ds) {
  std::int64_t m = 0;
  for (const auto& c : ds.categories()) m = std::max(m, c.id);
  return m;
}

}  // namespace

ExportSnapshot ExportSnapshot::capture(const ProjectDocument& doc) {
  ExportSnapshot s;
  s.dataset = doc.datasetPtr();
  s.edits = doc.edits();
  s.classes = doc.classSet();
  s.currentKey = doc.inferenceKey();
  for (std::size_t i : doc.predictions().images()) s.predictions.emplace_back(i, *doc.predictions().get(i));
  return s;
}

std::string ExportSummary::text() const {
  std::ostringstream o;
  if (annotations || images) {
    o << images << " images, " << annotations << " annotations (" << loaded << " from the dataset, " << accepted
      << " accepted predictions); " << deleted << " deleted and " << relabelled << " relabelled in review";
    if (newCategories) o << "; " << newCategories << " new categories";
    if (polygonParts) o << "; " << polygonParts << " polygon parts";
    if (boxOnly) o << "; " << boxOnly << " without a mask (box polygon)";
  }
  if (detections || rejectedLeftOut) {
    if (o.tellp() > 0) o << "\n";
    o << detections << " detections";
    if (outdated) o << " (" << outdated << " made with other settings)";
    if (rejectedLeftOut) o << "; " << rejectedLeftOut << " rejected left out";
  }
  return o.str();
}

std::int64_t ExportBuilder::categoryId(const ExportSnapshot& s, const std::string& name,
                                       std::vector<std::pair<std::string, std::int64_t>>& added) {
  for (const auto& c : s.dataset->categories())
    if (c.name == name) return c.id;
  for (const auto& [n, id] : added)
    if (n == name) return id;
  std::int64_t next = largestCategoryId(*s.dataset) + 1;
  for (const auto& a : added) next = std::max(next, a.second + 1);
  added.emplace_back(name, next);
  return next;
}

Result<CocoDataset> ExportBuilder::annotations(const ExportSnapshot& s, const AnnotationExportOptions& o,
                                               ExportSummary* summary) {
  const CocoDataset& ds = *s.dataset;
  ExportSummary sum;
  std::vector<std::uint32_t> images(ds.images().size());
  for (std::size_t i = 0; i < images.size(); ++i) images[i] = static_cast<std::uint32_t>(i);
  std::vector<std::uint32_t> kept;
  if (o.includeLoaded) {
    for (std::size_t a = 0; a < ds.annotations().size(); ++a) {
      if (s.edits.loadedDeleted(a)) {
        ++sum.deleted;
        continue;
      }
      kept.push_back(static_cast<std::uint32_t>(a));
    }
  }
  CocoDataset out = ds.subset(images, kept);
  // Class names in a stable order: categories needed by relabels and accepted annotations,
  // first those of the class set (its order), then any other.
  std::vector<std::pair<std::string, std::int64_t>> added;
  for (const auto& c : s.classes.classes) {
    bool used = false;
    for (const auto& [a, name] : s.edits.relabels()) used |= name == c.name && !s.edits.loadedDeleted(a);
    for (const auto& u : s.edits.added()) used |= !u.deleted && u.className == c.name;
    if (used) categoryId(s, c.name, added);
  }
  // Relabels (kept annotations are in `out` in the same order as `kept`).
  for (std::size_t k = 0; k < kept.size(); ++k) {
    if (const std::string* name = s.edits.loadedRelabel(kept[k])) {
      out.annotation(k).categoryId = categoryId(s, *name, added);
      ++sum.relabelled;
    }
  }
  sum.loaded = kept.size();
  for (const UserAnnotation& u : s.edits.added()) {
    if (u.deleted) {
      ++sum.deleted;
      continue;
    }
    const auto& img = ds.images()[u.imageIndex];
    const std::int64_t cat = categoryId(s, u.className, added);
    const std::size_t idx = out.addAnnotation(u.id, img.id, cat, u.bbox, u.area, false);
    const bool hasMask = u.mask.h > 0 && u.mask.w > 0 && rleArea(u.mask) > 0;
    if (!hasMask) {
      out.setPolygons(idx, boxPolygon(u.bbox));
      ++sum.boxOnly;
    } else if (o.polygons) {
      MaskPolygonOptions po;
      po.tolerance = o.polygonTolerance;
      auto parts = rleToPolygons(u.mask, po);
      if (!parts.ok()) return parts.error();
      Rle drawn = polygonsToRle(parts.value(), u.mask.h, u.mask.w);
      out.setPolygons(idx, parts.value());
      // What pycocotools will rasterise decides the box and area.
      out.annotation(idx).area = static_cast<double>(rleArea(drawn));
      out.annotation(idx).bbox = rleToBbox(drawn);
      sum.polygonParts += parts->size();
    } else {
      out.setCompressedRle(idx, u.mask);
      out.annotation(idx).area = static_cast<double>(rleArea(u.mask));
      out.annotation(idx).bbox = rleToBbox(u.mask);
    }
    ++sum.accepted;
  }
  for (const auto& [name, id] : added) {
    std::string super = "zsi";
    const int c = s.classes.find(name);
    if (c >= 0) super = s.classes.classes[static_cast<std::size_t>(c)].unseen ? "unseen" : "seen";
    out.addCategory(id, name, super);
  }
  sum.newCategories = added.size();
  sum.images = out.images().size();
  sum.annotations = out.annotations().size();
  out.ensureIndex();
  if (summary) *summary = sum;
  return out;
}

std::vector<CocoDetection> ExportBuilder::results(const ExportSnapshot& s, const ResultsExportOptions& o,
                                                  ExportSummary* summary) {
  ExportSummary sum;
  std::vector<CocoDetection> out;
  std::vector<std::pair<std::string, std::int64_t>> added;
  for (const auto& [imageIndex, p] : s.predictions) {
    const bool outdated = p.data->settingsKey != s.currentKey;
    if (outdated && !o.includeOutdated) continue;
    const Instances& in = p.data->instances;
    const std::int64_t imageId = s.dataset->images()[imageIndex].id;
    for (std::size_t i = 0; i < p.size(); ++i) {
      if (p.state[i] == ReviewState::Rejected && !o.includeRejected) {
        ++sum.rejectedLeftOut;
        continue;
      }
      CocoDetection d;
      d.imageId = imageId;
      const std::string& name = p.className(i);
      bool known = false;
      for (const auto& c : s.dataset->categories()) known |= c.name == name;
      if (!known) ++sum.unknownClasses;
      d.categoryId = categoryId(s, name, added);
      d.score = in.scores[i];
      const auto& b = in.boxes[i];
      d.bbox = {b[0], b[1], b[2] - b[0], b[3] - b[1]};
      d.hasBbox = true;
      if (o.masks && in.hasMasks() && !in.masks[i].empty()) {
        d.mask = in.maskRle(i);
        d.hasSegmentation = true;
      }
      d.area = d.bbox[2] * d.bbox[3];
      d.id = static_cast<std::int64_t>(out.size()) + 1;
      out.push_back(std::move(d));
      if (outdated) ++sum.outdated;
    }
  }
  sum.detections = out.size();
  if (summary) {
    summary->detections = sum.detections;
    summary->outdated = sum.outdated;
    summary->rejectedLeftOut = sum.rejectedLeftOut;
    summary->unknownClasses = sum.unknownClasses;
  }
  return out;
}

}  // namespace zsi::ui
