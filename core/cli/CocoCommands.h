#pragma once
// `zsi coco ...`: COCO datasets on the command line. Each function does one subcommand's work and
// returns its exit code (0 success, 1 a problem with the input or the data); normal output goes
// to `out`, errors and warnings to `err`. Argument declarations are in app/cli/CocoCommands.cpp.

#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace zsi::cli {

struct CocoInfoOptions {
  std::string input;
  bool verbose = false;  // per-category counts
  bool json = false;     // machine-readable output
};
// Counts of images, annotations, categories and crowd regions.
int runCocoInfo(const CocoInfoOptions& o, std::ostream& out, std::ostream& err);

struct CocoValidateCliOptions {
  std::string input;
  std::string images;         // --images DIR: also check the image files
  bool decode = false;        // decode every image instead of reading its header
  bool warningsAsErrors = false;
  std::size_t maxListed = 0;  // 0: list every problem
};
// Exit code 1 when an error is found (or a warning, with warningsAsErrors).
int runCocoValidate(const CocoValidateCliOptions& o, std::ostream& out, std::ostream& err);

struct CocoToRleOptions {
  std::string input;
  std::string output;
  bool keepAreaBbox = false;  // keep the annotations' own area and bbox
  bool strict = false;        // fail where pycocotools' annToRLE fails instead of skipping
};
// Every segmentation as the compressed RLE of pycocotools' annToRLE; area and bbox from the mask.
int runCocoToRle(const CocoToRleOptions& o, std::ostream& out, std::ostream& err);

struct CocoSplitOptions {
  std::string split;  // 48_17, 65_15 or a split file
  std::string input;
  std::string train, testZsi, testGzsi;  // outputs; an empty one is not written
};
int runCocoSplit(const CocoSplitOptions& o, std::ostream& out, std::ostream& err);

struct CocoFilterOptions {
  std::string input;
  std::string output;
  std::vector<std::string> classes;
  std::string split;                 // for seen/unseen
  std::string group;                 // "", "seen" or "unseen"
  std::optional<bool> crowd;
  std::optional<double> minArea, maxArea;
  bool dropEmptyImages = false;
};
int runCocoFilter(const CocoFilterOptions& o, std::ostream& out, std::ostream& err);

// 1234567 -> "1,234,567".
std::string groupThousands(std::uint64_t n);

}  // namespace zsi::cli
