#pragma once
// The word-vector file formats we read and write, and the detection that tells them apart from
// the first bytes of a file.
//
//   word2vec binary   "<count> <dim>\n" then per word: "word " + dim little-endian float32
//                     (+ an optional "\n", which the original tool writes)
//   word2vec text     "<count> <dim>\n" then "word v1 ... vdim\n"
//   fastText .vec     as word2vec text; fastText ends every line with a space
//   GloVe text        no header; "word v1 ... vdim\n" (a word may contain spaces)
//   ZSI class matrix  dim lines of K comma-separated numbers, one class per column; the names
//                     come from a separate class list (see ClassList.h)

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/util/Result.h"

namespace zsi {

enum class VectorFormat { Word2VecBinary, Word2VecText, FastTextVec, GloVeText, ZsiClassMatrix };

// Human-readable name ("word2vec binary") and the short key used on the command line
// ("word2vec-bin", "word2vec-text", "fasttext", "glove", "zsi-matrix").
const char* vectorFormatName(VectorFormat format);
const char* vectorFormatKey(VectorFormat format);
std::optional<VectorFormat> vectorFormatFromKey(std::string_view key);

struct VectorFileHeader {
  VectorFormat format = VectorFormat::Word2VecText;
  bool hasHeader = false;         // a "<count> <dim>" line (word2vec, fastText)
  std::uint64_t declaredCount = 0;  // the header's count, 0 without a header
  std::uint32_t dim = 0;          // 0 for a ZSI matrix (its dimension is its number of lines)
  std::size_t dataStart = 0;      // byte offset of the first record
};

// Largest dimension we accept; anything beyond is a misread header, not a real embedding.
inline constexpr std::uint32_t kMaxVectorDim = 65536;

// Looks at the start of `data` (the whole file, memory-mapped) and decides the format. `path`
// names the file in errors and lets the ".vec" extension tell fastText from word2vec text.
Result<VectorFileHeader> detectVectorFormat(const std::string& path, const unsigned char* data,
                                            std::size_t size);

}  // namespace zsi
