#include "core/cli/CocoCommands.h"
#include "core/coco/CocoReader.h"
#include "core/coco/CocoWriter.h"
#include "core/coco/CocoZsiSplit.h"
#include "core/coco/ZsiSplit.h"

namespace zsi::cli {

int runCocoSplit(const CocoSplitOptions& o, std::ostream& out, std::ostream& err) {
  auto split = loadSplit(o.split);
  if (!split.ok()) {
    err << "zsi coco split: " << split.error().toString() << "\n";
    return 1;
  }
  auto loaded = loadCocoDataset(o.input);
  if (!loaded.ok()) {
    err << "zsi coco split: " << loaded.error().toString() << "\n";
    return 1;
  }
  auto sets = splitForZsi(*loaded, *split);
  if (!sets.ok()) {
    err << "zsi coco split: " << o.input << ": " << sets.error().toString() << "\n";
    return 1;
  }
  if (!sets->missingClasses.empty()) {
    err << "zsi coco split: warning: " << sets->missingClasses.size() << " classes of split "
        << split->id << " are not categories of " << o.input << ":";
    for (const auto& c : sets->missingClasses) err << " \"" << c << "\"";
    err << "\n";
  }
  const struct {
    const std::string& path;
    const CocoDataset& ds;
    const char* what;
  } outputs[] = {{o.train, sets->train, "train (seen annotations, no image with an unseen object)"},
                 {o.testZsi, sets->testZsi, "ZSI test (unseen annotations of images with unseen objects)"},
                 {o.testGzsi, sets->testGzsi, "GZSI test (seen and unseen annotations of the same images)"}};
  out << "split " << split->id << ": " << split->seenCount() << " seen / " << split->unseenCount()
      << " unseen classes; " << groupThousands(sets->droppedOtherAnnotations)
      << " annotations of other classes dropped\n";
  for (const auto& x : outputs) {
    if (x.path.empty()) continue;
    Status s = writeCocoDataset(x.ds, x.path);
    if (!s.ok()) {
      err << "zsi coco split: " << s.error().toString() << "\n";
      return 1;
    }
    out << "  " << x.path << ": " << groupThousands(x.ds.images().size()) << " images, "
        << groupThousands(x.ds.annotations().size()) << " annotations, "
        << x.ds.categories().size() << " categories - " << x.what << "\n";
  }
  return 0;
}

}  // namespace zsi::cli
