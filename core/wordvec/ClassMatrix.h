#pragma once
// The ZSI class-vector matrix file (data/coco/word_w2v_withbg_*.txt of the official code): `dim`
// lines of K comma-separated numbers, one class per COLUMN. The official files are float32
// values printed with %.18e (numpy.savetxt); write() produces the same text, byte for byte.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/util/Result.h"

namespace zsi {

struct ClassMatrix {
  std::size_t dim = 0;                       // number of lines
  std::vector<std::vector<float>> columns;   // one vector (length dim) per column, file order

  static Result<ClassMatrix> read(const std::string& path);
  // `path` only names the file in errors.
  static Result<ClassMatrix> parse(std::string_view text, const std::string& path);

  std::string toText() const;
  Status write(const std::string& path) const;  // atomic
};

}  // namespace zsi
