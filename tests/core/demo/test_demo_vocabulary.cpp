// The demo vocabulary: the documented cosine structure, reproducible bytes, readable by our own
// vector reader, and the committed file equal to what `zsi demo make-vocab` writes.

#include <cmath>
#include <vector>

#include "core/demo/DemoCatalog.h"
#include "core/demo/DemoVocabulary.h"
#include "core/wordvec/VectorFile.h"
#include "tests/core/demo/DemoTestUtil.h"

using namespace zsi;

namespace {

double cosine(const float* a, const float* b, std::size_t n) {
  double ab = 0, aa = 0, bb = 0;
  for (std::size_t i = 0; i < n; ++i) {
    ab += static_cast<double>(a[i]) * b[i];
    aa += static_cast<double>(a[i]) * a[i];
    bb += static_cast<double>(b[i]) * b[i];
  }
  return ab / std::sqrt(aa * bb);
}

}  // namespace

ZSI_TEST(demo_vocabulary_has_the_documented_structure) {
  auto v = makeDemoVocabulary();
  ZSI_REQUIRE_OK(v);
  const std::size_t n = v->words.size(), d = v->dim;
  ZSI_REQUIRE_EQ(d, 64u);
  ZSI_REQUIRE(v->words == DemoCatalog::words());
  ZSI_REQUIRE_EQ(v->vectors.size(), n * d);
  const std::size_t colours = DemoCatalog::colours().size();
  for (std::size_t i = 0; i < n; ++i) {
    const float* a = &v->vectors[i * d];
    double norm = 0;
    for (std::size_t k = 0; k < d; ++k) norm += static_cast<double>(a[k]) * a[k];
    norm = std::sqrt(norm);
    ZSI_CHECK(norm >= 2.0 - 1e-5 && norm <= 3.5 + 1e-5);
    for (std::size_t j = i + 1; j < n; ++j) {
      const bool same = (i < colours) == (j < colours);
      ZSI_CHECK_NEAR(cosine(a, &v->vectors[j * d], d),
                     same ? kDemoCosineSameCategory : kDemoCosineOtherCategory, 1e-6);
    }
  }
}

ZSI_TEST(demo_vocabulary_is_reproducible_and_seeded) {
  auto a = makeDemoVocabulary();
  auto b = makeDemoVocabulary();
  DemoVocabularyOptions other;
  other.seed = 7;
  auto c = makeDemoVocabulary(other);
  ZSI_REQUIRE_OK(a);
  ZSI_REQUIRE_OK(b);
  ZSI_REQUIRE_OK(c);
  ZSI_CHECK(a->vectors == b->vectors);
  ZSI_CHECK(a->vectors != c->vectors);
  DemoVocabularyOptions big;
  big.dim = 300;
  auto e = makeDemoVocabulary(big);
  ZSI_REQUIRE_OK(e);
  ZSI_CHECK_EQ(e->vectors.size(), 300u * e->words.size());
}

ZSI_TEST(demo_vocabulary_refuses_a_too_small_dimension) {
  DemoVocabularyOptions o;
  o.dim = 14;  // 12 words + 3 shared directions do not fit
  auto v = makeDemoVocabulary(o);
  ZSI_REQUIRE(!v.ok());
  ZSI_CHECK_EQ(v.error().field, std::string("dim"));
  ZSI_CHECK(v.error().message.find("15") != std::string::npos);
}

ZSI_TEST(demo_vocabulary_file_reads_back_bit_exact) {
  const std::string path = test::tempDir() + "/vocab.txt";
  ZSI_REQUIRE_OK(writeDemoVocabulary(path));
  VectorFileOptions opt;
  opt.useCache = false;
  auto file = VectorFile::open(path, opt);
  ZSI_REQUIRE_OK(file);
  ZSI_CHECK(file->format() == VectorFormat::Word2VecText);
  auto v = makeDemoVocabulary();
  ZSI_REQUIRE_OK(v);
  ZSI_REQUIRE_EQ(file->size(), v->words.size());
  ZSI_REQUIRE_EQ(file->dim(), v->dim);
  for (std::size_t i = 0; i < v->words.size(); ++i) {
    ZSI_CHECK_EQ(std::string(file->word(i)), v->words[i]);
    auto read = file->vector(i);
    ZSI_REQUIRE_OK(read);
    ZSI_CHECK(std::vector<float>(v->vectors.begin() + i * v->dim, v->vectors.begin() + (i + 1) * v->dim) == *read);
  }
}

ZSI_TEST(demo_vocabulary_committed_file_is_the_generated_one) {
  const std::string path = test::tempDir() + "/vocab.txt";
  ZSI_REQUIRE_OK(writeDemoVocabulary(path));
  const std::string committed = test::slurp(test::committedDemoFile("demo_vocab.txt"));
  ZSI_REQUIRE(!committed.empty());
  ZSI_CHECK(committed == test::slurp(path));
}
