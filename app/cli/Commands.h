#pragma once
// Each area of the CLI registers its subcommands with a function `void addXCommands(CLI::App&,
// int& exitCode)` declared here and defined in app/cli/XCommands.cpp. A subcommand's callback
// runs the core function and stores its exit code (0 success, 1 failure the user can fix, 2 usage
// error); argument parsing stays in app/, the work in core/cli.

#include <CLI/CLI.hpp>

namespace zsi::app {

}  // namespace zsi::app
