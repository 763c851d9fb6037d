// Writes the text Python's json.dump writes for the same data, records formatted in parallel
// batches and appended in order. Member order, integer-or-float forms and unknown members come
// from what was read (CocoLayout.h); records made in code use COCO's usual order.

#include "core/coco/CocoWriter.h"

#include <cmath>
#include <functional>

#include "core/coco/CocoLayout.h"
#include "core/coco/JsonText.h"
#include "core/coco/OrderedParallel.h"
#include "core/util/AtomicFile.h"

namespace zsi {

namespace {

using Sink = std::function<Status(std::string_view)>;
constexpr std::size_t kBatch = 2048;

void number(std::string& out, double v, bool integer) {
  if (integer && v >= -9.2e18 && v <= 9.2e18 && v == static_cast<double>(static_cast<std::int64_t>(v))) {
    appendInt(out, static_cast<std::int64_t>(v));
  } else {
    appendPythonFloat(out, v);
  }
}

void key(std::string& out, const char* k, bool& first) {
  if (!first) out.append(", ");
  first = false;
  out.push_back('"');
  out.append(k);
  out.append("\": ");
}

// Unknown members in order; `next` advances through them as the layout asks for them.
struct Extras {
  std::vector<std::pair<std::string_view, std::string_view>> members;
  std::size_t next = 0;
  void one(std::string& out, bool& first) {
    if (next >= members.size()) return;
    if (!first) out.append(", ");
    first = false;
    out.append(members[next].first);
    out.append(": ");
    out.append(members[next].second);
    ++next;
  }
  void rest(std::string& out, bool& first) {
    while (next < members.size()) one(out, first);
  }
};

bool has(const CocoMemberOrder& order, CocoMember m) {
  for (CocoMember x : order)
    if (x == m) return true;
  return false;
}

class Formatter {
 public:
  explicit Formatter(const CocoDataset& ds) : ds_(ds), layouts_(ds.layouts()) {}

  void image(std::string& out, const CocoImage& im) const {
    const CocoMemberOrder& order = layouts_.image[im.layout < layouts_.image.size() ? im.layout : 0];
    Extras extras{CocoDataset::extraMembers(im.extra)};
    bool first = true;
    out.push_back('{');
    auto field = [&](CocoMember m) {
      switch (m) {
        case CocoMember::Id: key(out, "id", first); appendInt(out, im.id); break;
        case CocoMember::FileName: key(out, "file_name", first); appendJsonString(out, im.file()); break;
        case CocoMember::Width: key(out, "width", first); appendInt(out, im.width); break;
        case CocoMember::Height: key(out, "height", first); appendInt(out, im.height); break;
        case CocoMember::Extra: extras.one(out, first); break;
        default: break;
      }
    };
    for (CocoMember m : order) field(m);
    // Fields the source did not have but that were set since.
    if (!has(order, CocoMember::Id)) field(CocoMember::Id);
    if (!has(order, CocoMember::FileName) && im.fileName.size) field(CocoMember::FileName);
    if (!has(order, CocoMember::Width) && im.width) field(CocoMember::Width);
    if (!has(order, CocoMember::Height) && im.height) field(CocoMember::Height);
    extras.rest(out, first);
    out.push_back('}');
  }

  void category(std::string& out, const CocoCategory& c) const {
    const CocoMemberOrder& order = layouts_.category[c.layout < layouts_.category.size() ? c.layout : 0];
    Extras extras{CocoDataset::extraMembers(c.extra)};
    bool first = true;
    out.push_back('{');
    auto field = [&](CocoMember m) {
      switch (m) {
        case CocoMember::Id: key(out, "id", first); appendInt(out, c.id); break;
        case CocoMember::Name: key(out, "name", first); appendJsonString(out, c.name); break;
        case CocoMember::Supercategory:
          key(out, "supercategory", first);
          appendJsonString(out, c.supercategory);
          break;
        case CocoMember::Extra: extras.one(out, first); break;
        default: break;
      }
    };
    for (CocoMember m : order) field(m);
    if (!has(order, CocoMember::Id)) field(CocoMember::Id);
    if (!has(order, CocoMember::Name) && !c.name.empty()) field(CocoMember::Name);
    if (!has(order, CocoMember::Supercategory) && !c.supercategory.empty()) field(CocoMember::Supercategory);
    extras.rest(out, first);
    out.push_back('}');
  }

  void segmentation(std::string& out, const CocoAnnotation& a) const {
    switch (a.segKind) {
      case SegmentationKind::None:
        out.append((a.literalForms & (1u << 6)) ? "null" : "[]");
        return;
      case SegmentationKind::Polygons:
        out.push_back('[');
        for (std::uint32_t k = 0; k < a.segCount; ++k) {
          if (k) out.append(", ");
          const PolygonView p = ds_.polygon(a, k);
          out.push_back('[');
          for (std::uint32_t j = 0; j < p.coords; ++j) {
            if (j) out.append(", ");
            number(out, p.xy[j], p.integerLiterals);
          }
          out.push_back(']');
        }
        out.push_back(']');
        return;
      default: break;
    }
    const StoredRle r = ds_.storedRle(a);
    std::string size = "\"size\": [";
    appendInt(size, r.h);
    size.append(", ");
    appendInt(size, r.w);
    size.push_back(']');
    std::string counts = "\"counts\": ";
    if (a.segKind == SegmentationKind::CompressedRle) {
      appendJsonString(counts, r.counts.view());
    } else {
      counts.push_back('[');
      for (std::uint32_t j = 0; j < r.runCount; ++j) {
        if (j) counts.append(", ");
        appendInt(counts, r.runs[j]);
      }
      counts.push_back(']');
    }
    const bool sizeFirst = (a.literalForms & (1u << 7)) != 0;
    out.push_back('{');
    out.append(sizeFirst ? size : counts);
    out.append(", ");
    out.append(sizeFirst ? counts : size);
    out.push_back('}');
  }

  void annotation(std::string& out, const CocoAnnotation& a) const {
    const CocoMemberOrder& order =
        layouts_.annotation[a.layout < layouts_.annotation.size() ? a.layout : 0];
    Extras extras{CocoDataset::extraMembers(a.extra)};
    bool first = true;
    out.push_back('{');
    auto field = [&](CocoMember m) {
      switch (m) {
        case CocoMember::Id: key(out, "id", first); appendInt(out, a.id); break;
        case CocoMember::ImageId: key(out, "image_id", first); appendInt(out, a.imageId); break;
        case CocoMember::CategoryId: key(out, "category_id", first); appendInt(out, a.categoryId); break;
        case CocoMember::Bbox:
          key(out, "bbox", first);
          out.push_back('[');
          for (int k = 0; k < 4; ++k) {
            if (k) out.append(", ");
            number(out, a.bbox[k], (a.literalForms >> k) & 1u);
          }
          out.push_back(']');
          break;
        case CocoMember::Area:
          key(out, "area", first);
          number(out, a.area, (a.literalForms >> 4) & 1u);
          break;
        case CocoMember::Iscrowd:
          key(out, "iscrowd", first);
          if (a.literalForms & (1u << 5)) {
            out.append(a.iscrowd ? "true" : "false");
          } else {
            appendInt(out, a.iscrowd);
          }
          break;
        case CocoMember::Segmentation: key(out, "segmentation", first); segmentation(out, a); break;
        case CocoMember::Extra: extras.one(out, first); break;
        default: break;
      }
    };
    for (CocoMember m : order) field(m);
    if (!has(order, CocoMember::Id)) field(CocoMember::Id);
    if (!has(order, CocoMember::ImageId)) field(CocoMember::ImageId);
    if (!has(order, CocoMember::CategoryId)) field(CocoMember::CategoryId);
    if (!has(order, CocoMember::Segmentation) && a.segKind != SegmentationKind::None) field(CocoMember::Segmentation);
    if (!has(order, CocoMember::Area) && a.area != 0) field(CocoMember::Area);
    if (!has(order, CocoMember::Bbox) && (a.bbox[2] != 0 || a.bbox[3] != 0)) field(CocoMember::Bbox);
    if (!has(order, CocoMember::Iscrowd) && a.iscrowd) field(CocoMember::Iscrowd);
    extras.rest(out, first);
    out.push_back('}');
  }

 private:
  const CocoDataset& ds_;
  const CocoDataset::Layouts& layouts_;
};

template <class Records, class FormatOne>
Status writeList(const Records& records, int threads, const Sink& sink, const Progress& progress,
                 FormatOne formatOne) {
  ZSI_TRY(sink("["));
  const std::size_t batches = (records.size() + kBatch - 1) / kBatch;
  std::vector<std::string> texts(batches);
  ZSI_TRY(runOrdered(
      batches, threads,
      [&](std::size_t b, int) {
        std::string& out = texts[b];
        const std::size_t end = std::min(records.size(), (b + 1) * kBatch);
        for (std::size_t i = b * kBatch; i < end; ++i) {
          if (i) out.append(", ");
          formatOne(out, records[i]);
        }
        return okStatus();
      },
      [&](std::size_t b) {
        Status s = sink(texts[b]);
        std::string().swap(texts[b]);
        return s;
      },
      progress));
  return sink("]");
}

// JSON has no NaN or Infinity; a record edited in code could hold one.
Status checkFinite(const CocoDataset& ds) {
  for (const CocoAnnotation& a : ds.annotations()) {
    const std::string who = "annotation id " + std::to_string(a.id);
    for (double v : a.bbox)
      if (!std::isfinite(v)) return Error("not a finite number; JSON cannot hold it").forField(who + ": bbox");
    if (!std::isfinite(a.area)) return Error("not a finite number; JSON cannot hold it").forField(who + ": area");
    for (std::size_t k = 0; k < ds.polygonCount(a); ++k) {
      const PolygonView p = ds.polygon(a, k);
      for (std::uint32_t j = 0; j < p.coords; ++j) {
        if (!std::isfinite(p.xy[j])) {
          return Error("not a finite number; JSON cannot hold it")
              .forField(who + ": segmentation[" + std::to_string(k) + "][" + std::to_string(j) + "]");
        }
      }
    }
  }
  return okStatus();
}

Status writeAll(const CocoDataset& ds, const Sink& sink, const Progress& progress,
                const CocoWriteOptions& options) {
  ZSI_TRY(checkFinite(ds));
  const int threads = workerThreads(options.threads);
  Formatter f(ds);
  CocoMemberOrder top = ds.layouts().top;
  if (top.empty()) {
    top.assign(ds.topMembers().size(), CocoMember::Extra);
    top.insert(top.end(), {CocoMember::Images, CocoMember::Annotations, CocoMember::Categories});
  }
  // Lists the source lacked but that now have records go at the end.
  if (!has(top, CocoMember::Images) && !ds.images().empty()) top.push_back(CocoMember::Images);
  if (!has(top, CocoMember::Annotations) && !ds.annotations().empty()) top.push_back(CocoMember::Annotations);
  if (!has(top, CocoMember::Categories) && !ds.categories().empty()) top.push_back(CocoMember::Categories);
  ZSI_TRY(sink("{"));
  std::size_t nextTop = 0;
  bool first = true;
  for (CocoMember m : top) {
    if (m == CocoMember::Extra && nextTop >= ds.topMembers().size()) continue;
    if (!first) ZSI_TRY(sink(", "));
    first = false;
    std::string k;
    switch (m) {
      case CocoMember::Extra: {
        const CocoTopMember& t = ds.topMembers()[nextTop++];
        appendJsonString(k, t.key);
        k.append(": ");
        ZSI_TRY(sink(k));
        ZSI_TRY(sink(t.rawJson));
        break;
      }
      case CocoMember::Images:
        ZSI_TRY(sink("\"images\": "));
        ZSI_TRY(writeList(ds.images(), threads, sink, progress,
                          [&](std::string& o, const CocoImage& r) { f.image(o, r); }));
        break;
      case CocoMember::Annotations:
        ZSI_TRY(sink("\"annotations\": "));
        ZSI_TRY(writeList(ds.annotations(), threads, sink, progress,
                          [&](std::string& o, const CocoAnnotation& r) { f.annotation(o, r); }));
        break;
      case CocoMember::Categories:
        ZSI_TRY(sink("\"categories\": "));
        ZSI_TRY(writeList(ds.categories(), threads, sink, progress,
                          [&](std::string& o, const CocoCategory& r) { f.category(o, r); }));
        break;
      default: break;
    }
  }
  return sink("}");
}

}  // namespace

Status writeCocoDataset(const CocoDataset& dataset, const std::string& path,
                        const Progress& progress, const CocoWriteOptions& options) {
  auto w = AtomicFileWriter::open(path);
  if (!w.ok()) return w.error();
  ZSI_TRY(writeAll(dataset, [&](std::string_view s) { w->write(s); return okStatus(); }, progress,
                   options));
  if (progress.cancelled()) return Error(kCancelledMessage);
  return w->commit();
}

Result<std::string> cocoDatasetToJson(const CocoDataset& dataset, const CocoWriteOptions& options) {
  std::string out;
  Status s = writeAll(dataset, [&](std::string_view t) { out.append(t); return okStatus(); },
                      Progress{}, options);
  if (!s.ok()) return s.error();
  return out;
}

}  // namespace zsi
