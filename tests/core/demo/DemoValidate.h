#pragma once
// What `zsi coco validate FILE --images DIR` reports, as strings (errors and warnings alike: a
// demo file must be spotless).

#include <string>
#include <vector>

#include "core/coco/CocoReader.h"
#include "core/coco/CocoValidator.h"

namespace zsi::test {

inline std::vector<std::string> validateDemoCoco(const std::string& path, const std::string& imageRoot) {
  auto dataset = loadCocoDataset(path);
  if (!dataset.ok()) return {dataset.error().toString()};
  CocoValidateOptions options;
  options.imageRoot = imageRoot;
  options.decodeImages = true;
  std::vector<std::string> problems;
  for (const auto& p : validateCocoDataset(*dataset, options))
    problems.push_back((p.severity == CocoProblem::Severity::Error ? "error: " : "warning: ") + p.where + ": " + p.message);
  return problems;
}

}  // namespace zsi::test
