#pragma once
// Turns a class name a person typed ("zebra", "traffic light", "hair drier") into a word vector in
// the space of a vocabulary, scaled to the norm the model expects. The rules, tried in order:
//
//   1. exact token     the name as typed                       "zebra"
//   2. phrase token    words joined by '_' (GoogleNews phrases) "traffic_light"
//   3. case variant    lower, Capitalised, Title_Case, UPPER    "TV", "Traffic_Light", "hair drier"
//   4. head word       the last word (and its case variants)    "sports ball" -> "ball"
//   5. mean of words   the mean of the words' unit vectors      (words not found are reported)
//
// With MultiWordRule::MeanOfWords rule 4 is skipped: compositions such as "red circle" (the demo's
// attribute classes) keep every word instead of collapsing to "circle". HeadWordFirst is what the
// official ZSI COCO vectors used ("sports ball" = "ball").
//
// The result says which rule produced it. A name none of whose words is known is an error that
// lists the closest spellings in the vocabulary. Thread-safe (const).

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/util/Result.h"
#include "core/wordvec/MultiWordRule.h"

namespace zsi {

class VectorFile;

enum class EmbedRule { ExactToken, PhraseToken, CaseVariant, HeadWord, WordMean };


// "exact token", "phrase token", "case variant", "head word", "mean of words"
const char* embedRuleName(EmbedRule rule);

struct NameEmbedding {
  std::string name;                        // the name, blanks normalised
  EmbedRule rule = EmbedRule::ExactToken;
  std::vector<std::string> tokens;         // the vocabulary tokens used
  std::vector<std::size_t> tokenIndices;   // their word indices
  std::vector<std::string> missingWords;   // mean of words: words not in the vocabulary
  std::vector<float> vector;               // scaled to the embedder's norm
  double sourceNorm = 0;                   // norm before scaling (of the token, or of the mean)

  // "head word 'ball'", "mean of words 'stop', 'sign'", with missing words when any.
  std::string describe() const;
};

class NameEmbedder {
 public:
  // `norm`: the length every class vector must have for the model (a model setting; 0.76663 for
  // the official ZSI COCO vectors). Must be > 0. `vectors` must outlive the embedder.
  NameEmbedder(const VectorFile& vectors, double norm,
               MultiWordRule multiWord = MultiWordRule::HeadWordFirst);

  Result<NameEmbedding> embed(std::string_view name) const;
  double norm() const { return norm_; }
  MultiWordRule multiWordRule() const { return multiWord_; }

 private:
  const VectorFile& vectors_;
  double norm_;
  MultiWordRule multiWord_;
};

}  // namespace zsi
