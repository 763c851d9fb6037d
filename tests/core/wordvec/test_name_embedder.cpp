// Names -> vectors: the official ZSI vectors reproduced from the shared GoogleNews subset, and
// each rule of the multi-word chain on a vocabulary made for it.

#include <cmath>

#include "core/wordvec/NameEmbedder.h"
#include "core/wordvec/VectorFile.h"
#include "core/wordvec/VectorFileWriter.h"
#include "tests/core/wordvec/WordvecTestUtil.h"

using namespace zsi;

namespace {

// The norm of the official ZSI class columns (spec §1); the class sets carry it as a setting.
constexpr double kZsiNorm = 0.76663;

double maxAbsDiff(const std::vector<float>& a, const std::vector<float>& b) {
  double m = 0;
  for (std::size_t i = 0; i < a.size(); ++i) m = std::max(m, std::fabs(static_cast<double>(a[i]) - b[i]));
  return a.size() == b.size() ? m : 1e9;
}

double length(const std::vector<float>& v) {
  double s = 0;
  for (float x : v) s += static_cast<double>(x) * x;
  return std::sqrt(s);
}

std::vector<float> unitOf(const std::vector<float>& v) {
  const double n = length(v);
  std::vector<float> out(v.size());
  for (std::size_t i = 0; i < v.size(); ++i) out[i] = static_cast<float>(v[i] / n);
  return out;
}

// A small vocabulary with phrases and case variants, vectors of different norms (a real file's
// vectors are not unit length).
std::string phraseVocabulary() {
  WordVectors v;
  v.dim = 4;
  v.words = {"traffic_light", "traffic", "light", "TV", "ball", "sports", "hair", "dryer", "zebra", "Giraffe", "New_York"};
  for (std::size_t i = 0; i < v.words.size(); ++i) {
    const float s = 1.0f + static_cast<float>(i);
    v.vectors.insert(v.vectors.end(), {s * 0.1f, -s * 0.2f + 1, static_cast<float>(i % 3), 0.5f * s});
  }
  const std::string path = test::tempDir() + "/phrases.bin";
  ZSI_REQUIRE_OK(VectorFileWriter::write(path, VectorFormat::Word2VecBinary, v));
  return path;
}

}  // namespace

ZSI_TEST(acceptance_official_vectors_from_googlenews_subset) {
  auto vocab = VectorFile::open(test::top1000(), test::noCache());
  ZSI_REQUIRE_OK(vocab);
  NameEmbedder embedder(*vocab, kZsiNorm);
  const auto cols48 = test::officialColumns("48_17");
  for (const char* name : {"dog", "cat", "car", "person", "book"}) {
    auto e = embedder.embed(name);
    ZSI_REQUIRE_OK(e);
    ZSI_CHECK(e->rule == EmbedRule::ExactToken);
    const auto& official = cols48[static_cast<std::size_t>(test::officialColumnOf("48_17", name))];
    const double diff = maxAbsDiff(e->vector, official);
    test::note(std::string(name) + ": max |diff| = " + test::show(diff));
    ZSI_CHECK(diff <= 1e-6);
    ZSI_CHECK_NEAR(length(e->vector), kZsiNorm, 1e-6);
    ZSI_CHECK_NEAR(e->sourceNorm, 1.0, 1e-5);  // the subset holds unit vectors
  }
  // "sports ball": no token, no phrase, no case variant in the subset -> the head word "ball".
  const auto cols65 = test::officialColumns("65_15");
  auto ball = embedder.embed("sports ball");
  ZSI_REQUIRE_OK(ball);
  ZSI_CHECK(ball->rule == EmbedRule::HeadWord);
  ZSI_CHECK(ball->tokens == std::vector<std::string>{"ball"});
  const double diff = maxAbsDiff(ball->vector, cols65[static_cast<std::size_t>(test::officialColumnOf("65_15", "sports ball"))]);
  test::note("sports ball: max |diff| = " + test::show(diff));
  ZSI_CHECK(diff <= 1e-6);
  // The same holds for "dining table" -> "table".
  auto table = embedder.embed("dining table");
  ZSI_REQUIRE_OK(table);
  ZSI_CHECK(table->rule == EmbedRule::HeadWord);
  ZSI_CHECK(maxAbsDiff(table->vector, cols65[static_cast<std::size_t>(test::officialColumnOf("65_15", "dining table"))]) <= 1e-6);
}

ZSI_TEST(rules_in_order) {
  auto vocab = VectorFile::open(phraseVocabulary(), test::noCache());
  ZSI_REQUIRE_OK(vocab);
  NameEmbedder embedder(*vocab, 2.5);
  struct Case {
    const char* name;
    EmbedRule rule;
    std::vector<std::string> tokens;
  };
  const Case cases[] = {
      {"zebra", EmbedRule::ExactToken, {"zebra"}},
      {"traffic_light", EmbedRule::ExactToken, {"traffic_light"}},
      {"traffic light", EmbedRule::PhraseToken, {"traffic_light"}},  // before the head word "light"
      {"  traffic   light ", EmbedRule::PhraseToken, {"traffic_light"}},
      {"tv", EmbedRule::CaseVariant, {"TV"}},
      {"giraffe", EmbedRule::CaseVariant, {"Giraffe"}},
      {"new york", EmbedRule::CaseVariant, {"New_York"}},
      {"ZEBRA", EmbedRule::CaseVariant, {"zebra"}},
  };
  for (const auto& c : cases) {
    auto e = embedder.embed(c.name);
    ZSI_REQUIRE_OK(e);
    test::note(std::string(c.name) + " -> " + e->describe());
    ZSI_CHECK(e->rule == c.rule);
    ZSI_CHECK(e->tokens == c.tokens);
    ZSI_CHECK_NEAR(length(e->vector), 2.5, 1e-5);
    // Single-token rules: the vector is the token's direction.
    auto raw = vocab->vector(e->tokenIndices.at(0));
    ZSI_CHECK(maxAbsDiff(unitOf(e->vector), unitOf(*raw)) < 1e-6);
    ZSI_CHECK_NEAR(e->sourceNorm, length(*raw), 1e-5);
  }
  auto head = embedder.embed("Sports Ball");
  ZSI_REQUIRE_OK(head);
  ZSI_CHECK(head->rule == EmbedRule::HeadWord);
  ZSI_CHECK(head->tokens == std::vector<std::string>{"ball"});
}

ZSI_TEST(mean_of_word_unit_vectors_when_the_head_is_unknown) {
  auto vocab = VectorFile::open(phraseVocabulary(), test::noCache());
  ZSI_REQUIRE_OK(vocab);
  NameEmbedder embedder(*vocab, 0.76663);
  auto e = embedder.embed("hair dryer thingamajig");
  ZSI_REQUIRE_OK(e);
  ZSI_CHECK(e->rule == EmbedRule::WordMean);
  ZSI_CHECK(e->tokens == (std::vector<std::string>{"hair", "dryer"}));
  ZSI_CHECK(e->missingWords == std::vector<std::string>{"thingamajig"});
  ZSI_CHECK(test::contains(e->describe(), "not in the vocabulary: 'thingamajig'"));
  const auto hair = unitOf(*vocab->vector(*vocab->find("hair")));
  const auto dryer = unitOf(*vocab->vector(*vocab->find("dryer")));
  std::vector<float> mean(4);
  for (int i = 0; i < 4; ++i) mean[static_cast<std::size_t>(i)] = hair[static_cast<std::size_t>(i)] + dryer[static_cast<std::size_t>(i)];
  ZSI_CHECK(maxAbsDiff(unitOf(e->vector), unitOf(mean)) < 1e-6);
  ZSI_CHECK_NEAR(length(e->vector), 0.76663, 1e-6);
}

ZSI_TEST(unknown_names_suggest_close_spellings) {
  auto vocab = VectorFile::open(phraseVocabulary(), test::noCache());
  ZSI_REQUIRE_OK(vocab);
  NameEmbedder embedder(*vocab, 1.0);
  auto e = embedder.embed("zebar");
  ZSI_REQUIRE(!e.ok());
  const std::string msg = e.error().toString();
  test::note(msg);
  ZSI_CHECK(test::contains(msg, "'zebar' is not in the vocabulary"));
  ZSI_CHECK(test::contains(msg, "closest spellings: zebra"));
  ZSI_CHECK(test::contains(msg, "phrases.bin"));
  auto two = embedder.embed("sprots bal");
  ZSI_REQUIRE(!two.ok());
  ZSI_CHECK(test::contains(two.error().message, "sprots: sports"));
  ZSI_CHECK(test::contains(two.error().message, "bal: ball"));
  auto none = embedder.embed("qqqqqqqqqqqq");
  ZSI_REQUIRE(!none.ok());
  ZSI_CHECK(test::contains(none.error().message, "no word of the vocabulary is spelled closely"));
  ZSI_CHECK(!embedder.embed("   ").ok());
  ZSI_CHECK(!NameEmbedder(*vocab, 0.0).embed("zebra").ok());

  auto news = VectorFile::open(test::top1000(), test::noCache());
  ZSI_REQUIRE_OK(news);
  auto house = NameEmbedder(*news, 1.0).embed("hosue");
  ZSI_REQUIRE(!house.ok());
  ZSI_CHECK(test::contains(house.error().message, "closest spellings: house"));
}

ZSI_TEST(mean_of_words_policy_keeps_every_word_of_a_composition) {
  // "sports ball": head word first gives 'ball'; mean of words combines 'sports' and 'ball'.
  auto vocab = VectorFile::open(phraseVocabulary(), test::noCache());
  ZSI_REQUIRE_OK(vocab);
  NameEmbedder headFirst(*vocab, 1.0);
  NameEmbedder mean(*vocab, 1.0, MultiWordRule::MeanOfWords);
  auto h = headFirst.embed("sports ball");
  auto m = mean.embed("sports ball");
  ZSI_REQUIRE_OK(h);
  ZSI_REQUIRE_OK(m);
  ZSI_CHECK(h->rule == EmbedRule::HeadWord);
  ZSI_CHECK(m->rule == EmbedRule::WordMean);
  ZSI_CHECK_EQ(m->tokens.size(), std::size_t(2));
  // The mean is the normalised sum of the two unit vectors.
  std::vector<float> a(4), b(4);
  ZSI_REQUIRE_OK(vocab->vector(*vocab->find("sports"), a.data()));
  ZSI_REQUIRE_OK(vocab->vector(*vocab->find("ball"), b.data()));
  auto ua = unitOf(a), ub = unitOf(b);
  std::vector<float> sum(4);
  for (int i = 0; i < 4; ++i) sum[i] = ua[i] + ub[i];
  ZSI_CHECK(maxAbsDiff(m->vector, unitOf(sum)) < 1e-6);
  // A phrase token still wins over the mean: the policy only replaces the head-word rule.
  auto phrase = mean.embed("traffic light");
  ZSI_REQUIRE_OK(phrase);
  ZSI_CHECK(phrase->rule == EmbedRule::PhraseToken);
  ZSI_CHECK(parseMultiWordRule("mean").ok());
  ZSI_CHECK(!parseMultiWordRule("bogus").ok());
}
