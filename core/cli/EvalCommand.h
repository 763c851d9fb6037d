#pragma once
// `zsi eval`: COCO evaluation of a results file against a ground-truth file, with the standard or
// the ZSI protocol, optionally on the seen or unseen classes of a split and with the GZSI report.
// Prints pycocotools' summary layout on `out`, warnings and errors on `err`.

#include <ostream>
#include <string>

namespace zsi::cli {

struct EvalCommandOptions {
  std::string groundTruth;        // --gt
  std::string results;            // --dt
  std::string iouType = "bbox";   // --iou-type bbox|segm
  std::string protocol = "coco";  // --protocol coco|zsi
  std::string classes = "all";    // --classes all|seen|unseen
  std::string split = "48_17";    // --split 48_17|65_15|FILE
  bool splitGiven = false;        // --split was on the command line
  bool gzsi = false;              // --gzsi
  std::string json;               // --json OUT.json; empty: none
  unsigned threads = 0;           // 0: one per hardware thread
};

// Exit code: 0 done, 1 bad input (message on err), 2 bad usage.
int runEvalCommand(const EvalCommandOptions& options, std::ostream& out, std::ostream& err);

}  // namespace zsi::cli
