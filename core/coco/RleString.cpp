// pycocotools' compressed `counts` string: every run (after the third, as the difference to the run
// two places back, which is small for smooth shapes) written in 5-bit groups, least significant
// first, with 0x20 as "more follows" and 0x10 of the last group as the sign; each group + 48 is one
// character, so the string is printable ASCII in '0'..'o'.

#include <cstdint>
#include <string>

#include "core/coco/Rle.h"

namespace zsi {

std::string rleToString(const Rle& rle) {
  std::string s;
  s.reserve(rle.counts.size() * 2);
  for (std::size_t i = 0; i < rle.counts.size(); ++i) {
    std::int64_t x = rle.counts[i];
    if (i > 2) x -= static_cast<std::int64_t>(rle.counts[i - 2]);
    bool more = true;
    while (more) {
      char c = static_cast<char>(x & 0x1f);
      x >>= 5;  // arithmetic shift: negative deltas end at -1
      more = (c & 0x10) ? x != -1 : x != 0;
      if (more) c |= 0x20;
      s.push_back(static_cast<char>(c + 48));
    }
  }
  return s;
}

Result<Rle> rleFromString(std::string_view counts, std::uint32_t h, std::uint32_t w) {
  // A run needs at most 7 characters (35 bits for a signed 33-bit difference); 12 fit in 64 bits.
  constexpr int kMaxChars = 12;
  Rle rle;
  rle.h = h;
  rle.w = w;
  rle.counts.reserve(counts.size());
  std::size_t p = 0;
  while (p < counts.size()) {
    const std::size_t start = p;
    std::int64_t x = 0;
    int k = 0;
    bool more = true;
    while (more) {
      if (p >= counts.size()) {
        return Error("RLE counts string ends inside a run (character " + std::to_string(p) +
                     " expected, the string has " + std::to_string(counts.size()) + ")");
      }
      const int ch = static_cast<unsigned char>(counts[p]);
      if (ch < 48 || ch > 48 + 63) {
        return Error("RLE counts string: character " + std::to_string(p) + " ('" +
                     (ch >= 32 && ch < 127 ? std::string(1, static_cast<char>(ch))
                                           : "\\x" + std::to_string(ch)) +
                     "') is outside '0'..'o'");
      }
      if (k == kMaxChars) {
        return Error("RLE counts string: the run starting at character " + std::to_string(start) +
                     " is longer than " + std::to_string(kMaxChars) + " characters");
      }
      const int c = ch - 48;
      x |= static_cast<std::int64_t>(c & 0x1f) << (5 * k);
      more = (c & 0x20) != 0;
      ++p;
      ++k;
      if (!more && (c & 0x10) && 5 * k < 64) {
        x |= static_cast<std::int64_t>(~std::uint64_t{0} << (5 * k));
      }
    }
    const std::size_t m = rle.counts.size();
    if (m > 2) x += static_cast<std::int64_t>(rle.counts[m - 2]);
    if (x < 0 || x > static_cast<std::int64_t>(UINT32_MAX)) {
      return Error("RLE counts string: run " + std::to_string(m) + " (character " +
                   std::to_string(start) + ") has length " + std::to_string(x) +
                   ", outside 0.." + std::to_string(UINT32_MAX));
    }
    rle.counts.push_back(static_cast<std::uint32_t>(x));
  }
  return rle;
}

}  // namespace zsi
