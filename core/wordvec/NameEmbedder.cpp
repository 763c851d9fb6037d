#include "core/wordvec/NameEmbedder.h"

#include <cmath>
#include <optional>

#include "core/wordvec/VectorFile.h"

namespace zsi {
namespace {

std::vector<std::string> splitWords(std::string_view name) {
  std::vector<std::string> words;
  std::string cur;
  for (char c : name) {
    if (c == ' ' || c == '\t' || c == '_' || c == '\n' || c == '\r') {
      if (!cur.empty()) words.push_back(std::move(cur));
      cur.clear();
    } else {
      cur += c;
    }
  }
  if (!cur.empty()) words.push_back(std::move(cur));
  return words;
}

std::string join(const std::vector<std::string>& words, char sep) {
  std::string out;
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (i > 0) out += sep;
    out += words[i];
  }
  return out;
}

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; }
char upper(char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 32) : c; }

// lower, Capitalised (first letter only), Title_Case (every word), UPPER; joined by '_' and,
// for several words, by ' '.
std::vector<std::string> caseVariants(const std::vector<std::string>& words) {
  std::vector<std::string> low = words, title = words, up = words;
  for (auto& w : low)
    for (char& c : w) c = lower(c);
  for (auto& w : up)
    for (char& c : w) c = upper(c);
  for (std::size_t i = 0; i < title.size(); ++i) {
    title[i] = low[i];
    if (!title[i].empty()) title[i][0] = upper(title[i][0]);
  }
  std::vector<std::string> cap = low;
  if (!cap.empty() && !cap[0].empty()) cap[0][0] = upper(cap[0][0]);
  std::vector<std::string> out;
  for (const auto* form : {&low, &cap, &title, &up}) {
    out.push_back(join(*form, '_'));
    // Vocabularies of class names (a ZSI matrix's list) keep the spaces.
    if (form->size() > 1) out.push_back(join(*form, ' '));
  }
  return out;
}

struct Found {
  std::size_t index;
  std::string token;
};

std::optional<Found> findWithCase(const VectorFile& v, const std::string& word) {
  if (auto i = v.find(word)) return Found{*i, word};
  for (const auto& variant : caseVariants({word}))
    if (auto i = v.find(variant)) return Found{*i, variant};
  return std::nullopt;
}

std::string quoted(const std::vector<std::string>& items) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) out += (i ? ", '" : "'") + items[i] + "'";
  return out;
}

}  // namespace

const char* embedRuleName(EmbedRule rule) {
  switch (rule) {
    case EmbedRule::ExactToken: return "exact token";
    case EmbedRule::PhraseToken: return "phrase token";
    case EmbedRule::CaseVariant: return "case variant";
    case EmbedRule::HeadWord: return "head word";
    case EmbedRule::WordMean: return "mean of words";
  }
  return "?";
}

std::string NameEmbedding::describe() const {
  std::string out = std::string(embedRuleName(rule)) + " " + quoted(tokens);
  if (!missingWords.empty()) out += " (not in the vocabulary: " + quoted(missingWords) + ")";
  return out;
}

const char* multiWordRuleName(MultiWordRule rule) {
  return rule == MultiWordRule::MeanOfWords ? "mean of words" : "head word first";
}

Result<MultiWordRule> parseMultiWordRule(std::string_view name) {
  if (name == "head word first" || name == "head-word" || name == "head_word" || name == "head")
    return MultiWordRule::HeadWordFirst;
  if (name == "mean of words" || name == "mean" || name == "mean-of-words")
    return MultiWordRule::MeanOfWords;
  return Error("unknown multi-word rule '" + std::string(name) +
               "' (expected 'head word first' or 'mean of words')");
}

NameEmbedder::NameEmbedder(const VectorFile& vectors, double norm, MultiWordRule multiWord)
    : vectors_(vectors), norm_(norm), multiWord_(multiWord) {}

Result<NameEmbedding> NameEmbedder::embed(std::string_view typed) const {
  const auto words = splitWords(typed);
  if (words.empty()) return Error("the class name is empty").forField("class name");
  if (!(norm_ > 0) || !std::isfinite(norm_)) return Error("the vector norm must be a positive number").forField("norm");
  NameEmbedding e;
  e.name = join(words, ' ');
  const std::size_t dim = vectors_.dim();
  std::vector<double> sum(dim, 0.0);
  std::vector<float> v(dim);

  // Adds the unit vector of word `index` to `sum`; returns its norm.
  auto addUnit = [&](std::size_t index) -> Result<double> {
    ZSI_TRY(vectors_.vector(index, v.data()));
    double n2 = 0;
    for (float x : v) n2 += static_cast<double>(x) * x;
    const double n = std::sqrt(n2);
    if (n > 0)
      for (std::size_t i = 0; i < dim; ++i) sum[i] += v[i] / n;
    return n;
  };
  auto finish = [&](EmbedRule rule, std::vector<Found> used) -> Result<NameEmbedding> {
    e.rule = rule;
    for (auto& f : used) {
      auto n = addUnit(f.index);
      if (!n) return n.error();
      if (used.size() == 1) e.sourceNorm = *n;
      e.tokens.push_back(std::move(f.token));
      e.tokenIndices.push_back(f.index);
    }
    double n2 = 0;
    for (double x : sum) n2 += x * x;
    const double n = std::sqrt(n2);
    if (!(n > 0))
      return Error("the vector of '" + e.name + "' is zero; it has no direction to scale").inFile(vectors_.path());
    if (used.size() > 1) e.sourceNorm = n / static_cast<double>(used.size());
    e.vector.resize(dim);
    for (std::size_t i = 0; i < dim; ++i) e.vector[i] = static_cast<float>(sum[i] / n * norm_);
    return e;
  };

  const std::string asTyped(typed.substr(typed.find_first_not_of(" \t")));
  const std::string trimmed = asTyped.substr(0, asTyped.find_last_not_of(" \t\r\n") + 1);
  if (auto i = vectors_.find(trimmed)) return finish(EmbedRule::ExactToken, {{*i, trimmed}});
  const std::string phrase = join(words, '_');
  if (words.size() > 1 || phrase != trimmed)
    if (auto i = vectors_.find(phrase)) return finish(EmbedRule::PhraseToken, {{*i, phrase}});
  for (const auto& variant : caseVariants(words))
    if (auto i = vectors_.find(variant)) return finish(EmbedRule::CaseVariant, {{*i, variant}});
  if (words.size() > 1) {
    if (multiWord_ == MultiWordRule::HeadWordFirst)
      if (auto f = findWithCase(vectors_, words.back())) return finish(EmbedRule::HeadWord, {*f});
    std::vector<Found> found;
    for (const auto& w : words) {
      if (auto f = findWithCase(vectors_, w)) {
        found.push_back(*f);
      } else {
        e.missingWords.push_back(w);
      }
    }
    if (!found.empty()) return finish(EmbedRule::WordMean, std::move(found));
  }

  // Unknown: say so, with the closest spellings of each word.
  std::string msg = "'" + e.name + "' is not in the vocabulary (" + std::to_string(vectors_.size()) + " words)";
  std::string hints;
  for (const auto& w : words) {
    const auto close = vectors_.closestSpellings(w, 5);
    if (close.empty()) continue;
    hints += hints.empty() ? "" : "; ";
    if (words.size() > 1) hints += w + ": ";
    hints += [&] {
      std::string s;
      for (std::size_t i = 0; i < close.size(); ++i) s += (i ? ", " : "") + close[i];
      return s;
    }();
  }
  msg += hints.empty() ? "; no word of the vocabulary is spelled closely" : "; closest spellings: " + hints;
  return Error(msg).inFile(vectors_.path()).forField("class name");
}

}  // namespace zsi
