#pragma once
// `zsi infer`: a checkpoint run over a folder of images or the images of a COCO file, written as a
// COCO results JSON (boxes; compressed-RLE masks in the zsi and gzsi modes), optionally with
// overlay PNGs, a progress line, cancellation by SIGINT/SIGTERM (nothing is written then) and a
// per-stage timing summary. Exit code: 0 done, 1 bad input or failure, 2 bad usage, 130 cancelled.

#include <optional>
#include <ostream>
#include <string>

namespace zsi::cli {

struct InferCommandOptions {
  std::string model;    // --model: a checkpoint, or a run directory (its latest checkpoint)
  std::string classes;  // --classes: class-set file or built-in id; "" = the checkpoint's classes
  std::string split;    // --split 48_17|65_15: the built-in class set of that split
  std::string images;   // --images DIR
  std::string coco;     // --coco GT.json: its images (under --images) and category ids
  std::string mode = "zsi";
  std::string out;      // --out RESULTS.json
  std::string device = "cpu";
  int batch = 1;
  int workers = 2;
  std::optional<double> scoreThr;
  std::string scoring;   // --scoring projected|direct; "" = the model's test.direct_scoring
  std::optional<double> seenBias;  // --seen-bias: GZSD/GZSI calibration; default: the model's test.seen_bias
  std::string overlays;  // --overlays DIR
  double overlayScoreThr = 0.3;  // --overlay-score-thr: what the overlays draw (the results keep all)
  int maxImages = 0;     // --max-images N (0 = all)
  int progress = -1;     // 1/0 force the live line on/off; -1: when stdout is a terminal
};

int runInferCommand(const InferCommandOptions& options, std::ostream& out, std::ostream& err);

}  // namespace zsi::cli
