#pragma once
// `zsi demo make-data`: a whole synthetic zero-shot benchmark in a folder.
//
//   DIR/images/000001.png ...   the scenes (DemoScene), RGB PNG
//   DIR/all.json                every annotation (COCO instances, compressed RLE masks)
//   DIR/train.json              seen annotations of the images without unseen objects
//   DIR/test_zsi.json           images with unseen objects, unseen annotations only
//   DIR/test_gzsi.json          the same images, seen and unseen annotations
//   DIR/split.json              the seen/unseen split as a user split file (zsi coco split)
//   DIR/classes.json            the class set (the form `zsi infer --classes` reads)
//   DIR/demo_vocab.txt          the vocabulary the class vectors came from (word2vec text)
//
// The three split files are made from all.json by the same code as `zsi coco split`. The same
// options give the same bytes in every file, whatever the number of threads.

#include <cstdint>
#include <string>
#include <vector>

#include "core/demo/DemoScene.h"
#include "core/demo/DemoSplitFiles.h"
#include "core/util/Progress.h"
#include "core/util/Result.h"

namespace zsi {

struct DemoDataOptions {
  std::string outDir;
  std::uint64_t seed = 1;
  int images = 1000;
  DemoSceneOptions scene;       // scene.size: the image size (64 .. 4096)
  std::string vocabulary;       // word vectors for the classes; empty: the built-in demo vocabulary
  int threads = 0;              // 0: one per core (at most 8)
};

struct DemoDataSummary {
  std::size_t images = 0;
  std::size_t seenObjects = 0;
  std::size_t unseenObjects = 0;
  DemoSplitCounts train, testZsi, testGzsi;
  std::vector<std::string> files;  // what was written, relative to outDir
};

// Checks the options without writing anything; the error names the option.
Status checkDemoDataOptions(const DemoDataOptions& options);

Result<DemoDataSummary> makeDemoData(const DemoDataOptions& options, const Progress& progress = {});

}  // namespace zsi
