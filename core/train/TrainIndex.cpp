#include "core/train/TrainIndex.h"

#include <sys/stat.h>

#include <map>

#include "core/image/ImageIO.h"

namespace zsi {
namespace {

// The problem with one image file, or "" when it is fine.
std::string imageFileProblem(const std::string& root, const CocoImage& im, std::string* resolved) {
  auto path = resolveImagePath(root, im.file());
  if (!path.ok()) return path.error().message;
  struct stat st {};
  if (::stat(path->c_str(), &st) != 0) return "missing";
  if (!S_ISREG(st.st_mode)) return "not a regular file";
  auto size = readImageSize(path.value());
  if (!size.ok()) return size.error().message;
  if (size->width != im.width || size->height != im.height)
    return "the file is " + std::to_string(size->width) + "x" + std::to_string(size->height) + ", the JSON says " +
           std::to_string(im.width) + "x" + std::to_string(im.height);
  if (resolved) *resolved = path.value();
  return {};
}

Error imageFilesError(const std::vector<std::string>& problems, std::size_t bad, std::size_t total,
                      const std::string& jsonPath, const std::string& root) {
  std::string msg = std::to_string(bad) + " of " + std::to_string(total) + " image file(s) under '" + root +
                    "' cannot be used: ";
  for (std::size_t i = 0; i < problems.size(); ++i) msg += (i ? "; " : "") + problems[i];
  if (bad > problems.size()) msg += "; ...";
  return Error(msg).inFile(jsonPath);
}

}  // namespace

Status checkImageFiles(const CocoDataset& dataset, const std::string& jsonPath, const std::string& root,
                       std::size_t limit, const Progress& progress) {
  const auto& images = dataset.images();
  const std::size_t n = limit == 0 ? images.size() : std::min(limit, images.size());
  std::vector<std::string> problems;
  std::size_t bad = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (progress.cancelled()) return Error(kCancelledMessage);
    if (i % 256 == 0) progress.report(static_cast<double>(i) / static_cast<double>(n), "checking image files");
    std::string problem = imageFileProblem(root, images[i], nullptr);
    if (problem.empty()) continue;
    if (++bad <= 5) problems.push_back(std::string(images[i].file()) + " (" + problem + ")");
  }
  if (bad > 0) return imageFilesError(problems, bad, n, jsonPath, root);
  return okStatus();
}

Result<TrainIndex> buildTrainIndex(const CocoDataset& dataset, const std::string& jsonPath, const std::string& root,
                                   const ClassSet& classes, const TrainIndexOptions& opt, const Progress& progress) {
  dataset.ensureIndex();
  // Category index → training label (> 0), -1 unseen class, 0 unknown.
  std::vector<std::int64_t> labelOf(dataset.categories().size(), 0);
  std::map<std::size_t, std::int64_t> seenLabel;
  std::int64_t next = 1;
  for (std::size_t i = 0; i < classes.size(); ++i)
    if (!classes.classes[i].unseen) seenLabel[i] = next++;
  for (std::size_t c = 0; c < dataset.categories().size(); ++c) {
    const int k = classes.find(dataset.categories()[c].name);
    if (k < 0) continue;
    labelOf[c] = classes.classes[static_cast<std::size_t>(k)].unseen ? -1 : seenLabel[static_cast<std::size_t>(k)];
  }

  TrainIndex out;
  auto& st = out.stats;
  std::vector<std::uint8_t> unknownUsed(dataset.categories().size(), 0);
  const auto& images = dataset.images();
  const auto& anns = dataset.annotations();
  st.images = images.size();
  std::vector<std::string> problems;
  std::size_t badFiles = 0;
  for (std::size_t i = 0; i < images.size(); ++i) {
    if (progress.cancelled()) return Error(kCancelledMessage);
    if (i % 256 == 0) progress.report(static_cast<double>(i) / static_cast<double>(images.size()), "indexing images");
    const CocoImage& im = images[i];
    if (std::min(im.width, im.height) < opt.minSize) {
      ++st.droppedSmall;
      continue;
    }
    TrainSampleRecord rec;
    rec.imageId = im.id;
    rec.imageIndex = static_cast<std::uint32_t>(i);
    rec.width = im.width;
    rec.height = im.height;
    bool hasUnseen = false;
    std::size_t unseenHere = 0;
    for (std::uint32_t a : dataset.annotationsOfImage(i)) {
      const CocoAnnotation& ann = anns[a];
      const auto cat = dataset.categoryIndex(ann.categoryId);
      const std::int64_t label = cat ? labelOf[*cat] : 0;
      const auto& b = ann.bbox;
      const std::array<double, 4> box{b[0], b[1], b[0] + b[2] - opt.boxOffset, b[1] + b[3] - opt.boxOffset};
      if (ann.area <= 0 || b[2] < 1 || b[3] < 1) {
        ++st.invalidBoxes;
        continue;
      }
      if (ann.iscrowd) {
        // Crowd regions of any class are places where no box is sampled as background.
        rec.ignore.push_back(box);
        ++st.crowd;
        continue;
      }
      if (label == 0) {
        ++st.unknownBoxes;
        if (cat) unknownUsed[*cat] = 1;
        continue;
      }
      if (label < 0) {
        hasUnseen = true;
        ++unseenHere;
        continue;
      }
      rec.boxes.push_back(box);
      rec.labels.push_back(label);
      rec.annotations.push_back(a);
    }
    st.unseenBoxes += unseenHere;
    if (hasUnseen && opt.dropImagesWithUnseen) {
      ++st.droppedUnseen;
      continue;
    }
    if (rec.boxes.empty()) {
      ++st.droppedNoBoxes;
      continue;
    }
    if (opt.checkFiles) {
      std::string problem = imageFileProblem(root, im, &rec.path);
      if (!problem.empty()) {
        if (++badFiles <= 5) problems.push_back(std::string(im.file()) + " (" + problem + ")");
        continue;
      }
    } else {
      auto path = resolveImagePath(root, im.file());
      if (!path.ok()) return path.error();
      rec.path = path.value();
    }
    st.boxes += rec.boxes.size();
    out.samples.push_back(std::move(rec));
  }
  if (badFiles > 0) return imageFilesError(problems, badFiles, out.samples.size() + badFiles, jsonPath, root);
  for (std::size_t c = 0; c < unknownUsed.size(); ++c)
    if (unknownUsed[c]) st.unknownCategories.push_back(dataset.categories()[c].name);
  st.kept = out.samples.size();
  if (out.samples.empty()) {
    std::string why = std::to_string(st.images) + " images: " + std::to_string(st.droppedNoBoxes) +
                      " without a box of a seen class, " + std::to_string(st.droppedUnseen) +
                      " with unseen objects, " + std::to_string(st.droppedSmall) + " smaller than " +
                      std::to_string(opt.minSize) + " px";
    if (!st.unknownCategories.empty())
      why += "; categories not in the class set '" + classes.name + "': " + std::to_string(st.unknownCategories.size());
    return Error("no image is left to train on (" + why + ")").inFile(jsonPath);
  }
  progress.report(1.0, "indexing images");
  return out;
}

}  // namespace zsi
