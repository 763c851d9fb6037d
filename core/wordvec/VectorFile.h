#pragma once
// An opened word-vector file: the vocabulary (word -> index by a hash probe), the vectors (read
// from the memory-mapped file on demand), nearest words for a vector and closest spellings for an
// unknown word. Opening indexes the file in one pass; the index is cached beside the file (or in
// the user cache folder when that folder is read-only) and reused while the file is unchanged.
//
// Formats: see VectorFormat.h. A ZSI class matrix needs its class list (options.classList) and
// is held in memory (it is small).
//
// Thread-safety: an opened VectorFile is read-only; all const members may be called from several
// threads at once.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/util/Progress.h"
#include "core/util/Result.h"
#include "core/wordvec/VectorFormat.h"

namespace zsi {

struct VectorFileImpl;

struct VectorFileOptions {
  bool useCache = true;
  // Where the index cache goes. Empty: beside the vector file, or $XDG_CACHE_HOME/zsi/wordvec
  // (~/.cache/zsi/wordvec) when the file's folder is not writable.
  std::string cacheDir;
  // Files smaller than this are indexed on every open: rebuilding is faster than a cache file.
  std::uint64_t minCacheBytes = 16ull << 20;
  std::string classList;  // names for a ZSI class matrix (see ClassList.h)
  unsigned threads = 0;   // 0: the machine's hardware threads (at most 8)
};

struct WordNeighbour {
  std::size_t index = 0;
  std::string word;
  float cosine = 0;
};

class VectorFile {
 public:
  static Result<VectorFile> open(const std::string& path, const VectorFileOptions& options = {},
                                 const Progress& progress = {});

  VectorFile(VectorFile&&) noexcept;
  VectorFile& operator=(VectorFile&&) noexcept;
  ~VectorFile();

  const std::string& path() const;
  VectorFormat format() const;
  std::size_t size() const;  // number of words
  std::size_t dim() const;
  // Where the index came from: true when it was mapped from a cache file.
  bool indexFromCache() const;
  const std::string& cachePath() const;  // empty when no cache is used
  std::uint64_t duplicateWords() const;  // repeated words (the first occurrence is used)

  std::string_view word(std::size_t index) const;
  std::optional<std::size_t> find(std::string_view word) const;

  // The vector as stored in the file (not normalised). Fails only when the file was changed
  // under us after indexing.
  Status vector(std::size_t index, float* out) const;
  Result<std::vector<float>> vector(std::size_t index) const;

  // The k words whose vectors have the highest cosine with `query` (length dim()), best first,
  // leaving out the word indices in `exclude`. Scans a 4-bit copy with several threads, then
  // re-ranks the best candidates with the exact vectors.
  Result<std::vector<WordNeighbour>> nearest(const float* query, std::size_t k,
                                             std::vector<std::size_t> exclude = {}) const;

  // Closest spellings of `word` in the vocabulary (ignoring ASCII case), closest first.
  std::vector<std::string> closestSpellings(std::string_view word, std::size_t max = 5) const;

 private:
  explicit VectorFile(std::unique_ptr<VectorFileImpl> impl);
  std::unique_ptr<VectorFileImpl> impl_;
};

}  // namespace zsi
