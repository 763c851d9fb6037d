#include "core/cli/DemoCommand.h"

#include <fmt/format.h>

#include <chrono>

#include "core/cli/CliFail.h"
#include "core/demo/DemoCatalog.h"
#include "core/demo/DemoClassSet.h"
#include "core/demo/DemoVocabulary.h"
#include "core/wordvec/VectorFile.h"

namespace zsi::cli {
namespace {

void printSplit(std::ostream& out, const char* file, const DemoSplitCounts& c) {
  out << fmt::format("  {:<15} {:>7} images {:>8} annotations\n", file, c.images, c.annotations);
}

}  // namespace

int runDemoMakeData(const DemoMakeDataOptions& o, std::ostream& out, std::ostream& err) {
  Status ok = checkDemoDataOptions(o.data);
  if (!ok) return fail(err, ok.error());
  Progress progress;
  int lastPercent = -1;
  if (!o.quiet) {
    progress.onProgress = [&err, &lastPercent](double fraction, const std::string& stage) {
      const int percent = static_cast<int>(fraction * 100);
      if (percent / 10 == lastPercent / 10 && percent != 100) return;
      lastPercent = percent;
      err << fmt::format("{:3d}% {}\n", percent, stage) << std::flush;
    };
  }
  const auto start = std::chrono::steady_clock::now();
  auto summary = makeDemoData(o.data, progress);
  if (!summary) return fail(err, summary.error());
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  const DemoDataSummary& s = *summary;
  out << fmt::format("demo dataset in {} (seed {}, {} images of {}x{}, {:.1f} s)\n", o.data.outDir,
                     o.data.seed, s.images, o.data.scene.size, o.data.scene.size, seconds);
  out << fmt::format("  classes: {} seen, {} unseen; objects: {} seen, {} unseen\n",
                     DemoCatalog::seenCount(), DemoCatalog::unseenCount(), s.seenObjects, s.unseenObjects);
  printSplit(out, "train.json", s.train);
  printSplit(out, "test_zsi.json", s.testZsi);
  printSplit(out, "test_gzsi.json", s.testGzsi);
  out << "  also: all.json, split.json, classes.json, images/"
      << (o.data.vocabulary.empty() ? ", demo_vocab.txt" : "") << "\n";
  return 0;
}

int runDemoMakeVocab(const DemoMakeVocabOptions& o, std::ostream& out, std::ostream& err) {
  DemoVocabularyOptions v;
  v.seed = o.seed;
  v.dim = o.dim;
  Status written = writeDemoVocabulary(o.output, v);
  if (!written) return fail(err, written.error());
  out << fmt::format("written: {} ({} words, dimension {}, seed {}, word2vec text)\n", o.output,
                     DemoCatalog::words().size(), o.dim, o.seed);
  return 0;
}

int runDemoMakeClasses(const DemoMakeClassesOptions& o, std::ostream& out, std::ostream& err) {
  auto vocabulary = VectorFile::open(o.vocabulary);
  if (!vocabulary) return fail(err, vocabulary.error());
  auto set = makeDemoClassSet(*vocabulary);
  if (!set) return fail(err, set.error());
  Status saved = set->save(o.output);
  if (!saved) return fail(err, saved.error());
  out << fmt::format("written: {} ({}: {} seen, {} unseen, dimension {}, norm {})\n", o.output, set->name,
                     set->seenCount(), set->unseenCount(), set->dim(), set->norm);
  return 0;
}

}  // namespace zsi::cli
