#include "core/eval/Evaluate.h"

#include <algorithm>
#include <cmath>
#include <new>
#include <unordered_map>
#include <utility>

#include <fmt/format.h>

#include "core/coco/Rle.h"
#include "core/eval/CategoryAccumulator.h"
#include "core/eval/CellMatcher.h"
#include "core/eval/ParallelFor.h"
#include "core/eval/ProgressMeter.h"

namespace zsi {

namespace {

std::vector<std::int64_t> sortedUnique(std::vector<std::int64_t> ids) {
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  return ids;
}

// One (category, image) pair that has ground truth or detections: COCOeval's evalImgs entry.
struct Cell {
  std::uint32_t k = 0;
  std::size_t gtBegin = 0, gtEnd = 0;  // into the sorted GT index
  std::size_t dtBegin = 0, dtEnd = 0;  // into the sorted detection index
  std::size_t slotBegin = 0;           // first kept detection in the slot arrays
  std::uint32_t numSlots = 0;
};

using KeyedIndex = std::vector<std::pair<std::uint64_t, std::uint32_t>>;  // (k * I + image, index)

// Stable counting sort of `items` by key(item) in [0, buckets).
template <class Key>
void countingSort(KeyedIndex& items, std::size_t buckets, Key key) {
  std::vector<std::size_t> start(buckets + 1, 0);
  for (const auto& it : items) ++start[key(it) + 1];
  for (std::size_t b = 0; b < buckets; ++b) start[b + 1] += start[b];
  KeyedIndex sorted(items.size());
  for (const auto& it : items) sorted[start[key(it)]++] = it;
  items.swap(sorted);
}

// Objects in (category, image) order, file order inside each pair: two stable counting sorts
// (by image, then by category) in O(n + images + categories).
template <class T>
KeyedIndex keyObjects(const std::vector<T>& objects,
                      const std::unordered_map<std::int64_t, std::uint32_t>& imageIndex,
                      const std::unordered_map<std::int64_t, std::uint32_t>& categoryIndex) {
  KeyedIndex keyed;
  keyed.reserve(objects.size());
  const std::uint64_t numImages = imageIndex.size();
  for (std::size_t i = 0; i < objects.size(); ++i) {
    auto img = imageIndex.find(objects[i].imageId);
    auto cat = categoryIndex.find(objects[i].categoryId);
    if (img == imageIndex.end() || cat == categoryIndex.end()) continue;
    keyed.emplace_back(cat->second * numImages + img->second, static_cast<std::uint32_t>(i));
  }
  countingSort(keyed, numImages, [&](const auto& it) { return it.first % numImages; });
  countingSort(keyed, categoryIndex.size(), [&](const auto& it) { return it.first / numImages; });
  return keyed;
}

// Stable sort of a cell's detections by descending score; cells are small, so insertion sort
// (no allocation) unless one is large.
void sortByScore(std::vector<std::uint32_t>& dets, const std::vector<EvalDetection>& all) {
  auto higher = [&](std::uint32_t x, std::uint32_t y) { return all[x].score > all[y].score; };
  if (dets.size() > 32) {
    std::stable_sort(dets.begin(), dets.end(), higher);
    return;
  }
  for (std::size_t i = 1; i < dets.size(); ++i) {
    const std::uint32_t v = dets[i];
    std::size_t j = i;
    for (; j > 0 && higher(v, dets[j - 1]); --j) dets[j] = dets[j - 1];
    dets[j] = v;
  }
}

std::vector<Cell> buildCells(const KeyedIndex& gt, const KeyedIndex& dt, std::uint64_t numImages,
                             std::size_t maxDetsCut) {
  std::vector<Cell> cells;
  std::size_t g = 0, d = 0, slot = 0;
  while (g < gt.size() || d < dt.size()) {
    const std::uint64_t key = std::min(g < gt.size() ? gt[g].first : UINT64_MAX,
                                       d < dt.size() ? dt[d].first : UINT64_MAX);
    Cell c;
    c.k = static_cast<std::uint32_t>(key / numImages);
    c.gtBegin = g;
    while (g < gt.size() && gt[g].first == key) ++g;
    c.gtEnd = g;
    c.dtBegin = d;
    while (d < dt.size() && dt[d].first == key) ++d;
    c.dtEnd = d;
    c.slotBegin = slot;
    c.numSlots = static_cast<std::uint32_t>(std::min(c.dtEnd - c.dtBegin, maxDetsCut));
    slot += c.numSlots;
    cells.push_back(c);
  }
  return cells;
}

struct SlotArrays {
  std::vector<double> score;
  std::vector<std::uint32_t> rank;
  std::vector<std::uint8_t> outcome;     // [slot][A][T]
  std::vector<std::uint8_t> uniform;     // [slot][A]
  std::vector<std::uint32_t> cellNumGt;  // [cell][A]
};

// Per-worker scratch of the matching phase.
struct CellWorker {
  explicit CellWorker(const EvalParams& p) : matcher(p) {}
  CellMatcher matcher;
  std::vector<std::uint32_t> dets;
  std::vector<const EvalGroundTruth*> gts;
  std::vector<double> dtAreas, ious;
  std::vector<std::array<double, 4>> dtBoxes, gtBoxes;
  std::vector<Rle> dtMasks, gtMasks;
  std::vector<std::uint8_t> crowd;
};

void evaluateCell(const EvalInput& input, const EvalParams& params, const std::vector<Cell>& cells,
                  std::size_t c, const KeyedIndex& gtIndex, const KeyedIndex& dtIndex,
                  CellWorker& w, SlotArrays& slots, EvalImageMatches* record) {
  const Cell& cell = cells[c];
  w.dets.clear();
  for (std::size_t i = cell.dtBegin; i < cell.dtEnd; ++i) w.dets.push_back(dtIndex[i].second);
  sortByScore(w.dets, input.detections);
  w.dets.resize(cell.numSlots);
  w.gts.clear();
  for (std::size_t i = cell.gtBegin; i < cell.gtEnd; ++i)
    w.gts.push_back(&input.groundTruth[gtIndex[i].second]);

  const std::size_t D = w.dets.size(), G = w.gts.size();
  w.ious.clear();
  if (D > 0 && G > 0) {
    w.ious.resize(D * G);
    w.crowd.clear();
    for (const EvalGroundTruth* g : w.gts) w.crowd.push_back(g->iscrowd ? 1 : 0);
    if (params.iouType == IouType::Bbox) {
      w.dtBoxes.clear();
      w.gtBoxes.clear();
      for (std::uint32_t d : w.dets) w.dtBoxes.push_back(input.detections[d].bbox);
      for (const EvalGroundTruth* g : w.gts) w.gtBoxes.push_back(g->bbox);
      bboxIou(w.dtBoxes, w.gtBoxes, w.crowd, w.ious.data());
    } else {
      // rleIou takes vectors of masks; copies into reused vectors keep their capacity.
      w.dtMasks.resize(D);
      w.gtMasks.resize(G);
      for (std::size_t i = 0; i < D; ++i) w.dtMasks[i] = input.detections[w.dets[i]].mask;
      for (std::size_t i = 0; i < G; ++i) w.gtMasks[i] = w.gts[i]->mask;
      rleIou(w.dtMasks, w.gtMasks, w.crowd, w.ious.data());
    }
  }
  w.dtAreas.clear();
  for (std::uint32_t d : w.dets) w.dtAreas.push_back(input.detections[d].area);

  const std::size_t A = params.areaRanges.size();
  const std::size_t AT = A * params.iouThresholds.size();
  std::uint8_t* outcome = slots.outcome.data() + cell.slotBegin * AT;
  if (record != nullptr) {
    record->categoryId = params.categoryIds[cell.k];
    record->imageId = w.gts.empty() ? input.detections[w.dets.front()].imageId : w.gts[0]->imageId;
    record->detections = w.dets;
    for (std::size_t i = cell.gtBegin; i < cell.gtEnd; ++i)
      record->groundTruth.push_back(gtIndex[i].second);
    record->matchedGt.resize(AT * D);
    record->gtIgnored.resize(A * G);
  }
  w.matcher.match(w.gts, w.dtAreas, w.ious, outcome, slots.uniform.data() + cell.slotBegin * A,
                  slots.cellNumGt.data() + c * A,
                  record != nullptr ? record->matchedGt.data() : nullptr,
                  record != nullptr ? record->gtIgnored.data() : nullptr);
  if (record != nullptr) {
    // outcome is [d][a][t]; the record is [a][t][d] like COCOeval's per-area dtIgnore.
    record->dtIgnored.resize(AT * D);
    for (std::size_t d = 0; d < D; ++d) {
      for (std::size_t at = 0; at < AT; ++at)
        record->dtIgnored[at * D + d] = outcome[d * AT + at] == kIgnoredDetection ? 1 : 0;
    }
  }
  for (std::size_t i = 0; i < D; ++i) {
    slots.score[cell.slotBegin + i] = input.detections[w.dets[i]].score;
    slots.rank[cell.slotBegin + i] = static_cast<std::uint32_t>(i);
  }
}

}  // namespace

Result<EvalResult> evaluate(const EvalInput& input, const EvalParams& paramsIn,
                            const EvalOptions& options) {
  ZSI_TRY(paramsIn.validate());
  for (std::size_t i = 0; i < input.detections.size(); ++i) {
    if (std::isnan(input.detections[i].score))
      return Error("score is not a number").forField(fmt::format("detection {}", i));
  }

  if (options.imageMatches != nullptr) options.imageMatches->clear();
  EvalResult result;
  EvalParams& params = result.params;
  params = paramsIn;
  if (params.imageIds.empty()) {
    params.imageIds = input.imageIds;
    if (params.imageIds.empty()) {
      for (const EvalGroundTruth& g : input.groundTruth) params.imageIds.push_back(g.imageId);
    }
  }
  params.imageIds = sortedUnique(std::move(params.imageIds));
  if (params.categoryIds.empty()) {
    for (const EvalCategory& c : input.categories) params.categoryIds.push_back(c.id);
    if (params.categoryIds.empty()) {
      for (const EvalGroundTruth& g : input.groundTruth) params.categoryIds.push_back(g.categoryId);
    }
  }
  params.categoryIds = sortedUnique(std::move(params.categoryIds));

  const std::size_t T = params.iouThresholds.size(), R = params.recallThresholds.size();
  const std::size_t K = params.categoryIds.size(), A = params.areaRanges.size();
  const std::size_t M = params.maxDets.size(), I = params.imageIds.size();
  result.numIou = T;
  result.numRecall = R;
  result.numCategories = K;
  result.numAreas = A;
  result.numMaxDets = M;

  try {
    result.precision.assign(T * R * K * A * M, -1.0);
    result.scores.assign(T * R * K * A * M, -1.0);
    result.recall.assign(T * K * A * M, -1.0);
    result.numGroundTruth.assign(K * A, 0);
    result.numDetections.assign(K, 0);
    if (K == 0 || I == 0) return result;

    std::unordered_map<std::int64_t, std::uint32_t> imageIndex, categoryIndex;
    for (std::size_t i = 0; i < I; ++i)
      imageIndex[params.imageIds[i]] = static_cast<std::uint32_t>(i);
    for (std::size_t k = 0; k < K; ++k)
      categoryIndex[params.categoryIds[k]] = static_cast<std::uint32_t>(k);
    const KeyedIndex gtIndex = keyObjects(input.groundTruth, imageIndex, categoryIndex);
    const KeyedIndex dtIndex = keyObjects(input.detections, imageIndex, categoryIndex);
    const std::vector<Cell> cells =
        buildCells(gtIndex, dtIndex, I, static_cast<std::size_t>(params.maxDets.back()));
    const std::size_t numSlots = cells.empty() ? 0 : cells.back().slotBegin + cells.back().numSlots;

    if (options.imageMatches != nullptr) options.imageMatches->resize(cells.size());
    SlotArrays slots;
    slots.score.resize(numSlots);
    slots.rank.resize(numSlots);
    slots.outcome.resize(numSlots * A * T);
    slots.uniform.resize(numSlots * A);
    slots.cellNumGt.resize(cells.size() * A);

    const Progress& progress = options.progress;
    auto cancelled = [&progress] { return progress.cancelled(); };
    progress.report(0.0, "matching");
    {
      std::vector<CellWorker> workers(parallelWorkerCount(cells.size(), 64, options.threads),
                                      CellWorker(params));
      ProgressMeter meter(progress, 0.0, 0.9, cells.size(), "matching");
      parallelFor(
          cells.size(), 64, options.threads,
          [&](std::size_t begin, std::size_t end, unsigned worker) {
            for (std::size_t c = begin; c < end; ++c) {
              EvalImageMatches* record =
                  options.imageMatches != nullptr ? &(*options.imageMatches)[c] : nullptr;
              evaluateCell(input, params, cells, c, gtIndex, dtIndex, workers[worker], slots,
                           record);
            }
            meter.advance(end - begin);
          },
          cancelled);
    }
    if (cancelled()) return Error(kCancelledMessage);

    // Cells are sorted by category, so each category's cells (and slots) are contiguous.
    std::vector<std::size_t> firstCell(K + 1, cells.size());
    for (std::size_t c = cells.size(); c-- > 0;) firstCell[cells[c].k] = c;
    for (std::size_t k = K; k-- > 0;) firstCell[k] = std::min(firstCell[k], firstCell[k + 1]);

    std::vector<CategoryAccumulator> accumulators(parallelWorkerCount(K, 1, options.threads),
                                                  CategoryAccumulator(params));
    ProgressMeter meter(progress, 0.9, 1.0, K, "accumulating");
    parallelFor(
        K, 1, options.threads,
        [&](std::size_t begin, std::size_t end, unsigned worker) {
          for (std::size_t k = begin; k < end; ++k) {
            const std::size_t c0 = firstCell[k], c1 = firstCell[k + 1];
            if (c0 == c1) continue;  // no ground truth and no detections: stays -1
            std::vector<std::int64_t> numGt(A, 0);
            for (std::size_t c = c0; c < c1; ++c) {
              for (std::size_t a = 0; a < A; ++a) numGt[a] += slots.cellNumGt[c * A + a];
            }
            const std::size_t s0 = cells[c0].slotBegin;
            const std::size_t s1 = cells[c1 - 1].slotBegin + cells[c1 - 1].numSlots;
            CategoryDetections dets;
            dets.scores = slots.score.data() + s0;
            dets.ranks = slots.rank.data() + s0;
            dets.outcomes = slots.outcome.data() + s0 * A * T;
            dets.uniform = slots.uniform.data() + s0 * A;
            dets.count = s1 - s0;
            dets.numGt = numGt.data();
            accumulators[worker].accumulate(k, dets, result);
          }
          meter.advance(end - begin);
        },
        cancelled);
    if (cancelled()) return Error(kCancelledMessage);
  } catch (const std::bad_alloc&) {
    return Error("out of memory while evaluating");
  } catch (const std::exception& e) {
    return Error(std::string("evaluation failed: ") + e.what());
  }
  options.progress.report(1.0, "done");
  return result;
}

}  // namespace zsi
