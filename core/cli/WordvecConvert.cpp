#include "core/cli/WordvecConvert.h"

#include <fmt/format.h>

#include "core/cli/CliFail.h"
#include "core/util/AtomicFile.h"
#include "core/wordvec/VectorFile.h"
#include "core/wordvec/VectorFileWriter.h"
#include "core/wordvec/WordVectors.h"

namespace zsi::cli {

int runWordvecConvert(const WordvecConvertOptions& o, std::ostream& out, std::ostream& err) {
  const auto format = vectorFormatFromKey(o.format);
  if (!format)
    return fail(err, Error("--format must be word2vec-bin, word2vec-text, fasttext, glove or zsi-matrix"));
  VectorFileOptions vo;
  vo.classList = o.classList;
  auto in = VectorFile::open(o.vectors, vo);
  if (!in) return fail(err, in.error());

  WordVectors v;
  if (o.words.empty()) {
    auto all = WordVectors::from(*in, o.top);
    if (!all) return fail(err, all.error());
    v = std::move(*all);
  } else {
    auto list = readFile(o.words);
    if (!list) return fail(err, list.error());
    v.dim = in->dim();
    std::size_t line = 0, pos = 0;
    std::string missing;
    const std::string& text = *list;
    while (pos < text.size()) {
      const std::size_t nl = text.find('\n', pos);
      std::string word = text.substr(pos, (nl == std::string::npos ? text.size() : nl) - pos);
      pos = nl == std::string::npos ? text.size() : nl + 1;
      ++line;
      while (!word.empty() && (word.back() == '\r' || word.back() == ' ')) word.pop_back();
      if (word.empty()) continue;
      auto idx = in->find(word);
      if (!idx) {
        std::string hint;
        for (const auto& c : in->closestSpellings(word, 3)) hint += (hint.empty() ? " (closest: " : ", ") + c;
        missing += fmt::format("\n  {}:{}: '{}'{}", o.words, line, word, hint.empty() ? "" : hint + ")");
        continue;
      }
      v.words.push_back(word);
      v.vectors.resize(v.words.size() * v.dim);
      Status read = in->vector(*idx, v.vectors.data() + (v.words.size() - 1) * v.dim);
      if (!read) return fail(err, read.error());
    }
    if (!missing.empty()) return fail(err, Error("words not in " + o.vectors + ":" + missing));
    if (o.top > 0 && v.words.size() > o.top) {
      v.words.resize(o.top);
      v.vectors.resize(o.top * v.dim);
    }
  }
  Status written = VectorFileWriter::write(o.output, *format, v);
  if (!written) return fail(err, written.error());
  if (*format == VectorFormat::ZsiClassMatrix) {
    Status names = VectorFileWriter::writeClassList(o.output + ".names.txt", v.words);
    if (!names) return fail(err, names.error());
  }
  out << fmt::format("wrote {} words of dimension {} as {}: {}\n", v.words.size(), v.dim, vectorFormatName(*format),
                     o.output);
  if (*format == VectorFormat::ZsiClassMatrix) out << "class list: " << o.output << ".names.txt\n";
  return 0;
}

}  // namespace zsi::cli
