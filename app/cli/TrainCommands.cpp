// `zsi train`: argument declarations only; the work is core/cli/TrainCommand.

#include <iostream>
#include <memory>

#include "app/cli/Commands.h"
#include "core/cli/TrainCommand.h"

namespace zsi::app {

void addTrainCommands(CLI::App& app, int& exitCode) {
  auto o = std::make_shared<cli::TrainCommandOptions>();
  CLI::App* cmd = app.add_subcommand("train", "Train a ZSI model (one process of a single- or multi-process run)");
  cmd->footer(
      "The run directory gets config.json, classes.json, run.json, metrics.jsonl (one JSON object per line),\n"
      "train.log and checkpoints/ (iter_N.safetensors for `zsi infer --model`, a `latest` pointer).\n"
      "Ctrl-C or SIGTERM: the current step finishes, a checkpoint is saved, exit 0; continue with --resume.\n"
      "Several processes (data parallel, c10d Gloo/NCCL): start them with torchrun --no-python or srun;\n"
      "RANK/WORLD_SIZE/LOCAL_RANK/MASTER_ADDR/MASTER_PORT or SLURM_* are read. See docs/TRAINING.md.");
  cmd->add_option("--config", o->config,
                  "Training config (zsi-train-config JSON) or a model config (default schedule); optional with "
                  "--resume, where it must equal the run's own")
      ->check(CLI::ExistingFile);
  cmd->add_option("--classes", o->classes,
                  "Class set: 48_17, 65_15 or a zsi-classset JSON (default: the config's \"classes\")");
  cmd->add_option("--data", o->data, "Training set, COCO instances JSON (optional with --resume)")
      ->check(CLI::ExistingFile);
  cmd->add_option("--images", o->images, "Folder of the training images (optional with --resume)");
  cmd->add_option("--val", o->val, "Validation set, COCO instances JSON: evaluated after each epoch (ZSI protocol)")
      ->check(CLI::ExistingFile);
  cmd->add_option("--val-images", o->valImages, "Folder of the validation images (default: --images)");
  cmd->add_option("--out", o->out, "Run directory (created; must not hold a run unless --resume)")->required();
  cmd->add_flag("--resume", o->resume,
                "Continue the run in --out from its latest checkpoint (model, optimiser, schedule, data order, RNG)");
  cmd->add_option("--device", o->device, "cpu, cuda, cuda:N or auto (multi-process CUDA: cuda:LOCAL_RANK)")
      ->capture_default_str();
  cmd->add_option("--workers", o->workers, "Image decoding threads (default: the config's data.workers)")
      ->check(CLI::Range(0, 64));
  cmd->add_option("--max-iters", o->maxIters, "Stop after this many iterations (overrides schedule.max_iters)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--progress", o->progress,
                  "1: live progress line, 0: plain log lines (default: live when stdout is a terminal)")
      ->check(CLI::Range(0, 1));
  cmd->callback([o, &exitCode] { exitCode = cli::runTrainCommand(*o, std::cout, std::cerr); });
}

}  // namespace zsi::app
