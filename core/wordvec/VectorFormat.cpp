#include "core/wordvec/VectorFormat.h"

#include <charconv>
#include <cstring>
#include <vector>

#include "core/wordvec/TextNumbers.h"

namespace zsi {
namespace {

struct FormatNames {
  VectorFormat format;
  const char* name;
  const char* key;
};

constexpr FormatNames kNames[] = {
    {VectorFormat::Word2VecBinary, "word2vec binary", "word2vec-bin"},
    {VectorFormat::Word2VecText, "word2vec text", "word2vec-text"},
    {VectorFormat::FastTextVec, "fastText .vec", "fasttext"},
    {VectorFormat::GloVeText, "GloVe text", "glove"},
    {VectorFormat::ZsiClassMatrix, "ZSI class matrix", "zsi-matrix"},
};

bool endsWith(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// The line starting at `begin`, without its "\n" (and "\r"), at most `limit` bytes long;
// `complete` is false when no newline was found within the limit.
std::string_view lineAt(const unsigned char* data, std::size_t size, std::size_t begin,
                        std::size_t limit, bool* complete) {
  std::size_t end = begin;
  const std::size_t stop = std::min(size, begin + limit);
  const void* nl = std::memchr(data + begin, '\n', stop - begin);
  end = nl ? static_cast<std::size_t>(static_cast<const unsigned char*>(nl) - data) : stop;
  *complete = nl != nullptr || stop == size;
  std::string_view line(reinterpret_cast<const char*>(data + begin), end - begin);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

bool parseUnsigned(std::string_view s, std::uint64_t* out) {
  if (s.empty()) return false;
  auto r = std::from_chars(s.data(), s.data() + s.size(), *out);
  return r.ec == std::errc() && r.ptr == s.data() + s.size();
}

// True when every field after the first is a number: what a text vector line looks like.
bool looksLikeTextVectorLine(std::string_view line, std::size_t* numbers) {
  auto fields = splitFields(line);
  if (fields.size() < 2) return false;
  for (std::size_t i = 1; i < fields.size(); ++i) {
    float v;
    if (!parseFloatField(fields[i], &v)) return false;
  }
  *numbers = fields.size() - 1;
  return true;
}

}  // namespace

const char* vectorFormatName(VectorFormat format) {
  for (const auto& n : kNames)
    if (n.format == format) return n.name;
  return "?";
}

const char* vectorFormatKey(VectorFormat format) {
  for (const auto& n : kNames)
    if (n.format == format) return n.key;
  return "?";
}

std::optional<VectorFormat> vectorFormatFromKey(std::string_view key) {
  for (const auto& n : kNames)
    if (key == n.key) return n.format;
  return std::nullopt;
}

Result<VectorFileHeader> detectVectorFormat(const std::string& path, const unsigned char* data,
                                            std::size_t size) {
  if (size == 0) return Error("the file is empty; expected word vectors").inFile(path);
  if (size >= 2 && data[0] == 0x1f && data[1] == 0x8b)
    return Error("the file is gzip-compressed; decompress it first (gunzip)").inFile(path);

  bool complete = false;
  std::string_view first = lineAt(data, size, 0, 1 << 20, &complete);
  if (!complete)
    return Error("line 1 is longer than 1 MiB; this is not a word-vector file").inFile(path).at(1, 0);

  VectorFileHeader h;
  if (first.find(',') != std::string_view::npos) {
    h.format = VectorFormat::ZsiClassMatrix;
    return h;
  }

  auto fields = splitFields(first);
  std::uint64_t count = 0, dim = 0;
  if (fields.size() == 2 && parseUnsigned(fields[0], &count) && parseUnsigned(fields[1], &dim)) {
    if (dim == 0 || dim > kMaxVectorDim)
      return Error("bad header: dimension " + std::string(fields[1]) + " is not between 1 and " +
                   std::to_string(kMaxVectorDim))
          .inFile(path)
          .at(1, static_cast<std::int64_t>(fields[1].data() - first.data()) + 1);
    h.hasHeader = true;
    h.declaredCount = count;
    h.dim = static_cast<std::uint32_t>(dim);
    const void* nl = std::memchr(data, '\n', size);
    h.dataStart = nl ? static_cast<std::size_t>(static_cast<const unsigned char*>(nl) - data) + 1
                     : size;
    // Text or binary? A text record is a line whose fields after the word are all numbers; raw
    // float32 bytes essentially never read that way.
    bool textComplete = false;
    std::string_view next =
        lineAt(data, size, h.dataStart, static_cast<std::size_t>(dim) * 64 + 4096, &textComplete);
    std::size_t numbers = 0;
    const bool text = h.dataStart >= size ? !endsWith(path, ".bin")
                                          : textComplete && looksLikeTextVectorLine(next, &numbers);
    if (text) {
      h.format = endsWith(path, ".vec") ? VectorFormat::FastTextVec : VectorFormat::Word2VecText;
    } else {
      h.format = VectorFormat::Word2VecBinary;
    }
    return h;
  }

  std::size_t numbers = 0;
  if (fields.size() >= 3 && looksLikeTextVectorLine(first, &numbers)) {
    h.format = VectorFormat::GloVeText;
    h.dim = static_cast<std::uint32_t>(numbers);
    h.dataStart = 0;
    return h;
  }
  std::string shown(first.substr(0, 60));
  for (char& c : shown)
    if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) == 0x7f) c = '?';
  return Error("line 1 is neither a header '<count> <dimension>' (word2vec, fastText) nor a "
               "line 'word v1 v2 ...' (GloVe), nor comma-separated numbers (ZSI class matrix): '" +
               shown + (first.size() > 60 ? "...'" : "'"))
      .inFile(path)
      .at(1, 1);
}

}  // namespace zsi
