// `makeDemoData` end to end on small datasets: the same seed gives the same bytes (whatever the
// threads), two seeds differ, the files are valid COCO that follows the ZSI split rules, the
// PNGs hold exactly the rendered scenes, and bad options or a cancel give clear errors.

#include <atomic>
#include <filesystem>
#include <map>
#include <set>

#include "core/coco/CocoReader.h"
#include "core/coco/CocoWriter.h"
#include "core/coco/CocoZsiSplit.h"
#include "core/demo/DemoCatalog.h"
#include "core/demo/DemoDataset.h"
#include "core/demo/DemoScene.h"
#include "core/demo/DemoSplitFiles.h"
#include "core/image/ImageIO.h"
#include "core/wordvec/ClassSet.h"
#include "tests/core/demo/DemoTestUtil.h"
#include "tests/core/demo/DemoValidate.h"

using namespace zsi;

namespace {

DemoDataOptions small(const std::string& dir, std::uint64_t seed, int threads = 0) {
  DemoDataOptions o;
  o.outDir = dir;
  o.seed = seed;
  o.images = 30;
  o.scene.size = 128;
  o.threads = threads;
  return o;
}

std::map<std::string, std::string> folderBytes(const std::string& dir) {
  std::map<std::string, std::string> files;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir))
    if (e.is_regular_file()) files[std::filesystem::relative(e.path(), dir).string()] = test::slurp(e.path().string());
  return files;
}

CocoDataset load(const std::string& path) {
  auto d = loadCocoDataset(path);
  ZSI_REQUIRE_OK(d);
  return std::move(d).value();
}

std::set<std::int64_t> imageIds(const CocoDataset& d) {
  std::set<std::int64_t> ids;
  for (const auto& im : d.images()) ids.insert(im.id);
  return ids;
}

bool isUnseenCategory(std::int64_t id) {
  const int k = DemoCatalog::classOfCategory(id);
  ZSI_REQUIRE(k >= 0);
  return DemoCatalog::classes()[static_cast<std::size_t>(k)].unseen;
}

}  // namespace

ZSI_TEST(demo_data_same_seed_same_bytes_any_threads) {
  const std::string a = test::tempDir(), b = test::tempDir(), c = test::tempDir();
  auto ra = makeDemoData(small(a, 7, 1));
  auto rb = makeDemoData(small(b, 7, 3));
  auto rc = makeDemoData(small(c, 8, 2));
  ZSI_REQUIRE_OK(ra);
  ZSI_REQUIRE_OK(rb);
  ZSI_REQUIRE_OK(rc);
  const auto fa = folderBytes(a), fb = folderBytes(b), fc = folderBytes(c);
  ZSI_CHECK_EQ(fa.size(), 30u + 7u);  // 30 images, all/train/test_zsi/test_gzsi/split/classes/vocab
  ZSI_REQUIRE_EQ(fa.size(), fb.size());
  for (const auto& [name, bytes] : fa) {
    ZSI_REQUIRE(fb.count(name) == 1);
    if (bytes != fb.at(name)) test::reportFailure(__FILE__, __LINE__, "differs between runs: " + name);
  }
  // Another seed: other images and other annotations; the same vocabulary and classes.
  for (const char* name : {"all.json", "train.json", "test_zsi.json", "test_gzsi.json", "images/000001.png"})
    ZSI_CHECK(fa.at(name) != fc.at(name));
  ZSI_CHECK(fa.at("classes.json") == fc.at("classes.json"));
  ZSI_CHECK(fa.at("demo_vocab.txt") == test::slurp(test::committedDemoFile("demo_vocab.txt")));
  ZSI_CHECK(fa.at("classes.json") == test::slurp(test::committedDemoFile("demo_classes.json")));
}

ZSI_TEST(demo_data_files_are_valid_and_follow_the_split_rules) {
  const std::string dir = test::tempDir();
  DemoDataOptions o = small(dir, 11);
  o.images = 60;
  auto summary = makeDemoData(o);
  ZSI_REQUIRE_OK(summary);
  for (const char* file : {"all.json", "train.json", "test_zsi.json", "test_gzsi.json"}) {
    const auto problems = test::validateDemoCoco(dir + "/" + file, dir + "/images");
    for (const auto& p : problems) test::reportFailure(__FILE__, __LINE__, std::string(file) + ": " + p);
  }
  const CocoDataset all = load(dir + "/all.json");
  const CocoDataset train = load(dir + "/train.json");
  const CocoDataset zsiTest = load(dir + "/test_zsi.json");
  const CocoDataset gzsiTest = load(dir + "/test_gzsi.json");
  ZSI_CHECK_EQ(all.images().size(), 60u);
  ZSI_CHECK_EQ(all.categories().size(), 36u);
  ZSI_CHECK_EQ(summary->seenObjects + summary->unseenObjects, all.annotations().size());

  // Images holding an unseen object, from all.json.
  std::set<std::int64_t> withUnseen;
  for (const auto& a : all.annotations())
    if (isUnseenCategory(a.categoryId)) withUnseen.insert(a.imageId);
  ZSI_CHECK(!withUnseen.empty());
  ZSI_CHECK(withUnseen.size() < all.images().size());

  // train: seen annotations only, no image with an unseen object.
  for (const auto& a : train.annotations()) ZSI_CHECK(!isUnseenCategory(a.categoryId));
  for (std::int64_t id : imageIds(train)) ZSI_CHECK(withUnseen.count(id) == 0);
  // test_zsi: exactly the images with unseen objects, unseen annotations only.
  ZSI_CHECK(imageIds(zsiTest) == withUnseen);
  for (const auto& a : zsiTest.annotations()) ZSI_CHECK(isUnseenCategory(a.categoryId));
  // test_gzsi: the same images with every annotation they have.
  ZSI_CHECK(imageIds(gzsiTest) == withUnseen);
  std::size_t expectedGzsi = 0, expectedZsi = 0;
  for (const auto& a : all.annotations())
    if (withUnseen.count(a.imageId)) {
      ++expectedGzsi;
      expectedZsi += isUnseenCategory(a.categoryId) ? 1 : 0;
    }
  ZSI_CHECK_EQ(gzsiTest.annotations().size(), expectedGzsi);
  ZSI_CHECK_EQ(zsiTest.annotations().size(), expectedZsi);
  ZSI_CHECK_EQ(summary->testZsi.images, withUnseen.size());
  ZSI_CHECK_EQ(summary->testGzsi.annotations, expectedGzsi);
  ZSI_CHECK_EQ(summary->train.annotations, train.annotations().size());

  auto classes = ClassSet::load(dir + "/classes.json");
  ZSI_REQUIRE_OK(classes);
  ZSI_CHECK_EQ(classes->size(), 36u);
  for (const auto& c : all.categories()) {
    const int k = classes->find(c.name);
    ZSI_REQUIRE(k >= 0);
    ZSI_CHECK_EQ(classes->classes[static_cast<std::size_t>(k)].unseen, isUnseenCategory(c.id));
  }
}

// `zsi coco split --split DIR/split.json DIR/all.json ...` gives the very same three files.
ZSI_TEST(demo_data_split_file_reproduces_the_splits) {
  const std::string dir = test::tempDir();
  ZSI_REQUIRE_OK(makeDemoData(small(dir, 5)));
  auto split = loadSplit(dir + "/split.json");
  ZSI_REQUIRE_OK(split);
  const ZsiSplit expected = demoZsiSplit();
  ZSI_REQUIRE_EQ(split->classes.size(), expected.classes.size());
  for (std::size_t i = 0; i < expected.classes.size(); ++i) {
    ZSI_CHECK_EQ(split->classes[i].name, expected.classes[i].name);
    ZSI_CHECK_EQ(split->classes[i].unseen, expected.classes[i].unseen);
  }
  auto sets = splitForZsi(load(dir + "/all.json"), *split);
  ZSI_REQUIRE_OK(sets);
  const std::pair<const char*, const CocoDataset*> files[] = {
      {"train.json", &sets->train}, {"test_zsi.json", &sets->testZsi}, {"test_gzsi.json", &sets->testGzsi}};
  for (const auto& [name, data] : files) {
    auto json = cocoDatasetToJson(*data);
    ZSI_REQUIRE_OK(json);
    if (*json != test::slurp(dir + "/" + name)) test::reportFailure(__FILE__, __LINE__, std::string("differs: ") + name);
  }
}

ZSI_TEST(demo_data_images_hold_the_rendered_scenes) {
  const std::string dir = test::tempDir();
  DemoDataOptions o = small(dir, 3);
  o.images = 5;
  ZSI_REQUIRE_OK(makeDemoData(o));
  const CocoDataset all = load(dir + "/all.json");
  for (std::size_t i = 0; i < all.images().size(); ++i) {
    const auto& im = all.images()[i];
    auto decoded = readImage(dir + "/images/" + std::string(im.file()));
    ZSI_REQUIRE_OK(decoded);
    const DemoSceneResult scene = DemoScene::render(o.seed, i, o.scene);
    ZSI_CHECK(decoded->pixels == scene.image.pixels);  // PNG is lossless: the very pixels
    const auto anns = all.annotationsOfImage(i);
    ZSI_REQUIRE_EQ(anns.size(), scene.objects.size());
    for (std::size_t k = 0; k < anns.size(); ++k) {
      const Rle rle = all.annotationRle(anns[k]);
      ZSI_CHECK(rle.counts == scene.objects[k].mask.counts);
      ZSI_CHECK_EQ(all.annotations()[anns[k]].area, static_cast<double>(scene.objects[k].area));
    }
  }
}

ZSI_TEST(demo_data_refuses_bad_options) {
  const std::string dir = test::tempDir();
  DemoDataOptions o = small(dir + "/x", 1);
  o.images = 0;
  auto r = makeDemoData(o);
  ZSI_REQUIRE(!r.ok());
  ZSI_CHECK_EQ(r.error().field, std::string("--images"));
  o = small(dir + "/x", 1);
  o.scene.size = 16;
  r = makeDemoData(o);
  ZSI_REQUIRE(!r.ok());
  ZSI_CHECK_EQ(r.error().field, std::string("--size"));
  o = small(dir + "/x", 1);
  o.scene.unseenFraction = 1.0;
  r = makeDemoData(o);
  ZSI_REQUIRE(!r.ok());
  ZSI_CHECK_EQ(r.error().field, std::string("--unseen-fraction"));
  ZSI_CHECK(!std::filesystem::exists(dir + "/x"));  // nothing written for bad options
  // A file where the folder should be.
  test::writeText(dir + "/file", "x");
  o = small(dir + "/file", 1);
  r = makeDemoData(o);
  ZSI_REQUIRE(!r.ok());
  ZSI_CHECK_EQ(r.error().file, dir + "/file");
  test::note(r.error().toString());
  // A vocabulary that is not a vector file.
  test::writeText(dir + "/bad.txt", "this is not\na vector file\n");
  o = small(dir + "/y", 1);
  o.vocabulary = dir + "/bad.txt";
  r = makeDemoData(o);
  ZSI_REQUIRE(!r.ok());
  ZSI_CHECK_EQ(r.error().file, dir + "/bad.txt");
  ZSI_CHECK(!std::filesystem::exists(dir + "/y"));  // refused before anything is written
  test::note(r.error().toString());
}

ZSI_TEST(demo_data_can_be_cancelled) {
  const std::string dir = test::tempDir();
  DemoDataOptions o = small(dir, 1);
  o.images = 400;
  std::atomic<bool> cancel{false};
  Progress p;
  p.cancel = &cancel;
  double last = -1;
  p.onProgress = [&](double f, const std::string&) {
    ZSI_CHECK(f >= last);
    last = f;
    if (f > 0.1) cancel = true;
  };
  auto r = makeDemoData(o, p);
  ZSI_REQUIRE(!r.ok());
  ZSI_CHECK_EQ(r.error().message, std::string(kCancelledMessage));
  ZSI_CHECK(!std::filesystem::exists(dir + "/all.json"));
}
