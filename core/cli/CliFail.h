#pragma once

#include <ostream>

#include "core/util/Error.h"

namespace zsi::cli {

// The subcommands' common way out: the error's own message (it names the file, field or
// position) on stderr and exit status 1.
inline int fail(std::ostream& err, const Error& e) {
  err << "error: " << e.toString() << "\n";
  return 1;
}

}  // namespace zsi::cli
