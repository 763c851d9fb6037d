// Segmentations of COCO annotations: polygon lists (their numbers read straight from the list's
// text by parseJsonNumberList), uncompressed RLE (counts a list) and compressed RLE (counts a
// string, checked by decoding it), with the overrun check against "size".

#include <vector>

#include "core/coco/CocoFieldReader.h"
#include "core/coco/JsonText.h"
#include "core/coco/Rle.h"

namespace zsi {

bool CocoFieldReader::parsePolygons(od::value& v, CocoAnnotation& a) {
  od::array parts;
  if (v.get_array().get(parts)) return wrongType(v, "segmentation", "a list of polygons or an RLE object");
  a.segKind = SegmentationKind::Polygons;
  a.segFirst = static_cast<std::uint32_t>(out->polygons.size());
  std::uint32_t part = 0;
  for (auto item : parts) {
    od::value pv;
    if (item.get(pv)) return syntaxAt(v);
    od::array coords;
    // Named only on an error: this runs once per polygon of a 600k-annotation file.
    auto field = [part] { return "segmentation[" + std::to_string(part) + "]"; };
    if (pv.get_array().get(coords)) return wrongType(pv, field(), "a list of numbers (a polygon)");
    const std::uint64_t start = out->coords.size();
    bool allIntegers = true;
    // The numbers are read from the list's text directly: several times faster than walking
    // them one by one, and as strict (JsonText.h).
    std::string_view raw;
    if (coords.raw_json().get(raw)) return syntaxAt(pv);
    if (const char* bad = parseJsonNumberList(raw, out->coords, allIntegers)) {
      return badNumber(bad, field() + "[" + std::to_string(out->coords.size() - start) + "]");
    }
    PolygonView pol;
    pol.xy = offsetAsPointer<double>(start);
    pol.coords = static_cast<std::uint32_t>(out->coords.size() - start);
    pol.integerLiterals = allIntegers;
    out->polygons.push_back(pol);
    ++part;
  }
  a.segCount = part;
  return true;
}

bool CocoFieldReader::parseRle(od::value& v, CocoAnnotation& a) {
  od::object o;
  if (v.get_object().get(o)) return syntaxAt(v);
  std::int64_t h = -1, w = -1;
  bool compressed = false, haveCounts = false;
  std::string_view counts;
  std::vector<std::uint32_t> runs;
  const char* countsAt = where(v);
  for (auto fr : o) {
    od::field f;
    if (std::move(fr).get(f)) return syntaxAt(v);
    std::string_view k;
    if (f.unescaped_key().get(k)) return syntaxAt(v);
    od::value fv = f.value();
    if (k == "size") {
      if (!haveCounts) a.literalForms |= 1u << 7;  // size written before counts
      od::array sz;
      if (fv.get_array().get(sz)) return wrongType(fv, "segmentation.size", "a list [height, width]");
      int n = 0;
      for (auto s : sz) {
        od::value sv;
        if (s.get(sv)) return syntaxAt(fv);
        std::int64_t x = 0;
        if (!getSize(sv, "segmentation.size", 0xFFFFFFFFll, x)) return false;
        if (n == 0) h = x; else if (n == 1) w = x;
        ++n;
      }
      if (n != 2) return fail(fv, "segmentation.size", "expected [height, width], got " + std::to_string(n) + " numbers");
    } else if (k == "counts") {
      haveCounts = true;
      countsAt = where(fv);
      od::json_type t;
      if (fv.type().get(t)) return syntaxAt(fv);
      if (t == od::json_type::string) {
        compressed = true;
        if (fv.get_string().get(counts)) return syntaxAt(fv);
      } else if (t == od::json_type::array) {
        od::array arr;
        if (fv.get_array().get(arr)) return syntaxAt(fv);
        for (auto c : arr) {
          od::value cv;
          if (c.get(cv)) return syntaxAt(fv);
          std::int64_t x = 0;
          if (!getInt64(cv, "segmentation.counts", x)) return false;
          if (x < 0 || x > 0xFFFFFFFFll) return fail(cv, "segmentation.counts", "run length " + std::to_string(x) + " is outside 0..2^32-1");
          runs.push_back(static_cast<std::uint32_t>(x));
        }
      } else {
        return fail(fv, "segmentation.counts", std::string("expected a string or a list of run lengths, got ") + typeName(t));
      }
    }
    // Other members of an RLE object are ignored, as pycocotools ignores them.
  }
  if (h < 0 || w < 0) return fail(v, "segmentation", "an RLE needs \"size\": [height, width]");
  if (!haveCounts) return fail(v, "segmentation", "an RLE needs \"counts\"");
  if (static_cast<std::uint64_t>(h) * static_cast<std::uint64_t>(w) > 0xFFFFFFFFull) {
    return fail(v, "segmentation.size", "masks over 2^32 - 1 pixels are not supported");
  }
  const std::uint64_t pixels = static_cast<std::uint64_t>(h) * static_cast<std::uint64_t>(w);
  StoredRle r;
  r.h = static_cast<std::uint32_t>(h);
  r.w = static_cast<std::uint32_t>(w);
  std::uint64_t sum = 0;
  if (compressed) {
    auto decoded = rleFromString(counts, r.h, r.w);
    if (!decoded.ok()) {
      problem.set = true;
      problem.at = countsAt;
      problem.field = "segmentation.counts";
      problem.message = decoded.error().message;
      return false;
    }
    sum = rleCountsSum(*decoded);
    r.counts.data = offsetAsPointer<char>(storeText(counts));
    r.counts.size = static_cast<std::uint32_t>(counts.size());
    a.segKind = SegmentationKind::CompressedRle;
  } else {
    for (auto x : runs) sum += x;
    r.runs = offsetAsPointer<std::uint32_t>(out->runs.size());
    r.runCount = static_cast<std::uint32_t>(runs.size());
    out->runs.insert(out->runs.end(), runs.begin(), runs.end());
    a.segKind = SegmentationKind::UncompressedRle;
  }
  if (sum > pixels) {
    problem.set = true;
    problem.at = countsAt;
    problem.field = "segmentation.counts";
    problem.message = "the RLE runs add up to " + std::to_string(sum) + " pixels, more than its size " +
                      std::to_string(h) + "x" + std::to_string(w) + " = " + std::to_string(pixels);
    return false;
  }
  a.segFirst = static_cast<std::uint32_t>(out->rles.size());
  out->rles.push_back(r);
  return true;
}

bool CocoFieldReader::parseSegmentation(od::value& v, CocoAnnotation& a) {
  od::json_type t;
  if (v.type().get(t)) return syntaxAt(v);
  if (t == od::json_type::array) return parsePolygons(v, a);
  if (t == od::json_type::object) return parseRle(v, a);
  if (t == od::json_type::null) {
    a.literalForms |= 1u << 6;  // written back as null
    return true;
  }
  return fail(v, "segmentation", std::string("expected a list of polygons or an RLE object, got ") + typeName(t));
}

}  // namespace zsi
