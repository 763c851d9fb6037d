#include "core/cli/CocoCommands.h"
#include "core/coco/CocoFilter.h"
#include "core/coco/CocoReader.h"
#include "core/coco/CocoWriter.h"

namespace zsi::cli {

int runCocoFilter(const CocoFilterOptions& o, std::ostream& out, std::ostream& err) {
  CocoFilter f;
  f.classes = o.classes;
  f.crowd = o.crowd;
  if (o.minArea) f.minArea = *o.minArea;
  if (o.maxArea) f.maxArea = *o.maxArea;
  f.keepEmptyImages = !o.dropEmptyImages;
  Result<ZsiSplit> split = Error("");
  if (!o.group.empty()) {
    if (o.group != "seen" && o.group != "unseen") {
      err << "zsi coco filter: --group must be seen or unseen\n";
      return 2;
    }
    split = loadSplit(o.split.empty() ? "48_17" : o.split);
    if (!split.ok()) {
      err << "zsi coco filter: " << split.error().toString() << "\n";
      return 1;
    }
    f.split = &*split;
    f.group = o.group == "seen" ? CocoFilter::Group::Seen : CocoFilter::Group::Unseen;
  }
  auto loaded = loadCocoDataset(o.input);
  if (!loaded.ok()) {
    err << "zsi coco filter: " << loaded.error().toString() << "\n";
    return 1;
  }
  auto filtered = filterDataset(*loaded, f);
  if (!filtered.ok()) {
    err << "zsi coco filter: " << o.input << ": " << filtered.error().toString() << "\n";
    return 1;
  }
  Status s = writeCocoDataset(*filtered, o.output);
  if (!s.ok()) {
    err << "zsi coco filter: " << s.error().toString() << "\n";
    return 1;
  }
  out << "wrote " << o.output << ": " << groupThousands(filtered->images().size()) << " images, "
      << groupThousands(filtered->annotations().size()) << " of "
      << groupThousands(loaded->annotations().size()) << " annotations\n";
  return 0;
}

}  // namespace zsi::cli
