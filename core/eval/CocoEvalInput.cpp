#include "core/eval/CocoEvalInput.h"

#include <atomic>
#include <mutex>
#include <optional>
#include <unordered_set>

#include <fmt/format.h>

#include "core/coco/CocoReader.h"
#include "core/eval/ParallelFor.h"

namespace zsi {

namespace {

void warn(std::vector<std::string>* warnings, std::string text) {
  if (warnings != nullptr) warnings->push_back(std::move(text));
}

std::string detectionField(const CocoDetection& d) {
  return fmt::format("detection {} (image_id {}, category_id {})", d.id, d.imageId, d.categoryId);
}

// GT masks as annToRLE makes them; where annToRLE would raise (a degenerate polygon), the
// documented fallback mask is used and the first such annotation is reported.
Status addGroundTruth(const CocoDataset& gt, IouType type, EvalInput& in,
                      std::vector<std::string>* warnings, unsigned threads) {
  const auto& anns = gt.annotations();
  std::unordered_set<std::int64_t> categoryIds;
  for (const EvalCategory& c : in.categories) categoryIds.insert(c.id);
  std::vector<std::uint32_t> used;  // annotations of GT images and categories: what COCOeval sees
  for (std::size_t i = 0; i < anns.size(); ++i) {
    if (gt.imageIndexOfAnnotation(i) >= 0 && categoryIds.count(anns[i].categoryId))
      used.push_back(static_cast<std::uint32_t>(i));
  }
  in.groundTruth.resize(used.size());
  std::mutex mutex;
  std::size_t fallbacks = 0;
  std::string firstFallback;
  parallelFor(used.size(), 256, threads, [&](std::size_t begin, std::size_t end, unsigned) {
    for (std::size_t j = begin; j < end; ++j) {
      const CocoAnnotation& a = anns[used[j]];
      EvalGroundTruth& g = in.groundTruth[j];
      g.id = a.id;
      g.imageId = a.imageId;
      g.categoryId = a.categoryId;
      g.bbox = a.bbox;
      g.area = a.area;
      g.iscrowd = a.iscrowd != 0;
      if (type != IouType::Segm) continue;
      auto strict = gt.annotationRleStrict(used[j]);
      if (strict.ok()) {
        g.mask = std::move(strict).value();
      } else {
        g.mask = gt.annotationRle(used[j]);
        std::lock_guard<std::mutex> lock(mutex);
        if (fallbacks++ == 0) firstFallback = strict.error().toString();
      }
    }
  });
  if (fallbacks > 0) {
    warn(warnings, fmt::format("{} ground-truth segmentation(s) that pycocotools cannot rasterise "
                               "were evaluated with an empty part instead; the first: {}",
                               fallbacks, firstFallback));
  }
  return okStatus();
}

// The detection's mask for segm, checked against its image; area = its pixel count.
Status takeMask(const CocoDataset& gt, CocoDetection& d, EvalDetection& e, bool& usedBox) {
  const CocoImage& im = gt.images()[*gt.imageIndex(d.imageId)];
  const auto h = static_cast<std::uint32_t>(im.height), w = static_cast<std::uint32_t>(im.width);
  if (!d.hasSegmentation) {
    e.mask = loadResBoxMask(d, h, w);
    usedBox = true;
  } else {
    if (d.mask.h != h || d.mask.w != w) {
      return Error(fmt::format("mask size {}x{} (h x w) differs from the image's {}x{}", d.mask.h,
                               d.mask.w, h, w))
          .forField(detectionField(d) + ": segmentation.size");
    }
    const std::uint64_t sum = rleCountsSum(d.mask);
    if (sum != static_cast<std::uint64_t>(h) * w) {
      return Error(fmt::format("the RLE runs cover {} pixels, but its size {}x{} has {}", sum, h, w,
                               static_cast<std::uint64_t>(h) * w))
          .forField(detectionField(d) + ": segmentation.counts");
    }
    e.mask = std::move(d.mask);
  }
  e.area = static_cast<double>(rleArea(e.mask));
  return okStatus();
}

}  // namespace

Result<EvalInput> makeEvalInput(const CocoDataset& gt, CocoResults&& results, IouType type,
                                std::vector<std::string>* warnings, unsigned threads) {
  gt.ensureIndex();
  EvalInput in;
  for (const CocoImage& im : gt.images()) in.imageIds.push_back(im.id);
  for (const CocoCategory& c : gt.categories()) in.categories.push_back({c.id, c.name});
  ZSI_TRY(addGroundTruth(gt, type, in, warnings, threads));

  ZSI_TRY(checkResultsImages(results, gt));
  if (results.detections.empty()) {
    warn(warnings,
         "the results file holds no detections: every AP and AR is 0 (pycocotools' "
         "loadRes raises on an empty list)");
  }
  std::unordered_set<std::int64_t> categoryIds;
  for (const EvalCategory& c : in.categories) categoryIds.insert(c.id);
  std::size_t unknownCategory = 0;
  std::int64_t firstUnknownCategory = 0;
  std::vector<std::uint32_t> kept;  // detections of GT categories, in file order
  kept.reserve(results.detections.size());
  for (std::size_t i = 0; i < results.detections.size(); ++i) {
    const std::int64_t cat = results.detections[i].categoryId;
    if (categoryIds.count(cat)) {
      kept.push_back(static_cast<std::uint32_t>(i));
    } else if (unknownCategory++ == 0) {
      firstUnknownCategory = cat;
    }
  }

  in.detections.resize(kept.size());
  std::atomic<std::size_t> boxAsMask{0};
  std::mutex errorMutex;
  std::size_t errorAt = kept.size();  // the first failing detection in file order wins
  std::optional<Error> error;
  parallelFor(kept.size(), 4096, threads, [&](std::size_t begin, std::size_t end, unsigned) {
    for (std::size_t j = begin; j < end; ++j) {
      CocoDetection& d = results.detections[kept[j]];
      EvalDetection& e = in.detections[j];
      e.id = d.id;
      e.imageId = d.imageId;
      e.categoryId = d.categoryId;
      e.bbox = d.bbox;
      e.area = d.area;
      e.score = d.score;
      if (type != IouType::Segm) continue;
      bool usedBox = false;
      Status s = takeMask(gt, d, e, usedBox);
      if (usedBox) boxAsMask.fetch_add(1, std::memory_order_relaxed);
      if (!s.ok()) {
        std::lock_guard<std::mutex> lock(errorMutex);
        if (j < errorAt) {
          errorAt = j;
          error = s.error();
        }
        return;
      }
    }
  });
  if (error) return *error;
  if (unknownCategory > 0) {
    warn(warnings, fmt::format("{} detection(s) have a category_id the ground truth does not "
                               "define (first: {}); they are not evaluated",
                               unknownCategory, firstUnknownCategory));
  }
  if (boxAsMask > 0) {
    warn(warnings, fmt::format("{} detection(s) have no segmentation; their boxes are used as "
                               "masks, as pycocotools' loadRes does",
                               boxAsMask.load()));
  }
  return in;
}

Result<EvalInput> loadEvalInput(const std::string& gtPath, const std::string& resultsPath,
                                IouType type, std::vector<std::string>* warnings,
                                const Progress& progress) {
  auto gt = loadCocoDataset(gtPath, progress);
  if (!gt.ok()) {
    if (gt.error().file.empty()) gt.error().inFile(gtPath);
    return gt.error();
  }
  auto results = loadCocoResults(resultsPath, progress);
  if (!results.ok()) {
    if (results.error().file.empty()) results.error().inFile(resultsPath);
    return results.error();
  }
  auto in = makeEvalInput(*gt, std::move(results).value(), type, warnings);
  if (!in.ok() && in.error().file.empty()) in.error().inFile(resultsPath);
  return in;
}

}  // namespace zsi
