#pragma once
// `zsi embed`: class names -> word vectors. For each name prints the rule that produced its
// vector, the norm it was scaled to, the nearest vocabulary words and, with a class set, the
// cosine to every class of the set. Output on `out`; unknown names and errors on `err`.

#include <cstddef>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace zsi::cli {

struct EmbedOptions {
  std::string vectors;            // --vectors FILE (word2vec .bin/.txt, GloVe, fastText .vec, ZSI matrix)
  std::string classList;          // --class-list, when --vectors is a ZSI class matrix
  std::optional<double> norm;     // --norm; default: the class set's, else the built-in COCO set's
  std::string multiWord;          // --multi-word head|mean; default: the class set's, else head
  std::string classes;            // --classes CLASSSET.json | 48_17 | 65_15
  std::vector<std::string> names;  // NAME...
  std::size_t nearest = 5;        // --nearest K
  std::string cacheDir;           // --cache-dir
  bool noCache = false;           // --no-cache
  unsigned threads = 0;           // --threads
};

// Exit code: 0 all names embedded, 1 a name unknown or bad input (message on err).
int runEmbed(const EmbedOptions& options, std::ostream& out, std::ostream& err);

}  // namespace zsi::cli
