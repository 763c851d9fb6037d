#include "core/cli/VersionReport.h"

#include "core/engine/EngineInfo.h"
#include "core/util/Version.h"

namespace zsi::cli {

std::string versionReport(const std::string& program) {
  return program + " " + projectVersion() + " (commit " + gitCommit() + ")\n" +
         engineBuildSummary();
}

}  // namespace zsi::cli
