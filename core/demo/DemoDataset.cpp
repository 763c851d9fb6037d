#include "core/demo/DemoDataset.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <system_error>

#include "core/coco/CocoDataset.h"
#include "core/coco/CocoWriter.h"
#include "core/coco/OrderedParallel.h"
#include "core/demo/DemoCatalog.h"
#include "core/demo/DemoClassSet.h"
#include "core/demo/DemoVocabulary.h"
#include "core/image/ImageIO.h"
#include "core/wordvec/VectorFile.h"

namespace zsi {
namespace {

// Bumped whenever a change to the generator changes its output for a given seed.
constexpr int kGeneratorVersion = 1;

std::string imageFileName(std::size_t index, std::size_t count) {
  const int digits = std::max(6, static_cast<int>(std::to_string(count).size()));
  return fmt::format("{:0{}d}.png", index + 1, digits);
}

// The info member, in the layout Python's json.dump writes.
std::string infoJson(const DemoDataOptions& o) {
  return fmt::format(
      "{{\"description\": \"ZSI Studio synthetic zero-shot demo (colour x shape compositions)\", "
      "\"generator\": \"zsi demo make-data\", \"generator_version\": {}, \"seed\": {}, \"images\": {}, "
      "\"size\": {}, \"unseen_fraction\": {}, \"objects_per_image\": [{}, {}]}}",
      kGeneratorVersion, o.seed, o.images, o.scene.size, o.scene.unseenFraction, o.scene.minObjects,
      o.scene.maxObjects);
}

Status makeFolder(const std::string& path) {
  std::error_code ec;
  std::filesystem::create_directories(path, ec);
  if (ec) return Error("cannot create the folder: " + ec.message()).inFile(path);
  if (!std::filesystem::is_directory(path, ec)) return Error("exists and is not a folder").inFile(path);
  return okStatus();
}

// The class set from the user's vocabulary, or from the built-in one written into the folder.
Result<ClassSet> classSetFor(const DemoDataOptions& o, DemoDataSummary& summary) {
  std::string path = o.vocabulary;
  if (path.empty()) {
    path = o.outDir + "/demo_vocab.txt";
    ZSI_TRY(writeDemoVocabulary(path));
    summary.files.push_back("demo_vocab.txt");
  }
  auto vocabulary = VectorFile::open(path);
  if (!vocabulary.ok()) return vocabulary.error();
  return makeDemoClassSet(*vocabulary);
}

}  // namespace

Status checkDemoDataOptions(const DemoDataOptions& o) {
  const DemoSceneOptions& s = o.scene;
  if (o.outDir.empty()) return Error("an output folder is needed").forField("--out");
  if (o.images < 1 || o.images > 10'000'000) return Error("must be between 1 and 10000000").forField("--images");
  if (s.size < 64 || s.size > 4096) return Error("must be between 64 and 4096 pixels").forField("--size");
  if (!(s.unseenFraction > 0 && s.unseenFraction < 1))
    return Error("must be above 0 and below 1 (both the train and the test split need images)")
        .forField("--unseen-fraction");
  if (s.minObjects < 1 || s.maxObjects < s.minObjects || s.maxObjects > 64)
    return Error("objects per image must satisfy 1 <= min <= max <= 64").forField("--objects");
  if (!(s.minRadius > 0 && s.maxRadius >= s.minRadius && s.maxRadius <= 0.5))
    return Error("radii must satisfy 0 < min <= max <= 0.5 (fractions of the image size)").forField("radius");
  if (!(s.minVisibleFraction >= 0 && s.minVisibleFraction <= 1) || !(s.minInFrameFraction >= 0 && s.minInFrameFraction <= 1))
    return Error("must be between 0 and 1").forField("visible fraction");
  if (s.placementTries < 1) return Error("must be at least 1").forField("placement tries");
  if (!(s.noise >= 0 && s.noise <= 0.5)) return Error("must be between 0 and 0.5").forField("noise");
  if (o.threads < 0) return Error("must be 0 (all cores) or more").forField("--threads");
  return okStatus();
}

Result<DemoDataSummary> makeDemoData(const DemoDataOptions& o, const Progress& progress) {
  ZSI_TRY(checkDemoDataOptions(o));
  DemoDataSummary summary;
  // Class vectors first: a bad vocabulary fails before anything is written and before minutes of
  // rendering (the built-in one cannot fail, but is written into the folder, so it comes after).
  Result<ClassSet> classSet = Error("no class set");
  if (!o.vocabulary.empty()) {
    classSet = classSetFor(o, summary);
    if (!classSet.ok()) return classSet.error();
  }
  const std::string imageDir = o.outDir + "/images";
  ZSI_TRY(makeFolder(o.outDir));
  ZSI_TRY(makeFolder(imageDir));
  if (o.vocabulary.empty()) {
    classSet = classSetFor(o, summary);
    if (!classSet.ok()) return classSet.error();
  }

  CocoDataset all;
  all.setTopMembers({{"info", infoJson(o)}});
  const auto& classes = DemoCatalog::classes();
  for (const auto& c : classes)
    all.addCategory(c.categoryId, c.name, DemoCatalog::shapes()[static_cast<std::size_t>(c.shape)].name);

  const std::size_t count = static_cast<std::size_t>(o.images);
  std::vector<std::vector<DemoObject>> objects(count);
  std::int64_t annotationId = 0;
  progress.report(0.0, "rendering scenes");
  Status rendered = runOrdered(
      count, workerThreads(o.threads),
      [&](std::size_t i, int) -> Status {
        DemoSceneResult scene = DemoScene::render(o.seed, i, o.scene);
        ZSI_TRY(writePng(imageDir + "/" + imageFileName(i, count), scene.image));
        objects[i] = std::move(scene.objects);
        return okStatus();
      },
      [&](std::size_t i) -> Status {
        const std::int64_t imageId = static_cast<std::int64_t>(i) + 1;
        all.addImage(imageId, imageFileName(i, count), o.scene.size, o.scene.size);
        for (const DemoObject& obj : objects[i]) {
          const DemoClass& c = classes[static_cast<std::size_t>(obj.classIndex)];
          const std::size_t a = all.addAnnotation(++annotationId, imageId, c.categoryId, rleToBbox(obj.mask),
                                                  static_cast<double>(rleArea(obj.mask)));
          all.setCompressedRle(a, obj.mask);
          ++(c.unseen ? summary.unseenObjects : summary.seenObjects);
        }
        objects[i].clear();
        objects[i].shrink_to_fit();
        if ((i + 1) % 16 == 0 || i + 1 == count)
          progress.report(0.9 * static_cast<double>(i + 1) / static_cast<double>(count), "rendering scenes");
        return okStatus();
      },
      progress);
  if (!rendered.ok()) return rendered.error();
  summary.images = count;
  for (std::size_t i = 0; i < count; ++i) summary.files.push_back("images/" + imageFileName(i, count));

  progress.report(0.9, "writing annotations");
  CocoWriteOptions writeOptions;
  writeOptions.threads = o.threads;
  ZSI_TRY(writeCocoDataset(all, o.outDir + "/all.json", {}, writeOptions));
  summary.files.push_back("all.json");
  if (progress.cancelled()) return Error(kCancelledMessage);

  auto splits = writeDemoSplitFiles(all, o.outDir, writeOptions);
  if (!splits.ok()) return splits.error();
  summary.train = splits->train;
  summary.testZsi = splits->testZsi;
  summary.testGzsi = splits->testGzsi;
  for (const auto& f : splits->files) summary.files.push_back(f);

  ZSI_TRY(classSet->save(o.outDir + "/classes.json"));
  summary.files.push_back("classes.json");
  progress.report(1.0, "done");
  return summary;
}

}  // namespace zsi
