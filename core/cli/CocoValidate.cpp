#include "core/cli/CocoCommands.h"
#include "core/coco/CocoReader.h"
#include "core/coco/CocoValidator.h"

namespace zsi::cli {

int runCocoValidate(const CocoValidateCliOptions& o, std::ostream& out, std::ostream& err) {
  auto loaded = loadCocoDataset(o.input);
  if (!loaded.ok()) {
    // A file that cannot be read is the first problem found.
    err << "zsi coco validate: " << loaded.error().toString() << "\n";
    return 1;
  }
  CocoValidateOptions vo;
  vo.imageRoot = o.images;
  vo.decodeImages = o.decode;
  const auto problems = validateCocoDataset(*loaded, vo);
  std::size_t errors = 0, warnings = 0, listed = 0;
  for (const auto& p : problems) {
    const bool isError = p.severity == CocoProblem::Severity::Error;
    (isError ? errors : warnings)++;
    if (o.maxListed && listed >= o.maxListed) continue;
    ++listed;
    out << o.input << ": " << (isError ? "error" : "warning") << ": "
        << (p.where.empty() ? "" : p.where + ": ") << p.message << "\n";
  }
  if (listed < problems.size()) out << "... " << groupThousands(problems.size() - listed) << " more not listed\n";
  out << o.input << ": " << groupThousands(loaded->images().size()) << " images, "
      << groupThousands(loaded->annotations().size()) << " annotations checked"
      << (o.images.empty() ? " (image files not checked: use --images DIR)" : ", image files checked")
      << "; " << groupThousands(errors) << " errors, " << groupThousands(warnings) << " warnings\n";
  return errors > 0 || (o.warningsAsErrors && warnings > 0) ? 1 : 0;
}

}  // namespace zsi::cli
