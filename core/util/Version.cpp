#include "core/util/Version.h"

#include "zsi/BuildInfo.h"

namespace zsi {

std::string projectVersion() { return ZSI_VERSION_STRING; }
std::string gitCommit() { return ZSI_GIT_COMMIT; }

}  // namespace zsi
