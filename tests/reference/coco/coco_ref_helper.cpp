// Our side of the pycocotools reference tests. The Python drivers make the inputs, run
// pycocotools and compare; this program runs the same inputs through zsi_core and writes what it
// got, without judging it:
//   coco_ref_helper rle CASES.json OUT.json          pycocotools.mask functions (see runRleCase)
//   coco_ref_helper annotations GT.json OUT.json     COCO.annToRLE + area + toBbox of every annotation
//   coco_ref_helper eval GT DT bbox|segm coco|zsi OUTDIR
//                                                    COCOeval: OUTDIR/eval.json (stats, per-image
//                                                    matches) and precision/recall/scores.bin
// Numbers are written as JSON doubles (shortest round-trip text) or raw little-endian float64,
// so the drivers can compare bits. Exit status: 0 written (including refused inputs, which are
// recorded as {"error": ...}), 1 the helper itself failed, 2 bad usage.

#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/coco/CocoDataset.h"
#include "core/coco/CocoReader.h"
#include "core/coco/Rle.h"
#include "core/eval/CocoEvalInput.h"
#include "core/eval/CocoSummary.h"
#include "core/eval/Evaluate.h"

using nlohmann::json;
using namespace zsi;

namespace {

json readJson(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  return json::parse(in);
}

void writeJson(const std::string& path, const json& j) {
  std::ofstream out(path, std::ios::binary);
  out << j.dump();
  if (!out) throw std::runtime_error("cannot write " + path);
}

void writeDoubles(const std::string& path, const std::vector<double>& v) {
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(v.data()),
            static_cast<std::streamsize>(v.size() * sizeof(double)));
  if (!out) throw std::runtime_error("cannot write " + path);
}

// Masks travel as hex strings of their column-major bytes (values 0..255, not binarised).
std::vector<std::uint8_t> fromHex(const std::string& hex) {
  std::vector<std::uint8_t> out(hex.size() / 2);
  for (std::size_t i = 0; i < out.size(); ++i)
    out[i] = static_cast<std::uint8_t>(std::stoul(hex.substr(2 * i, 2), nullptr, 16));
  return out;
}

std::string toHex(const std::vector<std::uint8_t>& bytes) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (std::uint8_t b : bytes) {
    out += digits[b >> 4];
    out += digits[b & 15];
  }
  return out;
}

json bboxJson(const std::array<double, 4>& b) {
  return json::array({b[0], b[1], b[2], b[3]});
}

std::array<double, 4> boxFrom(const json& j) {
  return {j.at(0).get<double>(), j.at(1).get<double>(), j.at(2).get<double>(),
          j.at(3).get<double>()};
}

// IoU matrix of every mask (or box) against every other, with the given crowd flags.
template <class T, class F>
json iouMatrix(const std::vector<T>& items, const std::vector<std::uint8_t>& crowd, F iou) {
  std::vector<double> out(items.size() * items.size());
  iou(items, items, crowd, out.data());
  return out;
}

// One case of masks of one size: encode, decode (of our own string), area, toBbox, merge, iou.
json runMaskCase(const json& c) {
  const auto h = c.at("h").get<std::uint32_t>(), w = c.at("w").get<std::uint32_t>();
  json out;
  std::vector<Rle> rles;
  for (const json& m : c.at("masks")) {
    const std::vector<std::uint8_t> bytes = fromHex(m.get<std::string>());
    if (bytes.size() != static_cast<std::size_t>(h) * w) throw std::runtime_error("mask size");
    Rle r = rleEncodeBytes(bytes.data(), h, w);
    const std::string s = rleToString(r);
    out["encode"].push_back(s);
    auto parsed = rleFromString(s, h, w);
    if (!parsed.ok()) throw std::runtime_error("our own string does not parse: " + s);
    auto decoded = rleDecode(*parsed);
    out["decode"].push_back(decoded.ok() ? json(toHex(*decoded)) : json(nullptr));
    out["area"].push_back(rleArea(r));
    out["bbox"].push_back(bboxJson(rleToBbox(r)));
    rles.push_back(std::move(r));
  }
  out["merge_union"] = rleToString(rleMerge(rles, false));
  out["merge_intersect"] = rleToString(rleMerge(rles, true));
  const std::size_t n = rles.size();
  std::vector<std::uint8_t> none(n, 0), all(n, 1), alternate(n);
  for (std::size_t i = 0; i < n; ++i) alternate[i] = static_cast<std::uint8_t>(i % 2);
  auto maskIou = [](const auto& d, const auto& g, const auto& cr, double* o) { rleIou(d, g, cr, o); };
  out["iou"] = {iouMatrix(rles, none, maskIou), iouMatrix(rles, all, maskIou),
                iouMatrix(rles, alternate, maskIou)};
  std::vector<std::array<double, 4>> boxes;
  for (const json& b : c.at("boxes")) boxes.push_back(boxFrom(b));
  std::vector<std::uint8_t> bNone(boxes.size(), 0), bAll(boxes.size(), 1), bAlt(boxes.size());
  for (std::size_t i = 0; i < boxes.size(); ++i) bAlt[i] = static_cast<std::uint8_t>(i % 2);
  auto boxIou = [](const auto& d, const auto& g, const auto& cr, double* o) { bboxIou(d, g, cr, o); };
  out["bbox_iou"] = {iouMatrix(boxes, bNone, boxIou), iouMatrix(boxes, bAll, boxIou),
                     iouMatrix(boxes, bAlt, boxIou)};
  return out;
}

// frPyObjects(list of polygons, h, w): one string per part or the error; and their union
// (annToRLE), which only exists when frPyObjects succeeds.
json runPolygonCase(const json& c) {
  const auto h = c.at("h").get<std::uint32_t>(), w = c.at("w").get<std::uint32_t>();
  std::vector<std::vector<double>> parts;
  for (const json& p : c.at("polygons")) parts.push_back(p.get<std::vector<double>>());
  std::vector<const double*> ptrs;
  std::vector<std::size_t> counts;
  for (const auto& p : parts) {
    ptrs.push_back(p.data());
    counts.push_back(p.size());
  }
  json out;
  auto list = rleFromPolygonList(ptrs, counts, h, w);
  if (!list.ok()) {
    out["error"] = list.error().toString();
    return out;
  }
  for (const Rle& r : *list) out["rles"].push_back(rleToString(r));
  out["merged"] = rleToString(rleFromPolygonParts(ptrs, counts, h, w));
  return out;
}

json runBoxCase(const json& c) {
  const auto h = c.at("h").get<std::uint32_t>(), w = c.at("w").get<std::uint32_t>();
  json out;
  out["rles"] = json::array();
  for (const json& b : c.at("boxes")) out["rles"].push_back(rleToString(rleFromBbox(boxFrom(b), h, w)));
  return out;
}

// frPyObjects of an uncompressed RLE: the same runs, compressed.
json runUncompressedCase(const json& c) {
  Rle r;
  r.h = c.at("h").get<std::uint32_t>();
  r.w = c.at("w").get<std::uint32_t>();
  r.counts = c.at("counts").get<std::vector<std::uint32_t>>();
  json out;
  out["rle"] = rleToString(r);
  out["area"] = rleArea(r);
  out["bbox"] = bboxJson(rleToBbox(r));
  return out;
}

int runRle(const std::string& inPath, const std::string& outPath) {
  const json cases = readJson(inPath);
  json out = json::array();
  for (const json& c : cases) {
    const std::string kind = c.at("kind").get<std::string>();
    if (kind == "masks")
      out.push_back(runMaskCase(c));
    else if (kind == "polygons")
      out.push_back(runPolygonCase(c));
    else if (kind == "boxes")
      out.push_back(runBoxCase(c));
    else if (kind == "uncompressed")
      out.push_back(runUncompressedCase(c));
    else
      throw std::runtime_error("unknown case kind " + kind);
  }
  writeJson(outPath, out);
  return 0;
}

int runAnnotations(const std::string& gtPath, const std::string& outPath) {
  auto gt = loadCocoDataset(gtPath);
  if (!gt.ok()) throw std::runtime_error(gt.error().toString());
  json out = json::array();
  for (std::size_t i = 0; i < gt->annotations().size(); ++i) {
    auto r = gt->annotationRleStrict(i);
    if (!r.ok()) {
      out.push_back({{"id", gt->annotations()[i].id}, {"error", r.error().toString()}});
      continue;
    }
    out.push_back({{"id", gt->annotations()[i].id},
                   {"size", {r->h, r->w}},
                   {"counts", rleToString(*r)},
                   {"area", rleArea(*r)},
                   {"bbox", bboxJson(rleToBbox(*r))}});
  }
  writeJson(outPath, out);
  return 0;
}

int runEval(const std::string& gtPath, const std::string& dtPath, const std::string& type,
            const std::string& protocol, const std::string& outDir) {
  const IouType iouType = type == "segm" ? IouType::Segm : IouType::Bbox;
  json out;
  std::vector<std::string> warnings;
  auto input = loadEvalInput(gtPath, dtPath, iouType, &warnings);
  out["warnings"] = warnings;
  if (!input.ok()) {
    out["error"] = input.error().toString();
    writeJson(outDir + "/eval.json", out);
    return 0;
  }
  const EvalParams params =
      protocol == "zsi" ? EvalParams::zsi(iouType) : EvalParams::coco(iouType);
  std::vector<EvalImageMatches> matches;
  EvalOptions options;
  options.threads = 1;
  options.imageMatches = &matches;
  auto result = evaluate(*input, params, options);
  if (!result.ok()) throw std::runtime_error(result.error().toString());
  const EvalResult& r = *result;
  out["stats"] = (protocol == "zsi" ? summarizeZsi(r) : summarizeCoco(r)).stats();
  out["shape"] = {r.numIou, r.numRecall, r.numCategories, r.numAreas, r.numMaxDets};
  out["iouThrs"] = r.params.iouThresholds;
  out["catIds"] = r.params.categoryIds;
  out["imgIds"] = r.params.imageIds;
  // Ids as COCOeval reports them: annotation ids for the GT, loadRes' record numbers for detections.
  json images = json::array();
  for (const EvalImageMatches& m : matches) {
    json dtIds = json::array(), gtIds = json::array(), scores = json::array();
    for (std::uint32_t d : m.detections) {
      dtIds.push_back(input->detections[d].id);
      scores.push_back(input->detections[d].score);
    }
    for (std::uint32_t g : m.groundTruth) gtIds.push_back(input->groundTruth[g].id);
    images.push_back({{"category_id", m.categoryId}, {"image_id", m.imageId}, {"dtIds", dtIds},
                      {"gtIds", gtIds}, {"dtScores", scores}, {"matchedGt", m.matchedGt},
                      {"dtIgnore", m.dtIgnored}, {"gtIgnore", m.gtIgnored}});
  }
  out["images"] = std::move(images);
  writeJson(outDir + "/eval.json", out);
  writeDoubles(outDir + "/precision.bin", r.precision);
  writeDoubles(outDir + "/recall.bin", r.recall);
  writeDoubles(outDir + "/scores.bin", r.scores);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> a(argv + 1, argv + argc);
  try {
    if (a.size() == 3 && a[0] == "rle") return runRle(a[1], a[2]);
    if (a.size() == 3 && a[0] == "annotations") return runAnnotations(a[1], a[2]);
    if (a.size() == 6 && a[0] == "eval") return runEval(a[1], a[2], a[3], a[4], a[5]);
  } catch (const std::exception& e) {
    std::cerr << "coco_ref_helper: " << e.what() << "\n";
    return 1;
  }
  std::cerr << "usage: coco_ref_helper rle IN OUT | annotations GT OUT | "
               "eval GT DT bbox|segm coco|zsi OUTDIR\n";
  return 2;
}
