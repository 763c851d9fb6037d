// The first pass: a sweep over the bytes that only looks at quotes, backslashes and brackets
// inside the big values. With SSE2 it takes 64 bytes at a time: masks of the interesting bytes,
// the in-string mask by a prefix XOR of the quote mask, then only the (rare) brackets are visited
// one by one. Blocks with a backslash (escapes) go through the plain byte loop.

#include "core/coco/JsonScan.h"

#include <algorithm>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace zsi {

namespace {

constexpr std::size_t kBlock = 64;
constexpr std::size_t kBufferBytes = 1 << 20;
constexpr std::size_t kMaxDepth = 1024;

#if defined(__SSE2__)
// Masks of one 64-byte block: quotes, backslashes, opening and closing brackets. '{' and '['
// differ only in bit 0x20, as do '}' and ']', so one compare after OR 0x20 finds both.
struct BlockMasks {
  std::uint64_t quote = 0, backslash = 0, open = 0, close = 0;
};

inline BlockMasks blockMasks(const char* p) {
  const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\');
  const __m128i open = _mm_set1_epi8('{'), close = _mm_set1_epi8('}'), bit = _mm_set1_epi8(0x20);
  BlockMasks m;
  for (int i = 0; i < 4; ++i) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * i));
    const __m128i folded = _mm_or_si128(v, bit);
    auto bits = [&](__m128i eq) {
      return static_cast<std::uint64_t>(static_cast<std::uint32_t>(_mm_movemask_epi8(eq))) << (16 * i);
    };
    m.quote |= bits(_mm_cmpeq_epi8(v, quote));
    m.backslash |= bits(_mm_cmpeq_epi8(v, backslash));
    m.open |= bits(_mm_cmpeq_epi8(folded, open));
    m.close |= bits(_mm_cmpeq_epi8(folded, close));
  }
  return m;
}

// Bit i = XOR of bits 0..i: 1 from an opening quote up to (not including) its closing quote.
inline std::uint64_t prefixXor(std::uint64_t x) {
  x ^= x << 1;
  x ^= x << 2;
  x ^= x << 4;
  x ^= x << 8;
  x ^= x << 16;
  x ^= x << 32;
  return x;
}
#endif

class Scanner {
 public:
  Scanner(const JsonSource& src, std::size_t chunkBytes, const Progress& progress,
          const JsonChunkCallback& onChunk)
      : src_(src), chunkBytes_(chunkBytes), progress_(progress), onChunk_(onChunk),
        buf_(kBufferBytes + kBlock) {}

  Result<JsonLayout> run(const std::function<bool(std::string_view)>& chunkMember) {
    JsonLayout layout;
    ZSI_TRY(fill());
    skipBom();
    ZSI_TRY(skipWs());
    const int c = peek();
    if (c == '[') {
      layout.rootIsArray = true;
      layout.arrays.emplace_back();
      ZSI_TRY(skipContainer(&layout.arrays.back(), ""));
    } else if (c == '{') {
      ZSI_TRY(members(layout, chunkMember));
    } else if (c < 0) {
      return src_.errorAt(pos_, "the file is empty; expected a JSON object or list");
    } else {
      return src_.errorAt(pos_, "expected a JSON object or list");
    }
    ZSI_TRY(skipWs());
    if (peek() >= 0) return src_.errorAt(pos_, "unexpected text after the end of the JSON value");
    return layout;
  }

 private:
  // ---- buffered reading: buf_ holds [bufStart_, bufStart_ + bufLen_), pos_ is absolute.
  Status fill() {
    const std::size_t offset = static_cast<std::size_t>(pos_ - bufStart_);
    const std::size_t keep = bufLen_ > offset ? bufLen_ - offset : 0;
    std::memmove(buf_.data(), buf_.data() + offset, keep);
    bufStart_ = pos_;
    bufLen_ = keep;
    const std::uint64_t next = bufStart_ + bufLen_;
    const std::size_t n =
        static_cast<std::size_t>(std::min<std::uint64_t>(kBufferBytes - keep, src_.size() - next));
    if (n > 0) ZSI_TRY(src_.read(next, n, buf_.data() + keep));
    bufLen_ += n;
    if (progress_.cancelled()) return Error(kCancelledMessage);
    if (src_.size() > 0) {
      progress_.report(static_cast<double>(bufStart_ + bufLen_) / static_cast<double>(src_.size()),
                       "scanning");
    }
    return okStatus();
  }
  // At least n bytes from pos_ in the buffer, unless the file ends first.
  Status ensure(std::size_t n) {
    if (pos_ + n <= bufStart_ + bufLen_ || bufStart_ + bufLen_ >= src_.size()) return okStatus();
    return fill();
  }
  std::size_t available() const { return static_cast<std::size_t>(bufStart_ + bufLen_ - pos_); }
  const char* at() const { return buf_.data() + (pos_ - bufStart_); }
  int peek() {
    if (pos_ >= bufStart_ + bufLen_) {
      if (pos_ >= src_.size() || !fill().ok() || bufLen_ == 0) return -1;
    }
    return static_cast<unsigned char>(*at());
  }

  void skipBom() {
    if (available() >= 3 && std::memcmp(at(), "\xEF\xBB\xBF", 3) == 0) pos_ += 3;
  }
  Status skipWs() {
    for (;;) {
      const int c = peek();
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        ++pos_;
      } else {
        return okStatus();
      }
    }
  }

  // A string starting at the quote at pos_; leaves pos_ after the closing quote.
  Status readString(std::string* raw) {
    const std::uint64_t start = pos_;
    ++pos_;
    bool escape = false;
    for (;;) {
      const int c = peek();
      if (c < 0) {
        const Error opened = src_.errorAt(start, "");
        return src_.errorAt(src_.size(), "unexpected end of file inside the string opened at line " +
                                             std::to_string(opened.line) + ", column " +
                                             std::to_string(opened.column));
      }
      if (raw) raw->push_back(static_cast<char>(c));
      ++pos_;
      if (escape) {
        escape = false;
      } else if (c == '\\') {
        escape = true;
      } else if (c == '"') {
        return okStatus();
      } else if (c < 0x20) {
        return src_.errorAt(pos_ - 1, "control character inside a string (must be escaped)");
      }
    }
  }

  Status members(JsonLayout& layout, const std::function<bool(std::string_view)>& chunkMember) {
    const std::uint64_t open = pos_;
    ++pos_;
    ZSI_TRY(skipWs());
    if (peek() == '}') {
      ++pos_;
      return okStatus();
    }
    for (;;) {
      ZSI_TRY(skipWs());
      JsonMemberSpan m;
      m.keyOffset = pos_;
      if (peek() != '"') {
        if (peek() < 0) return eofError(open, "the top-level object");
        return src_.errorAt(pos_, "expected a member name in double quotes");
      }
      m.rawKey.push_back('"');
      ZSI_TRY(readString(&m.rawKey));
      m.key = jsonUnescape(std::string_view(m.rawKey).substr(1, m.rawKey.size() - 2));
      ZSI_TRY(skipWs());
      if (peek() != ':') {
        if (peek() < 0) return eofError(open, "the top-level object");
        return src_.errorAt(pos_, "expected ':' after the member name \"" + m.key + "\"");
      }
      ++pos_;
      ZSI_TRY(skipWs());
      m.valueBegin = pos_;
      const int c = peek();
      if (c < 0) return eofError(open, "the top-level object");
      m.kind = static_cast<char>(c);
      if (c == '[' && chunkMember(m.key)) {
        m.array = static_cast<int>(layout.arrays.size());
        layout.arrays.emplace_back();
        ZSI_TRY(skipContainer(&layout.arrays.back(), m.key));
      } else if (c == '[' || c == '{') {
        ZSI_TRY(skipContainer(nullptr, {}));
      } else if (c == '"') {
        ZSI_TRY(readString(nullptr));
      } else {
        for (int d = peek(); d >= 0 && !std::strchr(",}] \t\r\n", d); d = peek()) ++pos_;
        if (pos_ == m.valueBegin) return src_.errorAt(pos_, "expected a value for \"" + m.key + "\"");
      }
      m.valueEnd = pos_;
      layout.members.push_back(std::move(m));
      ZSI_TRY(skipWs());
      const int sep = peek();
      if (sep == ',') {
        ++pos_;
        continue;
      }
      if (sep == '}') {
        ++pos_;
        return okStatus();
      }
      if (sep < 0) return eofError(open, "the top-level object");
      return src_.errorAt(pos_, "expected ',' or '}' after the value of \"" +
                                    layout.members.back().key + "\"");
    }
  }

  Error eofError(std::uint64_t openedAt, const std::string& what) {
    Error opened = src_.errorAt(openedAt, "");
    return src_.errorAt(src_.size(), "unexpected end of file: " + what + " opened at line " +
                                         std::to_string(opened.line) + ", column " +
                                         std::to_string(opened.column) + " is not closed");
  }

  // ---- the fast part: skip a whole object or list, recording the elements of a chunked list.
  struct Recorder {
    JsonArraySpan* span;
    JsonChunk chunk;
    std::uint64_t lastEnd = 0;
    std::string_view key;
  };

  Status emit(Recorder* rec) {
    rec->span->chunks.push_back(rec->chunk);
    if (onChunk_ && !onChunk_(rec->key, rec->chunk)) return Error("stopped");
    return okStatus();
  }

  Status onOpen(char c, std::uint64_t offset, Recorder* rec) {
    if (rec && stack_.size() == 1) {
      JsonChunk& ch = rec->chunk;
      if (ch.elements > 0 && offset - ch.begin >= chunkBytes_) {
        ch.end = rec->lastEnd;
        ZSI_TRY(emit(rec));
        ch.begin = rec->lastEnd;
        ch.firstElement += ch.elements;
        ch.elements = 0;
      }
      ++ch.elements;
      ++rec->span->elements;
    }
    if (stack_.size() >= kMaxDepth) {
      return src_.errorAt(offset, "nesting deeper than " + std::to_string(kMaxDepth) + " levels");
    }
    stack_.push_back(c);
    return okStatus();
  }

  Status onClose(char c, std::uint64_t offset, Recorder* rec) {
    const char open = stack_.back();
    if ((c == '}') != (open == '{')) {
      return src_.errorAt(offset, std::string("'") + c + "' closes a " +
                                      (open == '{' ? "'{' (expected '}')" : "'[' (expected ']')"));
    }
    stack_.pop_back();
    if (rec && stack_.size() == 1) rec->lastEnd = offset + 1;
    if (rec && stack_.empty()) {
      rec->chunk.end = offset;
      rec->span->end = offset + 1;
      ZSI_TRY(emit(rec));
    }
    return okStatus();
  }

  Status skipContainer(JsonArraySpan* span, std::string_view key) {
    Recorder recorder{span, {}, 0, key};
    Recorder* rec = span ? &recorder : nullptr;
    const std::uint64_t open = pos_;
    if (span) {
      span->begin = pos_;
      recorder.chunk.begin = pos_ + 1;
    }
    stack_.clear();
    stack_.push_back(static_cast<char>(peek()));
    ++pos_;
    bool inString = false, escape = false;
    while (!stack_.empty()) {
      ZSI_TRY(ensure(kBlock));
      const std::size_t n = std::min(available(), kBlock);
      if (n == 0) return eofError(open, stack_[0] == '{' ? "an object" : "a list");
      const char* p = at();
#if defined(__SSE2__)
      if (n == kBlock && !escape) {
        const BlockMasks m = blockMasks(p);
        if (m.backslash == 0) {
          const std::uint64_t quotes = m.quote;
          const std::uint64_t str = prefixXor(quotes) ^ (inString ? ~std::uint64_t{0} : 0);
          std::uint64_t structural = (m.open | m.close) & ~str;
          while (structural) {
            const int bit = __builtin_ctzll(structural);
            structural &= structural - 1;
            const char c = p[bit];
            const std::uint64_t offset = pos_ + static_cast<std::uint64_t>(bit);
            if (c == '{' || c == '[') {
              ZSI_TRY(onOpen(c, offset, rec));
            } else {
              ZSI_TRY(onClose(c, offset, rec));
              if (stack_.empty()) {
                pos_ = offset + 1;
                return okStatus();
              }
            }
          }
          if (__builtin_popcountll(quotes) & 1) inString = !inString;
          pos_ += kBlock;
          continue;
        }
      }
#endif
      for (std::size_t i = 0; i < n; ++i) {
        const char c = p[i];
        if (inString) {
          if (escape) {
            escape = false;
          } else if (c == '\\') {
            escape = true;
          } else if (c == '"') {
            inString = false;
          }
        } else if (c == '"') {
          inString = true;
        } else if (c == '{' || c == '[') {
          ZSI_TRY(onOpen(c, pos_ + i, rec));
        } else if (c == '}' || c == ']') {
          ZSI_TRY(onClose(c, pos_ + i, rec));
          if (stack_.empty()) {
            pos_ += i + 1;
            return okStatus();
          }
        }
      }
      pos_ += n;
    }
    return okStatus();
  }

  const JsonSource& src_;
  std::size_t chunkBytes_;
  const Progress& progress_;
  const JsonChunkCallback& onChunk_;
  std::vector<char> buf_;
  std::uint64_t bufStart_ = 0;
  std::size_t bufLen_ = 0;
  std::uint64_t pos_ = 0;
  std::vector<char> stack_;
};

void appendUtf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

int hexValue(std::string_view s, std::size_t i) {
  if (i + 4 > s.size()) return -1;
  int v = 0;
  for (std::size_t k = i; k < i + 4; ++k) {
    const char c = s[k];
    v <<= 4;
    if (c >= '0' && c <= '9') v |= c - '0';
    else if (c >= 'a' && c <= 'f') v |= c - 'a' + 10;
    else if (c >= 'A' && c <= 'F') v |= c - 'A' + 10;
    else return -1;
  }
  return v;
}

}  // namespace

std::string jsonUnescape(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  for (std::size_t i = 0; i < raw.size(); ++i) {
    const char c = raw[i];
    if (c != '\\' || i + 1 >= raw.size()) {
      out.push_back(c);
      continue;
    }
    const char e = raw[++i];
    switch (e) {
      case 'b': out.push_back('\b'); break;
      case 'f': out.push_back('\f'); break;
      case 'n': out.push_back('\n'); break;
      case 'r': out.push_back('\r'); break;
      case 't': out.push_back('\t'); break;
      case 'u': {
        int cp = hexValue(raw, i + 1);
        if (cp < 0) {
          out.push_back('u');
          break;
        }
        i += 4;
        if (cp >= 0xD800 && cp < 0xDC00 && i + 6 < raw.size() && raw[i + 1] == '\\' &&
            raw[i + 2] == 'u') {
          const int lo = hexValue(raw, i + 3);
          if (lo >= 0xDC00 && lo < 0xE000) {
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            i += 6;
          }
        }
        appendUtf8(out, static_cast<std::uint32_t>(cp));
        break;
      }
      default: out.push_back(e);  // \" \\ \/
    }
  }
  return out;
}

Result<JsonLayout> scanJsonLayout(const JsonSource& source,
                                  const std::function<bool(std::string_view)>& chunkMember,
                                  std::size_t chunkBytes, const Progress& progress,
                                  const JsonChunkCallback& onChunk) {
  Scanner scanner(source, chunkBytes == 0 ? 1 : chunkBytes, progress, onChunk);
  return scanner.run(chunkMember);
}

}  // namespace zsi
