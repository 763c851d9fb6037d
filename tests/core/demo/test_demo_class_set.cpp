// The demo class set: each class is the mean of its two words' unit vectors (the mean-of-words
// rule of NameEmbedder), scaled to the set's norm; the committed set is the generated one.

#include <cmath>
#include <vector>

#include "core/demo/DemoCatalog.h"
#include "core/demo/DemoClassSet.h"
#include "core/demo/DemoVocabulary.h"
#include "core/wordvec/NameEmbedder.h"
#include "core/wordvec/VectorFile.h"
#include "core/wordvec/VectorFileWriter.h"
#include "tests/core/demo/DemoTestUtil.h"

using namespace zsi;

namespace {

VectorFile openCommittedVocabulary() {
  VectorFileOptions o;
  o.useCache = false;
  auto f = VectorFile::open(test::committedDemoFile("demo_vocab.txt"), o);
  ZSI_REQUIRE_OK(f);
  return std::move(f).value();
}

std::vector<double> unit(const std::vector<float>& v) {
  double n = 0;
  for (float x : v) n += static_cast<double>(x) * x;
  n = std::sqrt(n);
  std::vector<double> u(v.size());
  for (std::size_t i = 0; i < v.size(); ++i) u[i] = v[i] / n;
  return u;
}

double cosine(const std::vector<float>& a, const std::vector<float>& b) {
  const auto ua = unit(a), ub = unit(b);
  double s = 0;
  for (std::size_t i = 0; i < ua.size(); ++i) s += ua[i] * ub[i];
  return s;
}

}  // namespace

ZSI_TEST(demo_class_set_vectors_are_the_mean_of_their_words) {
  const VectorFile vocab = openCommittedVocabulary();
  auto set = makeDemoClassSet(vocab);
  ZSI_REQUIRE_OK(set);
  const auto& classes = DemoCatalog::classes();
  ZSI_REQUIRE_EQ(set->size(), classes.size());
  ZSI_CHECK_EQ(set->seenCount(), DemoCatalog::seenCount());
  ZSI_CHECK_EQ(set->dim(), vocab.dim());
  ZSI_CHECK_NEAR(set->norm, kDemoClassNorm, 0);
  for (std::size_t i = 0; i < classes.size(); ++i) {
    const auto& entry = set->classes[i];
    ZSI_CHECK_EQ(entry.name, classes[i].name);
    ZSI_CHECK_EQ(entry.unseen, classes[i].unseen);
    ZSI_CHECK_EQ(entry.cocoId, classes[i].categoryId);
    ZSI_REQUIRE_EQ(entry.rule, std::string("mean of words"));
    // Independently: unit(u_colour + u_shape) * norm.
    const auto colour = unit(*vocab.vector(static_cast<std::size_t>(classes[i].colour)));
    const auto shape = unit(*vocab.vector(DemoCatalog::colours().size() + static_cast<std::size_t>(classes[i].shape)));
    std::vector<double> sum(colour.size());
    double n = 0;
    for (std::size_t k = 0; k < sum.size(); ++k) {
      sum[k] = colour[k] + shape[k];
      n += sum[k] * sum[k];
    }
    n = std::sqrt(n);
    ZSI_REQUIRE_EQ(entry.vector.size(), sum.size());
    double err = 0;
    for (std::size_t k = 0; k < sum.size(); ++k) err = std::max(err, std::fabs(entry.vector[k] - sum[k] / n * kDemoClassNorm));
    ZSI_CHECK(err < 1e-6);
  }
  // Shared words bring classes together by the amounts the vocabulary's structure predicts:
  // (1 + 0.4 + 2 * 0.1) / (2 + 2 * 0.1) for one shared word, (2 * 0.4 + 2 * 0.1) / 2.2 for none.
  const auto& c = set->classes;
  const int redSquare = set->find("red square"), redCircle = set->find("red circle");
  const int blueSquare = set->find("blue square"), greenStar = set->find("green star");
  ZSI_REQUIRE(redSquare >= 0 && redCircle >= 0 && blueSquare >= 0 && greenStar >= 0);
  ZSI_CHECK_NEAR(cosine(c[redSquare].vector, c[redCircle].vector), 1.6 / 2.2, 1e-5);
  ZSI_CHECK_NEAR(cosine(c[redSquare].vector, c[blueSquare].vector), 1.6 / 2.2, 1e-5);
  ZSI_CHECK_NEAR(cosine(c[redSquare].vector, c[greenStar].vector), 1.0 / 2.2, 1e-5);
  // Background: the mean of the class vectors.
  for (std::size_t k = 0; k < set->dim(); ++k) {
    double mean = 0;
    for (const auto& e : c) mean += e.vector[k];
    ZSI_CHECK_NEAR(set->background[k], mean / static_cast<double>(c.size()), 1e-6);
  }
}

ZSI_TEST(demo_class_set_committed_file_is_the_generated_one) {
  const VectorFile vocab = openCommittedVocabulary();
  auto set = makeDemoClassSet(vocab);
  ZSI_REQUIRE_OK(set);
  const std::string path = test::tempDir() + "/classes.json";
  ZSI_REQUIRE_OK(set->save(path));
  const std::string committed = test::slurp(test::committedDemoFile("demo_classes.json"));
  ZSI_REQUIRE(!committed.empty());
  ZSI_CHECK(committed == test::slurp(path));
  auto loaded = ClassSet::load(test::committedDemoFile("demo_classes.json"));
  ZSI_REQUIRE_OK(loaded);
  ZSI_CHECK_EQ(loaded->size(), 36u);
  ZSI_CHECK_EQ(loaded->unseenCount(), 9u);
}

ZSI_TEST(demo_class_set_names_the_missing_word) {
  // A vocabulary without "hexagon": the class that needs it is named in the error.
  auto v = makeDemoVocabulary();
  ZSI_REQUIRE_OK(v);
  WordVectors cut;
  cut.dim = v->dim;
  for (std::size_t i = 0; i < v->words.size(); ++i) {
    if (v->words[i] == "hexagon") continue;
    cut.words.push_back(v->words[i]);
    cut.vectors.insert(cut.vectors.end(), v->vectors.begin() + i * v->dim, v->vectors.begin() + (i + 1) * v->dim);
  }
  const std::string path = test::tempDir() + "/cut.txt";
  ZSI_REQUIRE_OK(VectorFileWriter::write(path, VectorFormat::Word2VecText, cut));
  VectorFileOptions o;
  o.useCache = false;
  auto file = VectorFile::open(path, o);
  ZSI_REQUIRE_OK(file);
  auto set = makeDemoClassSet(*file);
  ZSI_REQUIRE(!set.ok());
  ZSI_CHECK(set.error().field.find("hexagon") != std::string::npos);
  ZSI_CHECK_EQ(set.error().file, path);
  test::note(set.error().toString());
}

// What a user types in the studio, embedded with the same policy, lands on the class vector.
ZSI_TEST(demo_class_set_typed_compositions_match_the_classes) {
  const VectorFile vocab = openCommittedVocabulary();
  auto set = makeDemoClassSet(vocab);
  ZSI_REQUIRE_OK(set);
  const NameEmbedder embedder(vocab, set->norm, MultiWordRule::MeanOfWords);
  for (const char* typed : {"purple star", "Purple  Star", "cyan_hexagon", "RED CIRCLE"}) {
    auto e = embedder.embed(typed);
    ZSI_REQUIRE_OK(e);
    const int k = set->find(e->name);
    ZSI_REQUIRE(k >= 0);
    ZSI_CHECK(e->vector == set->classes[static_cast<std::size_t>(k)].vector);
  }
}
