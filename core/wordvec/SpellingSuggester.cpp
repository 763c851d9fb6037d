#include "core/wordvec/SpellingSuggester.h"

#include <algorithm>
#include <cstdlib>
#include <string>

#include "core/wordvec/VectorIndex.h"

namespace zsi {
namespace {

inline unsigned char fold(char c) {
  const auto u = static_cast<unsigned char>(c);
  return u >= 'A' && u <= 'Z' ? static_cast<unsigned char>(u + 32) : u;
}

// Banded optimal-string-alignment distance; `a` is already folded. Rows of the DP table are
// kept in three buffers (the transposition step looks two rows back).
int bandedOsa(std::string_view a, std::string_view b, int k, std::vector<int>* buffers) {
  const int n = static_cast<int>(a.size());
  const int m = static_cast<int>(b.size());
  const int inf = k + 1;
  if (std::abs(n - m) > k) return inf;
  buffers->assign(3 * static_cast<std::size_t>(m + 2), inf);
  int* prev2 = buffers->data();
  int* prev = prev2 + m + 2;
  int* cur = prev + m + 2;
  for (int j = 0; j <= std::min(m, k); ++j) prev[j] = j;
  for (int i = 1; i <= n; ++i) {
    const int lo = std::max(1, i - k);
    const int hi = std::min(m, i + k);
    cur[0] = i <= k ? i : inf;
    if (lo > 1) cur[lo - 1] = inf;
    int rowMin = cur[0];
    const unsigned char ai = static_cast<unsigned char>(a[i - 1]);
    for (int j = lo; j <= hi; ++j) {
      const unsigned char bj = fold(b[j - 1]);
      int v = prev[j - 1] + (ai == bj ? 0 : 1);
      v = std::min(v, prev[j] + 1);
      v = std::min(v, cur[j - 1] + 1);
      if (i > 1 && j > 1 && ai == fold(b[j - 2]) && static_cast<unsigned char>(a[i - 2]) == bj)
        v = std::min(v, prev2[j - 2] + 1);
      cur[j] = std::min(v, inf);
      rowMin = std::min(rowMin, cur[j]);
    }
    if (hi < m) cur[hi + 1] = inf;
    if (rowMin > k) return inf;
    int* t = prev2;
    prev2 = prev;
    prev = cur;
    cur = t;
  }
  return std::min(prev[m], inf);
}

std::string folded(std::string_view s) {
  std::string out(s.size(), '\0');
  for (std::size_t i = 0; i < s.size(); ++i) out[i] = static_cast<char>(fold(s[i]));
  return out;
}

}  // namespace

int SpellingSuggester::boundedDistance(std::string_view a, std::string_view b, int bound) {
  std::vector<int> buffers;
  return bandedOsa(folded(a), b, bound, &buffers);
}

std::vector<SpellingSuggestion> SpellingSuggester::closest(const VectorIndex& index,
                                                           std::string_view word, std::size_t max,
                                                           int maxDistance) {
  std::vector<SpellingSuggestion> best;
  if (max == 0 || word.empty()) return best;
  const std::string q = folded(word);
  const int n = static_cast<int>(q.size());
  const std::uint32_t qSig = VectorIndex::letterSignature(q);
  int bound = maxDistance >= 0 ? maxDistance : (n <= 3 ? 1 : n <= 6 ? 2 : 3);
  std::vector<int> buffers;
  auto worse = [](const SpellingSuggestion& a, const SpellingSuggestion& b) {
    return a.distance < b.distance || (a.distance == b.distance && a.index < b.index);
  };
  // Lengths in order of their distance from the query's: the bound shrinks as results come in.
  for (int delta = 0; delta <= bound; ++delta) {
    for (int sign : {-1, 1}) {
      if (delta == 0 && sign == 1) continue;
      const int len = n + sign * delta;
      if (len <= 0) continue;
      std::size_t count = 0;
      const std::uint32_t* signatures = nullptr;
      const std::uint32_t* bucket = index.lengthBucket(static_cast<std::size_t>(len), &count, &signatures);
      for (std::size_t c = 0; c < count; ++c) {
        // Most words differ in more letters than `bound` edits can change: skip them unread.
        if (__builtin_popcount(signatures[c] ^ qSig) > 2 * bound) continue;
        const std::size_t idx = bucket[c];
        if (idx >= index.size()) continue;
        const int d = bandedOsa(q, index.name(idx), bound, &buffers);
        if (d > bound) continue;
        const SpellingSuggestion s{idx, d};
        if (best.size() < max) {
          best.insert(std::upper_bound(best.begin(), best.end(), s, worse), s);
        } else if (worse(s, best.back())) {
          best.pop_back();
          best.insert(std::upper_bound(best.begin(), best.end(), s, worse), s);
        }
        if (best.size() >= max) bound = best.back().distance;
      }
    }
  }
  return best;
}

}  // namespace zsi
