#include "core/train/InferencePipeline.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
#include <optional>
#include <set>

#include "core/coco/OrderedParallel.h"
#include "core/coco/Rle.h"
#include "core/image/ImageIO.h"
#include "core/train/OverlayRenderer.h"

namespace zsi {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

bool isImageExtension(std::string ext) {
  for (auto& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const char* e : {".png", ".jpg", ".jpeg", ".ppm", ".pgm", ".bmp", ".tif", ".tiff", ".webp"})
    if (ext == e) return true;
  return false;
}

std::optional<std::int64_t> numericStem(const std::string& stem) {
  if (stem.empty() || stem.size() > 18) return std::nullopt;
  std::int64_t v = 0;
  for (char c : stem) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  return v;
}

void appendDetections(const Instances& found, const InferenceImage& im, const InferenceRequest& req, bool withMasks,
                      std::vector<CocoDetection>& out) {
  for (std::size_t i = 0; i < found.size(); ++i) {
    const int label = found.labels[i];
    const std::int64_t cat = req.categoryIds[static_cast<std::size_t>(label)];
    if (cat == 0) continue;
    CocoDetection d;
    d.imageId = im.id;
    d.categoryId = cat;
    d.score = found.scores[i];
    const auto& b = found.boxes[i];
    d.bbox = {b[0], b[1], b[2] - b[0], b[3] - b[1]};
    d.hasBbox = true;
    if (withMasks && found.hasMasks()) {
      d.mask = found.maskRle(i);
      d.hasSegmentation = true;
    }
    out.push_back(std::move(d));
  }
}

std::string overlayPath(const std::string& dir, const InferenceImage& im) {
  std::string stem = fs::path(im.name.empty() ? im.path : im.name).stem().string();
  if (stem.empty()) stem = std::to_string(im.id);
  return (fs::path(dir) / (stem + ".png")).string();
}

}  // namespace

Result<std::vector<InferenceImage>> listImageFolder(const std::string& folder) {
  std::error_code ec;
  if (!fs::is_directory(folder, ec)) return Error("the image folder does not exist").inFile(folder);
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(folder, ec)) {
    if (!e.is_regular_file(ec)) continue;
    if (isImageExtension(e.path().extension().string())) names.push_back(e.path().filename().string());
  }
  if (ec) return Error("cannot list the image folder: " + ec.message()).inFile(folder);
  if (names.empty()) return Error("the folder holds no image file (png, jpg, ppm, ...)").inFile(folder);
  std::sort(names.begin(), names.end());
  std::vector<InferenceImage> out;
  std::set<std::int64_t> ids;
  bool numeric = true;
  for (const auto& n : names) {
    InferenceImage im;
    im.name = n;
    im.path = (fs::path(folder) / n).string();
    auto id = numericStem(fs::path(n).stem().string());
    numeric = numeric && id && ids.insert(*id).second;
    im.id = id.value_or(0);
    out.push_back(std::move(im));
  }
  for (std::size_t i = 0; i < out.size(); ++i)
    if (!numeric) out[i].id = static_cast<std::int64_t>(i) + 1;
  return out;
}

Result<std::vector<InferenceImage>> listDatasetImages(const CocoDataset& dataset, const std::string& jsonPath,
                                                      const std::string& root, std::size_t limit) {
  const auto& images = dataset.images();
  const std::size_t n = limit == 0 ? images.size() : std::min(limit, images.size());
  std::vector<InferenceImage> out;
  std::vector<std::string> missing;
  std::size_t bad = 0;
  for (std::size_t i = 0; i < n; ++i) {
    InferenceImage im;
    im.id = images[i].id;
    im.name = std::string(images[i].file());
    im.width = images[i].width;
    im.height = images[i].height;
    auto path = resolveImagePath(root, images[i].file());
    std::error_code ec;
    if (!path.ok() || !fs::is_regular_file(path.value(), ec)) {
      if (++bad <= 5) missing.push_back(im.name);
      continue;
    }
    im.path = path.value();
    out.push_back(std::move(im));
  }
  if (bad > 0) {
    std::string list;
    for (std::size_t i = 0; i < missing.size(); ++i) list += (i ? ", " : "") + missing[i];
    return Error(std::to_string(bad) + " of " + std::to_string(n) + " images are missing under '" + root +
                 "': " + list + (bad > missing.size() ? ", ..." : ""))
        .inFile(jsonPath);
  }
  return out;
}

Result<InferenceOutput> runInference(const ZsiModel& model, const std::vector<InferenceImage>& images,
                                     const InferenceRequest& req, const Progress& progress) {
  if (req.categoryIds.size() != req.classes.size())
    return Error("the request needs one category id per class");
  if (!req.overlaysDir.empty()) {
    std::error_code ec;
    fs::create_directories(req.overlaysDir, ec);
    if (ec) return Error("cannot create the overlay folder: " + ec.message()).inFile(req.overlaysDir);
  }
  const bool withMasks = modeHasMasks(req.detect.mode);
  const std::size_t batch = static_cast<std::size_t>(std::max(1, req.batch));
  InferenceOutput out;
  auto& times = out.times;
  const auto wall0 = Clock::now();
  std::vector<std::optional<Image>> decoded(images.size());
  std::vector<double> decodeSeconds(images.size(), 0.0);
  std::vector<std::size_t> pending;

  auto runPending = [&]() -> Status {
    std::vector<InferenceSession> sessions;
    sessions.reserve(pending.size());
    std::vector<InferenceSession*> ptrs;
    std::vector<const Image*> inputs;
    for (std::size_t k : pending) {
      sessions.emplace_back(model);
      inputs.push_back(&*decoded[k]);
    }
    for (auto& s : sessions) ptrs.push_back(&s);
    auto st = InferenceSession::runBatch(ptrs, inputs);
    if (!st.ok()) return Error(st.error().message).inFile(images[pending[0]].path);
    for (std::size_t j = 0; j < pending.size(); ++j) {
      const std::size_t k = pending[j];
      auto found = sessions[j].detect(req.classes, req.detect);
      if (!found.ok()) return Error(found.error().message).inFile(images[k].path);
      const auto& t = sessions[j].timings();
      times.preprocess += t.preprocess / 1000.0;
      times.network += t.network / 1000.0;
      times.scoring += t.scoring / 1000.0;
      times.masks += t.masks / 1000.0;
      auto t0 = Clock::now();
      const std::size_t before = out.detections.size();
      appendDetections(found.value(), images[k], req, withMasks, out.detections);
      times.detections += out.detections.size() - before;
      times.results += secondsSince(t0);
      if (!req.overlaysDir.empty()) {
        auto t1 = Clock::now();
        Image drawn = renderOverlay(*decoded[k], found.value(), req.classes.names, req.colours,
                                     req.overlayMinScore);
        ZSI_TRY(writePng(overlayPath(req.overlaysDir, images[k]), drawn));
        times.overlays += secondsSince(t1);
      }
      times.decode += decodeSeconds[k];
      decoded[k].reset();
      ++times.images;
    }
    pending.clear();
    progress.report(static_cast<double>(times.images) / static_cast<double>(images.size()), "inference");
    return okStatus();
  };

  auto work = [&](std::size_t i, int) -> Status {
    auto t0 = Clock::now();
    auto im = readImage(images[i].path);
    if (!im.ok()) return im.error();
    if (images[i].width > 0 && (im->width != images[i].width || im->height != images[i].height))
      return Error("the image is " + std::to_string(im->width) + "x" + std::to_string(im->height) +
                   ", the dataset says " + std::to_string(images[i].width) + "x" + std::to_string(images[i].height))
          .inFile(images[i].path);
    decoded[i] = std::move(im).value();
    decodeSeconds[i] = secondsSince(t0);
    return okStatus();
  };
  auto consume = [&](std::size_t i) -> Status {
    pending.push_back(i);
    if (pending.size() >= batch || i + 1 == images.size()) return runPending();
    return okStatus();
  };
  progress.report(0.0, "inference");
  ZSI_TRY(runOrdered(images.size(), std::max(1, req.workers), work, consume, progress));
  times.wall = secondsSince(wall0);
  return out;
}

std::string formatInferenceTimes(const InferenceTimes& t) {
  const double n = std::max<double>(1.0, static_cast<double>(t.images));
  auto ms = [&](double s) { return s * 1000.0 / n; };
  char buf[512];
  std::snprintf(buf, sizeof buf,
                "%zu images, %zu detections in %.2f s (%.2f img/s); per image: decode %.1f ms (worker threads), "
                "preprocess %.1f ms, network %.1f ms, scoring %.1f ms, masks %.1f ms, results %.1f ms, "
                "overlays %.1f ms",
                t.images, t.detections, t.wall, t.wall > 0 ? static_cast<double>(t.images) / t.wall : 0.0,
                ms(t.decode), ms(t.preprocess), ms(t.network), ms(t.scoring), ms(t.masks), ms(t.results),
                ms(t.overlays));
  return buf;
}

}  // namespace zsi
