#include "core/wordvec/VectorFileWriter.h"

#include <fmt/format.h>

#include "core/util/AtomicFile.h"
#include "core/wordvec/ClassMatrix.h"

namespace zsi {

Status VectorFileWriter::write(const std::string& path, VectorFormat format, const WordVectors& v) {
  const std::size_t n = v.words.size();
  if (v.vectors.size() != n * v.dim || v.dim == 0)
    return Error("inconsistent vectors: " + std::to_string(n) + " words of dimension " + std::to_string(v.dim) +
                 " need " + std::to_string(n * v.dim) + " values, got " + std::to_string(v.vectors.size()))
        .inFile(path);
  for (const auto& w : v.words) {
    const bool blank = w.find_first_of(" \t\n\r") != std::string::npos;
    if (w.empty() || (blank && format != VectorFormat::GloVeText && format != VectorFormat::ZsiClassMatrix))
      return Error("word '" + w + "' cannot be written: words in this format have no blanks").inFile(path);
  }
  if (format == VectorFormat::ZsiClassMatrix) {
    ClassMatrix m;
    m.dim = v.dim;
    for (std::size_t i = 0; i < n; ++i)
      m.columns.emplace_back(v.vectors.begin() + static_cast<std::ptrdiff_t>(i * v.dim),
                             v.vectors.begin() + static_cast<std::ptrdiff_t>((i + 1) * v.dim));
    return m.write(path);
  }
  auto w = AtomicFileWriter::open(path);
  if (!w) return w.error();
  if (format != VectorFormat::GloVeText) w->write(fmt::format("{} {}\n", n, v.dim));
  std::string line;
  for (std::size_t i = 0; i < n; ++i) {
    const float* row = v.vectors.data() + i * v.dim;
    line = v.words[i];
    if (format == VectorFormat::Word2VecBinary) {
      line += ' ';
      w->write(line);
      w->write(row, v.dim * sizeof(float));
      w->write("\n");  // as the original word2vec tool does; readers skip it
      continue;
    }
    for (std::size_t k = 0; k < v.dim; ++k) fmt::format_to(std::back_inserter(line), " {}", row[k]);
    // fastText ends every line with a space; keep its exact layout.
    line += format == VectorFormat::FastTextVec ? " \n" : "\n";
    w->write(line);
  }
  return w->commit();
}

Status VectorFileWriter::writeClassList(const std::string& path, const std::vector<std::string>& names) {
  std::string text;
  for (const auto& n : names) text += n + "\n";
  return writeFileAtomic(path, text);
}

}  // namespace zsi
