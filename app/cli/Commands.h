#pragma once
// Each area of the CLI registers its subcommands with a function `void addXCommands(CLI::App&,
// int& exitCode)` declared here and defined in app/cli/XCommands.cpp. A subcommand's callback
// runs the core function and stores its exit code (0 success, 1 failure the user can fix, 2 usage
// error); argument parsing stays in app/, the work in core/cli.

#include <CLI/CLI.hpp>

namespace zsi::app {

void addEmbedCommands(CLI::App& app, int& exitCode);  // zsi embed, zsi classset, zsi wordvec

void addDemoCommands(CLI::App& app, int& exitCode);   // zsi demo

void addEvalCommands(CLI::App& app, int& exitCode);   // zsi eval

void addCocoCommands(CLI::App& app, int& exitCode);   // zsi coco

void addTrainCommands(CLI::App& app, int& exitCode);  // zsi train

void addInferCommands(CLI::App& app, int& exitCode);  // zsi infer

void addImportCommands(CLI::App& app, int& exitCode);  // zsi import official|backbone|vocabulary

// The one rule for numeric options: every floating-point option of `app` and its subcommands
// rejects nan and ±inf (CLI11 converts them, and Range checks let nan through because every
// comparison with it is false). Call once, after every command group is registered.
void rejectNonFiniteNumbers(CLI::App& app);

}  // namespace zsi::app
