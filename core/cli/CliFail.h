#pragma once

#include <ostream>
#include <string_view>

#include "core/util/Error.h"

namespace zsi::cli {

// The subcommands' common way out: the error's own message (it names the file, field or
// position) on stderr, after `prefix` ("error", or the subcommand's name), and exit status 1.
inline int fail(std::ostream& err, const Error& e, std::string_view prefix = "error") {
  err << prefix << ": " << e.toString() << "\n";
  return 1;
}

}  // namespace zsi::cli
