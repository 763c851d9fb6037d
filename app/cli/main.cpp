// zsi: the headless twin of ZSI Studio. Parses arguments and dispatches to core/cli.

#include <CLI/CLI.hpp>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <iostream>

#include "app/cli/Commands.h"
#include "core/cli/VersionReport.h"
#include "core/engine/EngineInfo.h"

namespace zsi::app {
// Subcommand groups, in the order `zsi --help` lists them; each is defined in
// app/cli/<Area>Commands.cpp and adds its subcommands to `app`.

void rejectNonFiniteNumbers(CLI::App& app) {
  // Text that is no number at all is left to CLI11's own conversion error.
  static const CLI::Validator finite(
      [](std::string& text) -> std::string {
        char* end = nullptr;
        const double value = std::strtod(text.c_str(), &end);
        if (end == text.c_str() || std::isfinite(value)) return {};
        return "'" + text + "' is not a finite number";
      },
      "");
  for (CLI::Option* option : app.get_options()) {
    // The type name is "FLOAT" for float, double and optional<double>, followed by the
    // descriptions of the validators already added.
    if (option->get_type_name().rfind("FLOAT", 0) == 0) option->check(finite);
  }
  for (CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; })) rejectNonFiniteNumbers(*sub);
}
}  // namespace zsi::app

int main(int argc, char** argv) {
  zsi::configureCpuThreads();  // every core unless OMP_NUM_THREADS says otherwise
  CLI::App app{"zsi: zero-shot instance segmentation on the command line (ZSI Studio)"};
  app.name("zsi");
  app.set_version_flag("--version", [] { return zsi::cli::versionReport("zsi"); });
  app.require_subcommand(0, 1);
  app.fallthrough(false);

  int exitCode = 0;
  (void)exitCode;  // set by the subcommands' callbacks once groups are registered below
  zsi::app::addCocoCommands(app, exitCode);
  zsi::app::addEmbedCommands(app, exitCode);
  zsi::app::addEvalCommands(app, exitCode);
  zsi::app::addDemoCommands(app, exitCode);
  zsi::app::addTrainCommands(app, exitCode);
  zsi::app::addInferCommands(app, exitCode);
  zsi::app::addImportCommands(app, exitCode);
  zsi::app::rejectNonFiniteNumbers(app);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  if (app.get_subcommands().empty()) {
    std::cout << app.help();
    return 0;
  }
  return exitCode;
}
