#pragma once
// `zsi wordvec convert`: rewrite a vector file in another format, optionally only its first N
// words or the words of a list (a small vocabulary to ship with a model, a GloVe file as word2vec
// binary, ...).

#include <cstddef>
#include <ostream>
#include <string>

namespace zsi::cli {

struct WordvecConvertOptions {
  std::string vectors;    // --vectors IN (any readable format)
  std::string classList;  // --class-list, when IN is a ZSI class matrix
  std::string format;     // --format word2vec-bin | word2vec-text | fasttext | glove | zsi-matrix
  std::size_t top = 0;    // --top N: only the first N words (0: all)
  std::string words;      // --words FILE: only these words (one per line), in that order
  std::string output;     // --output OUT
};

// Exit code: 0 written, 1 bad input (message on err; nothing written).
int runWordvecConvert(const WordvecConvertOptions& options, std::ostream& out, std::ostream& err);

}  // namespace zsi::cli
