// file_name of a COCO image, resolved under the image root. A dataset is input from anywhere, so
// a name must not reach outside the root: no absolute paths, no "..", and no symbolic link inside
// the root that leads out of it.

#include <filesystem>
#include <string>

#include "core/image/ImageIO.h"

namespace zsi {

namespace fs = std::filesystem;

Result<std::string> resolveImagePath(const std::string& root, std::string_view fileName) {
  const std::string name(fileName);
  auto refuse = [&](const std::string& why) {
    return Error("image file_name \"" + name + "\" refused: " + why).inFile(root);
  };
  if (name.empty()) return refuse("it is empty");
  if (name.find('\0') != std::string::npos) return refuse("it contains a NUL character");
  const fs::path rel(name);
  if (rel.is_absolute() || rel.has_root_name() || rel.has_root_directory()) {
    return refuse("it is an absolute path");
  }
  for (const auto& part : rel) {
    if (part == "..") return refuse("it contains \"..\"");
  }
  std::error_code ec;
  const fs::path base = fs::weakly_canonical(fs::path(root), ec);
  if (ec) return Error("cannot resolve the image folder: " + ec.message()).inFile(root);
  const fs::path joined = fs::path(root) / rel;
  const fs::path real = fs::weakly_canonical(joined, ec);
  if (ec) return Error("cannot resolve the image path: " + ec.message()).inFile(joined.string());
  // Symbolic links are followed: the target must still lie under the root.
  auto b = base.begin();
  auto r = real.begin();
  for (; b != base.end(); ++b, ++r) {
    if (b->empty() && std::next(b) == base.end()) break;  // trailing separator of the root
    if (r == real.end() || *r != *b) return refuse("it leads outside the image folder (symbolic link)");
  }
  return joined.lexically_normal().string();
}

}  // namespace zsi
