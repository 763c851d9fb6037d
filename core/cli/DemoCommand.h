#pragma once
// `zsi demo ...`: the embedded demo benchmark (core/demo).
//
//   make-data     a synthetic zero-shot dataset: images, all/train/test_zsi/test_gzsi JSON,
//                 the split and the class set (DemoDataset.h)
//   make-vocab    the demo vocabulary, word2vec text (models/demo/demo_vocab.txt)
//   make-classes  the demo class set from a vocabulary (models/demo/demo_classes.json)

#include <cstdint>
#include <ostream>
#include <string>

#include "core/demo/DemoDataset.h"

namespace zsi::cli {

struct DemoMakeDataOptions {
  DemoDataOptions data;
  bool quiet = false;  // no progress lines on err
};

struct DemoMakeVocabOptions {
  std::string output;
  std::uint64_t seed = 2021;
  std::size_t dim = 64;
};

struct DemoMakeClassesOptions {
  std::string vocabulary;  // --vocab; required
  std::string output;
};

// Exit codes: 0 done, 1 bad input or a failed write (message on err).
int runDemoMakeData(const DemoMakeDataOptions& options, std::ostream& out, std::ostream& err);
int runDemoMakeVocab(const DemoMakeVocabOptions& options, std::ostream& out, std::ostream& err);
int runDemoMakeClasses(const DemoMakeClassesOptions& options, std::ostream& out, std::ostream& err);

}  // namespace zsi::cli
