#include "ui/OverlayBuilder.h"

#include <algorithm>

#include "ui/ProjectDocument.h"

namespace zsi::ui {

OverlayRequest OverlayBuilder::request(const ProjectDocument& doc, std::size_t imageIndex, std::uint64_t version) {
  OverlayRequest r;
  r.imageIndex = imageIndex;
  r.version = version;
  if (!doc.hasDataset() || imageIndex >= doc.imageCount()) return r;
  r.dataset = doc.datasetPtr();
  const auto& img = doc.dataset().images()[imageIndex];
  r.width = img.width;
  r.height = img.height;
  r.rows = ImageInstances::list(doc, imageIndex);
  if (const ImagePredictions* p = doc.predictions().get(imageIndex)) r.predictions = p->data;
  for (std::size_t i = 0; i < r.rows.size(); ++i)
    if (r.rows[i].ref.source == InstanceRef::Source::Annotation)
      r.addedMasks.emplace_back(i, doc.edits().added()[r.rows[i].ref.index].mask);
  return r;
}

OverlayShape OverlayBuilder::cropRle(const Rle& rle) {
  OverlayShape s;
  if (rle.h == 0 || rle.w == 0) return s;
  const std::uint64_t h = rle.h, total = static_cast<std::uint64_t>(rle.h) * rle.w;
  // Pass 1: the bounding rectangle of the foreground runs (column-major positions).
  std::uint64_t minX = rle.w, maxX = 0, minY = rle.h, maxY = 0, p = 0;
  bool any = false;
  for (std::size_t k = 0; k < rle.counts.size(); ++k) {
    const std::uint64_t len = rle.counts[k];
    if ((k & 1) && len > 0) {
      const std::uint64_t first = p, last = std::min(p + len, total) - 1;
      const std::uint64_t x0 = first / h, x1 = last / h;
      minX = std::min(minX, x0);
      maxX = std::max(maxX, x1);
      if (x0 == x1) {
        minY = std::min(minY, first % h);
        maxY = std::max(maxY, last % h);
      } else {  // spans a column boundary: reaches the bottom of one column and the top of the next
        minY = 0;
        maxY = h - 1;
      }
      any = true;
    }
    p += len;
    if (p >= total) break;
  }
  if (!any) return s;
  s.rect = QRect(static_cast<int>(minX), static_cast<int>(minY), static_cast<int>(maxX - minX + 1),
                 static_cast<int>(maxY - minY + 1));
  const std::size_t cw = static_cast<std::size_t>(s.rect.width());
  s.mask.assign(cw * static_cast<std::size_t>(s.rect.height()), 0);
  // Pass 2: write the runs into the crop.
  p = 0;
  for (std::size_t k = 0; k < rle.counts.size() && p < total; ++k) {
    const std::uint64_t len = rle.counts[k];
    if (k & 1) {
      const std::uint64_t end = std::min(p + len, total);
      for (std::uint64_t q = p; q < end;) {
        const std::uint64_t x = q / h, y = q % h;
        const std::uint64_t stop = std::min(end, (x + 1) * h);  // to the end of this column
        for (std::uint64_t yy = y; yy < y + (stop - q); ++yy)
          s.mask[(yy - minY) * cw + (x - minX)] = 1;
        q = stop;
      }
    }
    p += len;
  }
  return s;
}

ImageOverlay OverlayBuilder::build(const OverlayRequest& r) {
  ImageOverlay o;
  o.imageIndex = r.imageIndex;
  o.version = r.version;
  o.width = r.width;
  o.height = r.height;
  o.rows = r.rows;
  o.shapes.resize(r.rows.size());
  std::size_t nextAdded = 0;
  for (std::size_t i = 0; i < r.rows.size(); ++i) {
    const InstanceRow& row = r.rows[i];
    switch (row.ref.source) {
      case InstanceRef::Source::GroundTruth:
        o.shapes[i] = cropRle(r.dataset->annotationRle(row.ref.index));
        break;
      case InstanceRef::Source::Annotation:
        while (nextAdded < r.addedMasks.size() && r.addedMasks[nextAdded].first < i) ++nextAdded;
        if (nextAdded < r.addedMasks.size() && r.addedMasks[nextAdded].first == i)
          o.shapes[i] = cropRle(r.addedMasks[nextAdded].second);
        break;
      case InstanceRef::Source::Prediction: {
        const Instances& in = r.predictions->instances;
        if (!in.hasMasks() || row.ref.index >= in.masks.size()) break;
        const InstanceMask& m = in.masks[row.ref.index];
        if (m.empty()) break;
        o.shapes[i].rect = QRect(m.x, m.y, m.width, m.height);
        o.shapes[i].mask = m.pixels;
        break;
      }
    }
  }
  return o;
}

}  // namespace zsi::ui
