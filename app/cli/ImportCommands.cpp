// `zsi import`: argument declarations only; the work is core/cli/ImportCommand.

#include <iostream>
#include <memory>

#include "app/cli/Commands.h"
#include "core/cli/ImportCommand.h"

namespace zsi::app {

void addImportCommands(CLI::App& app, int& exitCode) {
  CLI::App* group = app.add_subcommand("import", "Bring official ZSI, ImageNet or vocabulary weights into a checkpoint");
  group->require_subcommand(1);
  auto common = [&](CLI::App* cmd, const std::shared_ptr<cli::ImportCommandOptions>& o) {
    cmd->add_option("--config", o->config, "Model config: a built-in name (zsi_48_17_r101, ...) or a file")->required();
    cmd->add_option("--weights", o->weights, "Weights: zip-format .pth or .safetensors")
        ->required()
        ->check(CLI::ExistingFile);
    cmd->add_option("--classes", o->classes, "Training class set: 48_17, 65_15 or a zsi-classset JSON");
    cmd->add_option("--word-vectors", o->wordVectors, "Or an official word-vector matrix (word_w2v_withbg_*.txt)")
        ->check(CLI::ExistingFile);
    cmd->add_option("--key-map", o->keyMap, "Key map: a built-in name or a file (default per kind)");
    cmd->add_option("--quirks", o->quirks, "Override the config's quirk mode")->check(CLI::IsMember({"sound", "official"}));
    cmd->add_option("--out", o->out, "Checkpoint to write (.safetensors)")->required();
  };
  {
    auto o = std::make_shared<cli::ImportCommandOptions>();
    o->what = "official";
    CLI::App* cmd = group->add_subcommand("official", "An official ZSI checkpoint (mmdetection v1 names)");
    common(cmd, o);
    cmd->add_option("--vocabulary", o->vocabulary, "vocabulary_w2v.txt (300 × 4717), needed by the official box head")
        ->check(CLI::ExistingFile);
    cmd->footer("Legacy .pth files (PyTorch < 1.6) need `python3 models/tools/pth_to_safetensors.py IN OUT` first.");
    cmd->callback([o, &exitCode] { exitCode = cli::runImportCommand(*o, std::cout, std::cerr); });
  }
  {
    auto o = std::make_shared<cli::ImportCommandOptions>();
    o->what = "backbone";
    CLI::App* cmd = group->add_subcommand("backbone", "torchvision ImageNet ResNet weights into a fresh model");
    common(cmd, o);
    cmd->callback([o, &exitCode] { exitCode = cli::runImportCommand(*o, std::cout, std::cerr); });
  }
  {
    auto o = std::make_shared<cli::ImportCommandOptions>();
    o->what = "vocabulary";
    CLI::App* cmd = group->add_subcommand("vocabulary", "Add the vocabulary matrix to a checkpoint");
    cmd->add_option("--model", o->model, "Checkpoint (.safetensors)")->required()->check(CLI::ExistingFile);
    cmd->add_option("--vocabulary", o->vocabulary, "vocabulary_w2v.txt: one word per column")
        ->required()
        ->check(CLI::ExistingFile);
    cmd->add_option("--out", o->out, "Checkpoint to write")->required();
    cmd->callback([o, &exitCode] { exitCode = cli::runImportCommand(*o, std::cout, std::cerr); });
  }
}

}  // namespace zsi::app
