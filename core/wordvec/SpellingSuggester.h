#pragma once
// "Did you mean": the vocabulary words closest in spelling to an unknown word, by
// optimal-string-alignment distance (Levenshtein plus adjacent transpositions), ignoring ASCII
// case. Only words whose length is within the distance bound are visited (the index groups words
// by length); a word whose letters differ from the query's in more ways than the bound allows is
// skipped on its letter signature alone; the rest are compared by a banded dynamic programme that
// stops as soon as the bound is exceeded. Thread-safe.

#include <cstddef>
#include <string_view>
#include <vector>

namespace zsi {

class VectorIndex;

struct SpellingSuggestion {
  std::size_t index = 0;  // word index in the vocabulary
  int distance = 0;
};

class SpellingSuggester {
 public:
  // Up to `max` words, closest first, more frequent (earlier in the file) first at equal
  // distance. maxDistance < 0 picks a bound from the word's length (1, 2 or 3).
  static std::vector<SpellingSuggestion> closest(const VectorIndex& index, std::string_view word,
                                                 std::size_t max, int maxDistance = -1);

  // The bounded distance itself: returns bound + 1 when the distance exceeds `bound`.
  static int boundedDistance(std::string_view a, std::string_view b, int bound);
};

}  // namespace zsi
