// `zsi infer`: argument declarations only; the work is core/cli/InferCommand.

#include <iostream>
#include <memory>

#include "app/cli/Commands.h"
#include "core/cli/InferCommand.h"

namespace zsi::app {

void addInferCommands(CLI::App& app, int& exitCode) {
  auto o = std::make_shared<cli::InferCommandOptions>();
  CLI::App* cmd = app.add_subcommand("infer", "Detect and segment with a trained model; write COCO results JSON");
  cmd->footer(
      "Results: a COCO results list {image_id, category_id, bbox [x,y,w,h], score, segmentation (compressed\n"
      "RLE, zsi/gzsi)}. category_id: the ground truth's id of the class name (--coco), else the class set's\n"
      "COCO id, else the class's 1-based position. Image ids without --coco: numeric file names\n"
      "(000000139.jpg -> 139), else 1..N in name order. Ctrl-C cancels (nothing is written, exit 130).");
  cmd->add_option("--model", o->model, "Checkpoint (.safetensors) or a training run directory (its latest)")
      ->required();
  cmd->add_option("--classes", o->classes,
                  "Class set to score against: zsi-classset JSON or 48_17/65_15 (default: the checkpoint's classes)");
  cmd->add_option("--split", o->split, "The built-in class set of a split: 48_17 or 65_15")
      ->check(CLI::IsMember({"48_17", "65_15"}));
  cmd->add_option("--images", o->images, "Image folder (all images in it, or those of --coco)")->required();
  cmd->add_option("--coco", o->coco, "COCO instances JSON: run on its images, write its category ids")
      ->check(CLI::ExistingFile);
  cmd->add_option("--mode", o->mode,
                  "zsd: unseen boxes; zsi: unseen boxes + masks; gzsd/gzsi: seen and unseen")
      ->check(CLI::IsMember({"zsd", "zsi", "gzsd", "gzsi"}))
      ->required();
  cmd->add_option("--out", o->out, "Results JSON to write (atomically)")->required();
  cmd->add_option("--device", o->device, "cpu, cuda, cuda:N or auto")->capture_default_str();
  cmd->add_option("--batch", o->batch, "Images per network run")->check(CLI::Range(1, 256))->capture_default_str();
  cmd->add_option("--workers", o->workers, "Image decoding threads")->check(CLI::Range(1, 64))->capture_default_str();
  cmd->add_option("--score-thr", o->scoreThr, "Score threshold (default: the model's test.score_thr)")
      ->check(CLI::Range(0.0, 1.0));
  cmd->add_option("--scoring", o->scoring,
                  "projected: the official p·W_s^T·w; direct: the semantic embedding against each class vector, "
                  "softmax over background + the mode's classes (default: the model's test.direct_scoring)")
      ->check(CLI::IsMember({"projected", "direct"}));
  cmd->add_option("--seen-bias", o->seenBias,
                  "gzsd/gzsi: subtracted from every seen-class score so that unseen classes can win the boxes the "
                  "seen classifier is biased towards (calibrated stacking; default: the model's test.seen_bias)")
      ->check(CLI::Range(-1.0, 1.0));
  cmd->add_option("--overlays", o->overlays, "Write one PNG per image with masks, boxes and labels drawn here");
  cmd->add_option("--overlay-score-thr", o->overlayScoreThr,
                  "Draw only detections scoring at least this in the overlays; the results file keeps every "
                  "detection (default 0.3)")
      ->check(CLI::Range(0.0, 1.0));
  cmd->add_option("--max-images", o->maxImages, "Only the first N images (0: all)")->check(CLI::NonNegativeNumber);
  cmd->add_option("--progress", o->progress,
                  "1: live progress line, 0: plain lines (default: live when stdout is a terminal)")
      ->check(CLI::Range(0, 1));
  cmd->callback([o, &exitCode] { exitCode = cli::runInferCommand(*o, std::cout, std::cerr); });
}

}  // namespace zsi::app
