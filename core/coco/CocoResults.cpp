// Results files: the same chunked reading as instances files (JsonScan cuts the top-level list,
// simdjson parses the pieces on several threads), then loadRes' rules applied in file order.

#include "core/coco/CocoResults.h"

#include <simdjson.h>

#include <cmath>
#include <deque>
#include <memory>
#include <mutex>

#include "core/coco/JsonChunkText.h"
#include "core/coco/JsonScan.h"
#include "core/coco/JsonText.h"
#include "core/coco/OrderedParallel.h"
#include "core/util/AtomicFile.h"

namespace zsi {

namespace od = simdjson::ondemand;

namespace {

struct Parsed {
  CocoDetection d;
  bool emptyBbox = false;  // "bbox": [] (loadRes then skips its bbox branch)
  std::uint64_t offset = 0;
};

class ResultsChunkParser {
 public:
  Status parse(const JsonSource& src, const JsonChunk& chunk, std::vector<Parsed>& out) {
    ZSI_TRY(text_.load(src, chunk));
    od::document doc;
    if (parser_.iterate(text_.data(), text_.size(), text_.capacity()).get(doc)) {
      return text_.syntaxError(src, nullptr);
    }
    od::array arr;
    if (doc.get_array().get(arr)) return text_.syntaxError(src, nullptr);
    std::uint64_t index = chunk.firstElement;
    for (auto item : arr) {
      od::value v;
      if (item.get(v)) return text_.syntaxError(src, nullptr);
      const char* at = v.raw_json_token().data();
      od::object obj;
      if (v.get_object().get(obj)) {
        return src.errorAt(text_.fileOffset(at), "expected an object (a detection)")
            .forField("detection " + std::to_string(index + 1));
      }
      Parsed p;
      p.offset = text_.fileOffset(at);
      ZSI_TRY(record(src, obj, index, at, p));
      out.push_back(std::move(p));
      ++index;
    }
    return okStatus();
  }

 private:
  Status record(const JsonSource& src, od::object& obj, std::uint64_t index, const char* at, Parsed& p) {
    const std::string who = "detection " + std::to_string(index + 1);
    bool haveImage = false, haveCategory = false, haveScore = false;
    auto bad = [&](od::value& v, const std::string& field, const std::string& message) {
      const char* where = v.raw_json_token().data();
      return Status(src.errorAt(text_.fileOffset(where ? where : at), message).forField(who + ": " + field));
    };
    auto integer = [&](od::value& v, const char* field, std::int64_t& out) -> Status {
      od::number n;
      if (v.get_number().get(n)) return syntaxOrType(src, v, who + ": " + field, "an integer");
      if (n.is_int64()) {
        out = n.get_int64();
        return okStatus();
      }
      const double d = n.as_double();
      if (n.is_double() && d == std::floor(d) && std::fabs(d) < 9.2e18) {
        out = static_cast<std::int64_t>(d);
        return okStatus();
      }
      return bad(v, field, "expected an integer");
    };
    for (auto fr : obj) {
      od::field f;
      if (std::move(fr).get(f)) return text_.syntaxError(src, at);
      std::string_view key;
      if (f.unescaped_key().get(key)) return text_.syntaxError(src, at);
      od::value v = f.value();
      if (key == "image_id") {
        ZSI_TRY(integer(v, "image_id", p.d.imageId));
        haveImage = true;
      } else if (key == "category_id") {
        ZSI_TRY(integer(v, "category_id", p.d.categoryId));
        haveCategory = true;
      } else if (key == "score") {
        od::number n;
        if (v.get_number().get(n)) return syntaxOrType(src, v, who + ": score", "a number");
        p.d.score = n.as_double();
        haveScore = true;
      } else if (key == "bbox") {
        std::string_view raw;
        od::array a;
        if (v.get_array().get(a)) return syntaxOrType(src, v, who + ": bbox", "a list [x, y, w, h]");
        const char* start = v.raw_json_token().data();
        if (a.raw_json().get(raw)) return text_.syntaxError(src, start);
        std::vector<double> nums;
        bool ints = true;
        if (const char* e = parseJsonNumberList(raw, nums, ints)) {
          return Status(src.errorAt(text_.fileOffset(e), "expected a number").forField(who + ": bbox"));
        }
        if (nums.empty()) {
          p.emptyBbox = true;
        } else if (nums.size() != 4) {
          return Status(src.errorAt(text_.fileOffset(start), "expected 4 numbers [x, y, w, h], got " +
                                                                 std::to_string(nums.size()))
                            .forField(who + ": bbox"));
        } else {
          std::copy(nums.begin(), nums.end(), p.d.bbox.begin());
          p.d.hasBbox = true;
        }
      } else if (key == "segmentation") {
        ZSI_TRY(segmentation(src, v, who, p.d));
      }
      // Other members (caption, keypoints, attributes...) are not read.
    }
    if (!haveImage) return src.errorAt(text_.fileOffset(at), "missing \"image_id\"").forField(who);
    if (!haveCategory) return src.errorAt(text_.fileOffset(at), "missing \"category_id\"").forField(who);
    if (!haveScore) return src.errorAt(text_.fileOffset(at), "missing \"score\"").forField(who);
    return okStatus();
  }

  Status syntaxOrType(const JsonSource& src, od::value& v, const std::string& field,
                      const std::string& expected) {
    od::json_type t;
    const char* where = v.raw_json_token().data();
    if (v.type().get(t)) return text_.syntaxError(src, where);
    static const char* names[] = {"", "a list", "an object", "a number", "a string", "a boolean", "null"};
    return src.errorAt(text_.fileOffset(where), "expected " + expected + ", got " + names[static_cast<int>(t)])
        .forField(field);
  }

  Status segmentation(const JsonSource& src, od::value& v, const std::string& who, CocoDetection& d) {
    const char* where = v.raw_json_token().data();
    od::object o;
    if (v.get_object().get(o)) {
      return syntaxOrType(src, v, who + ": segmentation",
                          "an RLE object {\"size\": [h, w], \"counts\": ...} (polygons are not "
                          "accepted in results files)");
    }
    std::int64_t hw[2] = {-1, -1};
    std::string counts;
    std::vector<std::uint32_t> runs;
    bool compressed = false, haveCounts = false;
    for (auto fr : o) {
      od::field f;
      if (std::move(fr).get(f)) return text_.syntaxError(src, where);
      std::string_view key;
      if (f.unescaped_key().get(key)) return text_.syntaxError(src, where);
      od::value fv = f.value();
      if (key == "size") {
        od::array a;
        if (fv.get_array().get(a)) return syntaxOrType(src, fv, who + ": segmentation.size", "[height, width]");
        int n = 0;
        for (auto s : a) {
          od::value sv;
          std::int64_t x = 0;
          if (s.get(sv) || sv.get_int64().get(x) || x < 0 || x > 0xFFFFFFFFll || n >= 2) {
            return src.errorAt(text_.fileOffset(where), "expected [height, width] (two non-negative integers)")
                .forField(who + ": segmentation.size");
          }
          hw[n++] = x;
        }
      } else if (key == "counts") {
        haveCounts = true;
        std::string_view s;
        od::array a;
        if (!fv.get_string().get(s)) {
          compressed = true;
          counts.assign(s);
        } else if (!fv.get_array().get(a)) {
          for (auto c : a) {
            od::value cv;
            std::int64_t x = 0;
            if (c.get(cv) || cv.get_int64().get(x) || x < 0 || x > 0xFFFFFFFFll) {
              return src.errorAt(text_.fileOffset(where), "run lengths must be integers in 0..2^32-1")
                  .forField(who + ": segmentation.counts");
            }
            runs.push_back(static_cast<std::uint32_t>(x));
          }
        } else {
          return syntaxOrType(src, fv, who + ": segmentation.counts", "a string or a list of runs");
        }
      }
    }
    if (hw[0] < 0 || hw[1] < 0 || !haveCounts) {
      return src.errorAt(text_.fileOffset(where), "an RLE needs \"size\": [h, w] and \"counts\"")
          .forField(who + ": segmentation");
    }
    if (static_cast<std::uint64_t>(hw[0]) * static_cast<std::uint64_t>(hw[1]) > 0xFFFFFFFFull) {
      return src.errorAt(text_.fileOffset(where), "masks over 2^32 - 1 pixels are not supported")
          .forField(who + ": segmentation.size");
    }
    const auto h = static_cast<std::uint32_t>(hw[0]), w = static_cast<std::uint32_t>(hw[1]);
    if (compressed) {
      auto r = rleFromString(counts, h, w);
      if (!r.ok()) return src.errorAt(text_.fileOffset(where), r.error().message).forField(who + ": segmentation.counts");
      d.mask = std::move(r).value();
    } else {
      d.mask.h = h;
      d.mask.w = w;
      d.mask.counts = std::move(runs);
    }
    if (rleCountsSum(d.mask) > static_cast<std::uint64_t>(h) * w) {
      return src.errorAt(text_.fileOffset(where), "the RLE runs add up to more pixels than its size " +
                                                      std::to_string(h) + "x" + std::to_string(w))
          .forField(who + ": segmentation.counts");
    }
    d.hasSegmentation = true;
    return okStatus();
  }

  od::parser parser_;
  JsonChunkText text_;
};

// loadRes: the branch from the first record; areas, missing boxes and ids from it.
Status applyLoadRes(const JsonSource& src, std::vector<Parsed>& parsed, CocoResults& out) {
  out.detections.reserve(parsed.size());
  if (parsed.empty()) return okStatus();
  const Parsed& first = parsed.front();
  if (first.d.hasBbox) {
    out.branch = LoadResBranch::Bbox;
  } else if (first.d.hasSegmentation) {
    out.branch = LoadResBranch::Segmentation;
  } else {
    return src.errorAt(first.offset, "the first detection has neither a bbox nor a segmentation, "
                                     "so pycocotools' loadRes cannot tell boxes from masks")
        .forField("detection 1");
  }
  for (std::size_t i = 0; i < parsed.size(); ++i) {
    CocoDetection& d = parsed[i].d;
    d.id = static_cast<std::int64_t>(i) + 1;
    if (out.branch == LoadResBranch::Bbox) {
      if (!d.hasBbox) {
        return src.errorAt(parsed[i].offset, "no bbox, but the first detection has one (loadRes "
                                             "then needs a bbox in every detection)")
            .forField("detection " + std::to_string(i + 1));
      }
      d.area = d.bbox[2] * d.bbox[3];
    } else {
      if (!d.hasSegmentation) {
        return src.errorAt(parsed[i].offset, "no segmentation, but the first detection has a "
                                             "segmentation and no bbox")
            .forField("detection " + std::to_string(i + 1));
      }
      d.area = static_cast<double>(rleArea(d.mask));
      if (!d.hasBbox) d.bbox = rleToBbox(d.mask);
    }
    out.detections.push_back(std::move(d));
  }
  return okStatus();
}

Result<CocoResults> load(const JsonSource& src, const Progress& progress) {
  const int threads = workerThreads(0);
  std::vector<std::unique_ptr<ResultsChunkParser>> parsers(static_cast<std::size_t>(threads));
  for (auto& p : parsers) p = std::make_unique<ResultsChunkParser>();
  std::deque<std::vector<Parsed>> chunks;
  std::mutex m;
  std::vector<Parsed> parsed;
  Result<JsonLayout> scanned = Error("not scanned");
  Progress scanProgress;
  scanProgress.cancel = progress.cancel;
  const double size = static_cast<double>(std::max<std::uint64_t>(1, src.size()));
  Status s = runOrderedStream<JsonChunk>(
      threads,
      [&](auto emit) {
        auto layout = scanJsonLayout(src, [](std::string_view) { return false; }, 4u << 20,
                                     scanProgress,
                                     [&](std::string_view, const JsonChunk& c) { return emit(c); });
        if (!layout.ok()) return Status(layout.error());
        scanned = std::move(layout);
        return okStatus();
      },
      [&](std::size_t i, const JsonChunk& chunk, int t) {
        std::vector<Parsed> out;
        Status st = parsers[static_cast<std::size_t>(t)]->parse(src, chunk, out);
        std::lock_guard<std::mutex> lock(m);
        if (chunks.size() <= i) chunks.resize(i + 1);
        chunks[i] = std::move(out);
        return st;
      },
      [&](std::size_t i, const JsonChunk& chunk) {
        std::vector<Parsed> got;
        {
          std::lock_guard<std::mutex> lock(m);
          got = std::move(chunks[i]);
        }
        for (auto& p : got) parsed.push_back(std::move(p));
        progress.report(static_cast<double>(chunk.end) / size, "reading detections");
        return okStatus();
      },
      progress);
  if (!s.ok()) return s.error();
  if (!scanned->rootIsArray) {
    return src.errorAt(0, "a results file is a JSON list of detections; this is an object "
                          "(an instances file?)");
  }
  CocoResults out;
  ZSI_TRY(applyLoadRes(src, parsed, out));
  progress.report(1.0, "done");
  return out;
}

}  // namespace

Result<CocoResults> loadCocoResults(const std::string& path, const Progress& progress) {
  auto src = JsonSource::openFile(path);
  if (!src.ok()) return src.error();
  return load(*src, progress);
}

Result<CocoResults> parseCocoResults(std::string_view json, const std::string& name) {
  return load(JsonSource::fromMemory(json, name), Progress{});
}

Status checkResultsImages(const CocoResults& results, const CocoDataset& groundTruth) {
  for (const CocoDetection& d : results.detections) {
    if (!groundTruth.imageIndex(d.imageId)) {
      return Error("image_id " + std::to_string(d.imageId) +
                   " is not an image of the ground truth (pycocotools: \"Results do not "
                   "correspond to current coco set\")")
          .forField("detection " + std::to_string(d.id));
    }
  }
  return okStatus();
}

Rle loadResBoxMask(const CocoDetection& d, std::uint32_t h, std::uint32_t w) {
  const double x1 = d.bbox[0], x2 = d.bbox[0] + d.bbox[2];
  const double y1 = d.bbox[1], y2 = d.bbox[1] + d.bbox[3];
  const double xy[8] = {x1, y1, x1, y2, x2, y2, x2, y1};
  // annToRLE of a one-polygon segmentation: frPyObjects then merge (of one, unchanged).
  return rleFromPolygon(xy, 4, h, w);
}

Result<std::string> cocoResultsToJson(const std::vector<CocoDetection>& detections,
                                      const CocoResultsWriteOptions& options) {
  std::string out = "[";
  for (std::size_t i = 0; i < detections.size(); ++i) {
    const CocoDetection& d = detections[i];
    for (double v : d.bbox) {
      if (options.bbox && d.hasBbox && !std::isfinite(v)) {
        return Error("bbox is not finite").forField("detection " + std::to_string(i + 1));
      }
    }
    if (!std::isfinite(d.score)) return Error("score is not finite").forField("detection " + std::to_string(i + 1));
    if (i) out += ", ";
    out += "{\"image_id\": ";
    appendInt(out, d.imageId);
    out += ", \"category_id\": ";
    appendInt(out, d.categoryId);
    if (options.bbox && d.hasBbox) {
      out += ", \"bbox\": [";
      for (int k = 0; k < 4; ++k) {
        if (k) out += ", ";
        appendPythonFloat(out, d.bbox[k]);
      }
      out += "]";
    }
    out += ", \"score\": ";
    appendPythonFloat(out, d.score);
    if (options.segmentation && d.hasSegmentation) {
      out += ", \"segmentation\": {\"size\": [";
      appendInt(out, d.mask.h);
      out += ", ";
      appendInt(out, d.mask.w);
      out += "], \"counts\": ";
      appendJsonString(out, rleToString(d.mask));
      out += "}";
    }
    out += "}";
  }
  out += "]";
  return out;
}

Status writeCocoResults(const std::string& path, const std::vector<CocoDetection>& detections,
                        const CocoResultsWriteOptions& options) {
  auto text = cocoResultsToJson(detections, options);
  if (!text.ok()) return text.error();
  return writeFileAtomic(path, *text);
}

}  // namespace zsi
