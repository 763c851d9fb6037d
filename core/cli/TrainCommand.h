#pragma once
// `zsi train`: one process of a training run (core/train/Trainer.h) with a console: a live
// progress line on a terminal, plain log lines otherwise; SIGINT/SIGTERM stop after the current
// step with a checkpoint. Exit code: 0 finished or stopped cleanly, 1 bad input or failure
// (message on err), 2 bad usage.

#include <cstdint>
#include <ostream>
#include <string>

namespace zsi::cli {

struct TrainCommandOptions {
  std::string config;     // --config
  std::string classes;    // --classes
  std::string data;       // --data
  std::string images;     // --images
  std::string val;        // --val
  std::string valImages;  // --val-images
  std::string out;        // --out
  bool resume = false;    // --resume
  std::string device = "cpu";
  int workers = -1;
  std::int64_t maxIters = -1;
  int progress = -1;      // --progress 1/0 forces the live line on/off; -1: when stdout is a terminal
};

int runTrainCommand(const TrainCommandOptions& options, std::ostream& out, std::ostream& err);

}  // namespace zsi::cli
