// `zsi eval`: argument declarations only; the work is core/cli/EvalCommand.

#include <iostream>
#include <memory>

#include "app/cli/Commands.h"
#include "core/cli/EvalCommand.h"

namespace zsi::app {

void addEvalCommands(CLI::App& app, int& exitCode) {
  auto opts = std::make_shared<cli::EvalCommandOptions>();
  CLI::App* cmd = app.add_subcommand(
      "eval", "Evaluate detections (COCO results JSON) with COCOeval's or the ZSI protocol");
  cmd->add_option("--gt", opts->groundTruth, "Ground truth, COCO instances JSON")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("--dt", opts->results, "Detections, COCO results JSON")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("--iou-type", opts->iouType, "bbox or segm")
      ->required()
      ->check(CLI::IsMember({"bbox", "segm"}));
  cmd->add_option("--protocol", opts->protocol,
                  "coco (IoU 0.50:0.95, the 12 standard numbers) or zsi (IoU 0.4/0.5/0.6)")
      ->check(CLI::IsMember({"coco", "zsi"}))
      ->capture_default_str();
  cmd->add_option("--classes", opts->classes, "Evaluate all classes, or the seen or unseen ones")
      ->check(CLI::IsMember({"all", "seen", "unseen"}))
      ->capture_default_str();
  CLI::Option* split =
      cmd->add_option("--split", opts->split, "Class split: 48_17, 65_15 or a split file")
          ->capture_default_str();
  cmd->add_flag("--gzsi", opts->gzsi,
                "Add the GZSI report: seen/unseen AP and recall at IoU 0.5 and harmonic means");
  cmd->add_option("--json", opts->json, "Write every number to this JSON file");
  cmd->callback([opts, split, &exitCode] {
    opts->splitGiven = split->count() > 0;
    exitCode = cli::runEvalCommand(*opts, std::cout, std::cerr);
  });
}

}  // namespace zsi::app
