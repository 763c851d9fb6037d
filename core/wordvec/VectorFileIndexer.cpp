#include "core/wordvec/VectorFileIndexer.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <string>
#include <thread>
#include <vector>

#include "core/wordvec/NearestScan.h"
#include "core/wordvec/TextNumbers.h"
#include "core/wordvec/VectorIndexBuilder.h"

namespace zsi {
namespace {

static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "word2vec binary is read as little-endian");

constexpr std::size_t kBlockRows = 32768;
constexpr std::size_t kMaxWordBytes = 4096;
constexpr std::size_t kPrefetchBytes = 128u << 20;

struct Record {
  std::size_t begin = 0;      // binary: the word; text: the line
  std::size_t end = 0;        // binary: end of the word; text: end of the line's content
  std::size_t wordEnd = 0;    // filled by the decoding pass for text
  std::size_t vector = 0;     // offset of the vector payload
  std::int64_t line = 0;      // text: 1-based line number
};

// The first error of a block, by position, whichever thread found it.
struct BlockError {
  std::size_t row = std::numeric_limits<std::size_t>::max();
  Error error;
};

std::string shown(const unsigned char* data, std::size_t begin, std::size_t end) {
  std::string s(reinterpret_cast<const char*>(data + begin), std::min<std::size_t>(end - begin, 60));
  for (char& c : s)
    if (static_cast<unsigned char>(c) < 0x20) c = '?';
  return s;
}

class Indexer {
 public:
  Indexer(const MappedFile& file, const VectorFileHeader& header, unsigned threads,
          const Progress& progress)
      : file_(file), h_(header), data_(file.data()), size_(file.size()), threads_(threads),
        progress_(progress) {}

  // Blocks are pipelined: while the workers decode and quantise block N, this thread finds the
  // record boundaries of block N+1 (the part that cannot be split), and the disk reads ahead.
  Result<VectorIndex> run() {
    const bool binary = h_.format == VectorFormat::Word2VecBinary;
    const std::size_t minRecord = binary ? static_cast<std::size_t>(h_.dim) * 4 + 2 : 2 * h_.dim;
    const std::uint64_t plausible = size_ / std::max<std::size_t>(minRecord, 1) + 1;
    VectorIndexBuilder builder(h_.dim, h_.hasHeader ? std::min(h_.declaredCount, plausible) : plausible);
    pos_ = h_.dataStart;
    line_ = h_.hasHeader ? 2 : 1;
    auto nextBlock = [&](std::size_t done, std::vector<Record>* out) {
      out->clear();
      return binary ? nextBinaryBlock(done, out) : nextTextBlock(done, out);
    };
    std::vector<Record> block, upcoming;
    Status found = nextBlock(0, &block);
    std::vector<BlockError> errors(std::max(1u, threads_));
    while (found && !block.empty()) {
      if (progress_.cancelled()) return Error(kCancelledMessage);
      file_.prefetch(pos_, kPrefetchBytes);
      const std::size_t first = builder.appendRows(block.size());
      for (auto& e : errors) e = BlockError();
      std::vector<std::thread> workers;
      const std::size_t per = (block.size() + threads_ - 1) / threads_;
      for (unsigned t = 0; t < threads_; ++t) {
        const std::size_t b = std::min(block.size(), t * per), e = std::min(block.size(), b + per);
        workers.emplace_back([&, t, b, e] { decodeRows(&block, b, e, first, binary, &builder, &errors[t]); });
      }
      found = nextBlock(builder.size() + block.size(), &upcoming);
      for (auto& w : workers) w.join();
      // Errors in file order: this block's before the next block's.
      const BlockError* worst = nullptr;
      for (const auto& e : errors)
        if (e.row != std::numeric_limits<std::size_t>::max() && (!worst || e.row < worst->row)) worst = &e;
      if (worst) return worst->error;
      for (const Record& r : block) {
        const std::size_t wb = r.begin, we = binary ? r.end : r.wordEnd;
        ZSI_TRY(builder.addName(std::string_view(reinterpret_cast<const char*>(data_ + wb), we - wb), r.vector));
      }
      progress_.report(static_cast<double>(pos_) / static_cast<double>(std::max<std::size_t>(size_, 1)),
                       "indexing word vectors");
      std::swap(block, upcoming);
    }
    if (!found) return found.error();
    if (h_.hasHeader && builder.size() != h_.declaredCount)
      return Error("the header announces " + std::to_string(h_.declaredCount) + " vectors, but the file ends after " +
                   std::to_string(builder.size()) + " (truncated?)")
          .inFile(file_.path());
    return builder.finish();
  }

  // Decodes, checks and quantises rows [b, e) of a block; stops at the first bad row.
  void decodeRows(std::vector<Record>* block, std::size_t b, std::size_t e, std::size_t first, bool binary,
                  VectorIndexBuilder* builder, BlockError* error) const {
    std::vector<float> v(h_.dim);
    for (std::size_t r = b; r < e; ++r) {
      Record& rec = (*block)[r];
      Status s = binary ? decodeBinary(rec, first + r, v.data()) : decodeText(&rec, v.data());
      if (!s) {
        *error = BlockError{r, s.error()};
        return;
      }
      const float scale = NearestScan::quantizeRow(v.data(), h_.dim, builder->scanRow(first + r));
      if (std::isnan(scale)) {
        *error = BlockError{r, nonFinite(rec, first + r, v.data())};
        return;
      }
      *builder->scanScale(first + r) = scale;
    }
  }


 private:
  Error at(const std::string& message, std::size_t byte) const {
    return Error(message + " (byte " + std::to_string(byte) + ")").inFile(file_.path());
  }

  bool restIsBlank(std::size_t from) const {
    for (std::size_t i = from; i < size_; ++i)
      if (data_[i] != ' ' && data_[i] != '\n' && data_[i] != '\r' && data_[i] != '\t') return false;
    return true;
  }

  Status nextBinaryBlock(std::size_t done, std::vector<Record>* block) {
    const std::size_t vecBytes = static_cast<std::size_t>(h_.dim) * 4;
    while (block->size() < kBlockRows && done + block->size() < h_.declaredCount) {
      const std::size_t record = done + block->size() + 1;
      while (pos_ < size_ && (data_[pos_] == '\n' || data_[pos_] == '\r' || data_[pos_] == ' ' || data_[pos_] == '\t'))
        ++pos_;
      if (pos_ >= size_)
        return Error("the header announces " + std::to_string(h_.declaredCount) +
                     " vectors, but the file ends after " + std::to_string(record - 1) + " (truncated)")
            .inFile(file_.path());
      const std::size_t limit = std::min(size_, pos_ + kMaxWordBytes);
      const void* sp = std::memchr(data_ + pos_, ' ', limit - pos_);
      if (sp == nullptr) {
        return at("record " + std::to_string(record) + ": no space after the word '" + shown(data_, pos_, limit) +
                      "' within " + std::to_string(kMaxWordBytes) + " bytes (truncated, or not a word2vec binary file)",
                  pos_);
      }
      const std::size_t wordEnd = static_cast<std::size_t>(static_cast<const unsigned char*>(sp) - data_);
      if (std::memchr(data_ + pos_, '\n', wordEnd - pos_) != nullptr)
        return at("record " + std::to_string(record) + ": the word contains a line break; the records are out of step "
                      "(a vector shorter than the header's dimension " + std::to_string(h_.dim) + "?)",
                  pos_);
      if (size_ - (wordEnd + 1) < vecBytes || wordEnd + 1 > size_)
        return at("record " + std::to_string(record) + " ('" + shown(data_, pos_, wordEnd) + "'): the vector needs " +
                      std::to_string(vecBytes) + " bytes, only " + std::to_string(size_ - std::min(size_, wordEnd + 1)) +
                      " left (truncated)",
                  wordEnd + 1);
      Record r;
      r.begin = pos_;
      r.end = wordEnd;
      r.vector = wordEnd + 1;
      block->push_back(r);
      pos_ = r.vector + vecBytes;
    }
    if (block->empty() && done == h_.declaredCount && !restIsBlank(pos_))
      return at("data after the " + std::to_string(h_.declaredCount) +
                    " vectors the header announces (wrong count in the header, or vectors longer than " +
                    std::to_string(h_.dim) + ")",
                pos_);
    return okStatus();
  }

  // Finiteness is checked by the quantiser (a NaN scale); this only copies.
  Status decodeBinary(const Record& r, std::size_t, float* v) const {
    std::memcpy(v, data_ + r.vector, static_cast<std::size_t>(h_.dim) * 4);
    return okStatus();
  }

  // The error for a vector the quantiser refused: the first value that is not finite, or whose
  // square overflows.
  Error nonFinite(const Record& r, std::size_t row, const float* v) const {
    std::uint32_t i = 0;
    while (i + 1 < h_.dim && std::isfinite(v[i]) && std::fabs(v[i]) < 1e18f) ++i;
    if (h_.format == VectorFormat::Word2VecBinary)
      return at("record " + std::to_string(row + 1) + " ('" + shown(data_, r.begin, r.end) + "'): value " +
                    std::to_string(i + 1) + " is not a finite number (a vector shorter than the header's dimension?)",
                r.vector + 4 * i);
    return Error("value " + std::to_string(i + 1) + " is too large").inFile(file_.path()).at(r.line, 0);
  }

  Status nextTextBlock(std::size_t done, std::vector<Record>* block) {
    while (block->size() < kBlockRows && pos_ < size_) {
      const void* nl = std::memchr(data_ + pos_, '\n', size_ - pos_);
      const std::size_t lineEnd = nl ? static_cast<std::size_t>(static_cast<const unsigned char*>(nl) - data_) : size_;
      std::size_t end = lineEnd;
      while (end > pos_ && (data_[end - 1] == '\r' || data_[end - 1] == ' ' || data_[end - 1] == '\t')) --end;
      if (end == pos_) {
        if (restIsBlank(pos_)) {
          pos_ = size_;
          break;
        }
        return Error("empty line").inFile(file_.path()).at(line_, 1);
      }
      if (h_.hasHeader && done + block->size() == h_.declaredCount)
        return Error("more lines than the " + std::to_string(h_.declaredCount) + " vectors the header announces")
            .inFile(file_.path())
            .at(line_, 1);
      Record r;
      r.begin = pos_;
      r.end = end;
      r.line = line_++;
      block->push_back(r);
      pos_ = lineEnd + 1;
    }
    return okStatus();
  }

  Status decodeText(Record* r, float* v) const {
    std::string_view text(reinterpret_cast<const char*>(data_ + r->begin), r->end - r->begin);
    thread_local std::vector<std::string_view> fields;
    splitFields(text, &fields);
    const std::size_t dim = h_.dim;
    if (fields.size() < dim + 1 || (h_.format != VectorFormat::GloVeText && fields.size() != dim + 1)) {
      const std::size_t numbers = fields.empty() ? 0 : fields.size() - 1;
      return Error("expected a word and " + std::to_string(dim) + " numbers, found " + std::to_string(numbers) +
                   (numbers == 1 ? " number" : " numbers") + " after '" + std::string(fields.empty() ? "" : fields[0]) +
                   "' (the dimension is " + std::to_string(dim) + (h_.hasHeader ? ", from the header)" : ", from line 1)"))
          .inFile(file_.path())
          .at(r->line, 0);
    }
    // GloVe words may contain spaces: the word is everything before the last dim fields.
    const std::size_t firstNumber = fields.size() - dim;
    for (std::size_t i = 0; i < dim; ++i) {
      std::string_view f = fields[firstNumber + i];
      const std::int64_t column = static_cast<std::int64_t>(f.data() - text.data()) + 1;
      if (!parseFloatField(f, v + i))
        return Error("'" + std::string(f.substr(0, 40)) + "' is not a number").inFile(file_.path()).at(r->line, column);
      if (!std::isfinite(v[i]))
        return Error("'" + std::string(f) + "' is not a finite number").inFile(file_.path()).at(r->line, column);
    }
    const std::string_view lastWordField = fields[firstNumber - 1];
    r->begin = r->begin + static_cast<std::size_t>(fields[0].data() - text.data());
    r->wordEnd = static_cast<std::size_t>(lastWordField.data() + lastWordField.size() - text.data()) +
                 (static_cast<std::size_t>(text.data() - reinterpret_cast<const char*>(data_)));
    r->vector = static_cast<std::size_t>(fields[firstNumber].data() - reinterpret_cast<const char*>(data_));
    return okStatus();
  }

  const MappedFile& file_;
  const VectorFileHeader& h_;
  const unsigned char* data_;
  std::size_t size_;
  unsigned threads_;
  const Progress& progress_;
  std::size_t pos_ = 0;
  std::int64_t line_ = 1;
};

}  // namespace

Result<VectorIndex> VectorFileIndexer::build(const MappedFile& file, const VectorFileHeader& header,
                                             unsigned threads, const Progress& progress) {
  if (header.format == VectorFormat::ZsiClassMatrix)
    return Error("a ZSI class matrix is not indexed from the file").inFile(file.path());
  file.adviseSequential();
  Indexer indexer(file, header, std::max(1u, threads), progress);
  auto out = indexer.run();
  file.adviseRandom();
  return out;
}

Status VectorFileIndexer::decode(const unsigned char* data, std::size_t size, bool floats,
                                 std::uint64_t offset, std::uint32_t dim, float* out) {
  if (floats) {
    const std::uint64_t bytes = static_cast<std::uint64_t>(dim) * 4;
    if (offset > size || size - offset < bytes)
      return Error("vector at byte " + std::to_string(offset) + " lies beyond the end of the file (changed since indexing?)");
    std::memcpy(out, data + offset, static_cast<std::size_t>(bytes));
    return okStatus();
  }
  if (offset >= size)
    return Error("vector at byte " + std::to_string(offset) + " lies beyond the end of the file (changed since indexing?)");
  const void* nl = std::memchr(data + offset, '\n', size - offset);
  const std::size_t end = nl ? static_cast<std::size_t>(static_cast<const unsigned char*>(nl) - data) : size;
  std::string_view text(reinterpret_cast<const char*>(data + offset), end - offset);
  std::string_view bad;
  if (parseVectorFields(text, dim, out, &bad) != dim)
    return Error("vector at byte " + std::to_string(offset) + " no longer reads as " + std::to_string(dim) +
                 " numbers (file changed since indexing?)");
  return okStatus();
}

}  // namespace zsi
