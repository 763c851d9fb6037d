// The instances reader: JsonScan cuts the file, CocoChunkParser parses the chunks on worker
// threads, and each chunk joins the dataset here, in file order, without copying its coordinates
// (its buffers become pool blocks and the offsets in its records become pointers).

#include "core/coco/CocoReader.h"

#include <atomic>
#include <deque>
#include <map>
#include <memory>
#include <mutex>

#include "core/coco/CocoChunkParser.h"
#include "core/coco/CocoLayout.h"
#include "core/coco/JsonScan.h"
#include "core/coco/JsonSource.h"
#include "core/coco/JsonText.h"
#include "core/coco/OrderedParallel.h"

namespace zsi {

namespace {

struct Task {
  CocoList list;
  JsonChunk chunk;
};

void join(CocoDataset& ds, CocoList list, CocoChunkResult& r) {
  auto& layouts = ds.mutableLayouts();
  auto& table = list == CocoList::Images ? layouts.image
                : list == CocoList::Categories ? layouts.category : layouts.annotation;
  std::vector<std::uint16_t> layoutMap(r.layouts.size());
  for (std::size_t i = 0; i < r.layouts.size(); ++i) {
    CocoDataset::Layouts::intern(table, r.layouts[i], layoutMap[i]);
  }
  const double* coords = r.coords.data();
  const std::uint32_t* runs = r.runs.data();
  const char* text = r.text.data();
  auto fixText = [text](TextRef& t) {
    t.data = t.size ? text + pointerAsOffset(t.data) : nullptr;
  };
  auto& polygons = ds.polygonTable();
  const std::uint32_t polygonBase = static_cast<std::uint32_t>(polygons.size());
  for (PolygonView p : r.polygons) {
    p.xy = p.coords ? coords + pointerAsOffset(p.xy) : nullptr;
    polygons.push_back(p);
  }
  auto& rles = ds.rleTable();
  const std::uint32_t rleBase = static_cast<std::uint32_t>(rles.size());
  for (StoredRle s : r.rles) {
    s.runs = s.runCount ? runs + pointerAsOffset(s.runs) : nullptr;
    fixText(s.counts);
    rles.push_back(s);
  }
  switch (list) {
    case CocoList::Images: {
      auto& images = ds.mutableImages();
      for (CocoImage im : r.images) {
        fixText(im.fileName);
        fixText(im.extra);
        im.layout = layoutMap[im.layout];
        images.push_back(im);
      }
      break;
    }
    case CocoList::Annotations: {
      auto& anns = ds.mutableAnnotations();
      for (CocoAnnotation a : r.annotations) {
        if (a.segKind == SegmentationKind::Polygons) {
          a.segFirst += polygonBase;
        } else if (a.segKind != SegmentationKind::None) {
          a.segFirst += rleBase;
        }
        fixText(a.extra);
        a.layout = layoutMap[a.layout];
        anns.push_back(a);
      }
      break;
    }
    case CocoList::Categories: {
      auto& cats = ds.mutableCategories();
      for (CocoCategory& c : r.categories) {
        fixText(c.extra);
        c.layout = layoutMap[c.layout];
        cats.push_back(std::move(c));
      }
      break;
    }
  }
  ds.coordinatePool().adopt(std::move(r.coords));
  ds.runPool().adopt(std::move(r.runs));
  ds.textPool().adopt(std::move(r.text));
}

Result<CocoDataset> load(const JsonSource& src, const Progress& progress,
                         const CocoLoadOptions& options) {
  auto listOf = [](std::string_view key, CocoList& list) {
    if (key == "images") list = CocoList::Images;
    else if (key == "annotations") list = CocoList::Annotations;
    else if (key == "categories") list = CocoList::Categories;
    else return false;
    return true;
  };
  auto chunked = [&](std::string_view key) {
    CocoList l;
    return listOf(key, l);
  };

  // The scan runs on its own thread and hands each chunk over as soon as it is complete; worker
  // threads parse chunks meanwhile and this thread joins them to the dataset in file order.
  CocoDataset ds;
  const int threads = workerThreads(options.threads);
  std::vector<std::unique_ptr<CocoChunkParser>> parsers(static_cast<std::size_t>(threads));
  for (auto& p : parsers) p = std::make_unique<CocoChunkParser>();
  std::deque<std::unique_ptr<CocoChunkResult>> results;
  std::mutex resultsMutex;
  Result<JsonLayout> scanned = Error("not scanned");
  std::atomic<bool> scanDone{false};
  bool reserved = false;
  std::uint64_t doneBytes = 0;
  const double size = static_cast<double>(std::max<std::uint64_t>(1, src.size()));
  Progress scanProgress;
  scanProgress.cancel = progress.cancel;
  Status s = runOrderedStream<Task>(
      threads,
      [&](auto emit) {
        bool seen[3] = {false, false, false};
        std::string duplicate;
        auto onChunk = [&](std::string_view key, const JsonChunk& chunk) {
          CocoList list;
          if (!listOf(key, list)) return true;
          bool& first = seen[static_cast<int>(list)];
          if (chunk.firstElement == 0 && first) {
            duplicate = std::string(key);
            return false;
          }
          first = true;
          return emit(Task{list, chunk});
        };
        auto layout = scanJsonLayout(src, chunked, options.chunkBytes, scanProgress, onChunk);
        if (!duplicate.empty()) {
          return Status(src.errorAt(0, "the top-level member \"" + duplicate +
                                           "\" appears twice; a COCO file has one of each"));
        }
        if (!layout.ok()) return Status(layout.error());
        scanned = std::move(layout);
        scanDone.store(true, std::memory_order_release);
        return okStatus();
      },
      [&](std::size_t i, const Task& task, int t) {
        auto r = std::make_unique<CocoChunkResult>();
        Status st = parsers[static_cast<std::size_t>(t)]->parse(src, task.chunk, task.list, *r);
        std::lock_guard<std::mutex> lock(resultsMutex);
        if (results.size() <= i) results.resize(i + 1);
        results[i] = std::move(r);
        return st;
      },
      [&](std::size_t i, const Task& task) {
        if (!reserved && scanDone.load(std::memory_order_acquire)) {
          // Exact sizes are known once the scan is over: no more regrowth.
          reserved = true;
          for (const auto& m : scanned->members) {
            if (m.array < 0) continue;
            const std::size_t n = static_cast<std::size_t>(scanned->arrays[m.array].elements);
            if (m.key == "images") ds.mutableImages().reserve(n);
            if (m.key == "annotations") ds.mutableAnnotations().reserve(n);
          }
        }
        std::unique_ptr<CocoChunkResult> r;
        {
          std::lock_guard<std::mutex> lock(resultsMutex);
          r = std::move(results[i]);
        }
        join(ds, task.list, *r);
        doneBytes += r->bytes;
        progress.report(0.95 * static_cast<double>(doneBytes) / size, "reading records");
        return okStatus();
      },
      progress);
  if (!s.ok()) return s.error();
  if (progress.cancelled()) return Error(kCancelledMessage);
  const JsonLayout& layout = *scanned;
  if (layout.rootIsArray) {
    return src.errorAt(0, "this is a JSON list (a results file?); a COCO instances file is an "
                          "object with \"images\", \"annotations\" and \"categories\"");
  }

  auto& top = ds.mutableLayouts().top;
  top.clear();
  std::vector<CocoTopMember> members;
  std::map<std::string, std::size_t> topIndex;  // key -> index in `members`
  for (const JsonMemberSpan& m : layout.members) {
    CocoList list;
    if (listOf(m.key, list)) {
      if (m.kind != '[') return src.errorAt(m.valueBegin, "\"" + m.key + "\" must be a list");
      top.push_back(list == CocoList::Images ? CocoMember::Images
                    : list == CocoList::Annotations ? CocoMember::Annotations
                                                    : CocoMember::Categories);
      continue;
    }
    std::string raw(static_cast<std::size_t>(m.valueEnd - m.valueBegin), '\0');
    ZSI_TRY(src.read(m.valueBegin, raw.size(), raw.data()));
    std::size_t bad = 0;
    if (!isValidJsonValue(raw, bad)) {
      return src.errorAt(m.valueBegin + bad, "malformed JSON in the value of \"" + m.key + "\"");
    }
    // A repeated key: the last value wins at the first one's place, as in Python's json.
    auto it = topIndex.find(m.key);
    if (it != topIndex.end()) {
      members[it->second].rawJson = std::move(raw);
    } else {
      topIndex[m.key] = members.size();
      members.push_back({m.key, std::move(raw)});
      top.push_back(CocoMember::Extra);
    }
  }
  ds.setTopMembers(std::move(members));
  progress.report(0.95, "indexing");
  ds.ensureIndex();
  progress.report(1.0, "done");
  return ds;
}

}  // namespace

Result<CocoDataset> loadCocoDataset(const std::string& path, const Progress& progress,
                                    const CocoLoadOptions& options) {
  auto src = JsonSource::openFile(path);
  if (!src.ok()) return src.error();
  return load(*src, progress, options);
}

Result<CocoDataset> parseCocoDataset(std::string_view json, const std::string& name,
                                     const CocoLoadOptions& options) {
  return load(JsonSource::fromMemory(json, name), Progress{}, options);
}

}  // namespace zsi
