// Every supported format written from the shared GoogleNews vectors and read back identically.

#include <atomic>
#include <charconv>
#include <cstring>
#include <random>

#include "core/wordvec/ClassMatrix.h"
#include "core/wordvec/TextNumbers.h"
#include "core/wordvec/VectorFile.h"
#include "core/wordvec/VectorFileWriter.h"
#include "core/wordvec/VectorFormat.h"
#include "tests/core/wordvec/WordvecTestUtil.h"

using namespace zsi;

namespace {

WordVectors sharedVectors() {
  auto file = VectorFile::open(test::top1000(), test::noCache());
  ZSI_REQUIRE_OK(file);
  auto v = WordVectors::from(*file);
  ZSI_REQUIRE_OK(v);
  return std::move(*v);
}

void requireSame(const VectorFile& f, const WordVectors& want) {
  ZSI_REQUIRE_EQ(f.size(), want.words.size());
  ZSI_REQUIRE_EQ(f.dim(), want.dim);
  std::vector<float> v(want.dim);
  std::size_t mismatches = 0;
  for (std::size_t i = 0; i < want.words.size(); ++i) {
    ZSI_CHECK_EQ(std::string(f.word(i)), want.words[i]);
    auto idx = f.find(want.words[i]);
    ZSI_REQUIRE(idx.has_value());
    ZSI_CHECK_EQ(*idx, i);
    ZSI_REQUIRE_OK(f.vector(i, v.data()));
    if (std::memcmp(v.data(), want.vectors.data() + i * want.dim, want.dim * sizeof(float)) != 0) ++mismatches;
  }
  ZSI_CHECK_EQ(mismatches, std::size_t{0});
}

}  // namespace

ZSI_TEST(shared_googlenews_subset_reads_as_word2vec_text) {
  auto f = VectorFile::open(test::top1000(), test::noCache());
  ZSI_REQUIRE_OK(f);
  ZSI_CHECK(f->format() == VectorFormat::Word2VecText);
  ZSI_CHECK_EQ(f->size(), std::size_t{1000});
  ZSI_CHECK_EQ(f->dim(), std::size_t{300});
  ZSI_CHECK_EQ(std::string(f->word(0)), std::string("in"));
  ZSI_CHECK(f->find("dog").has_value());
  ZSI_CHECK(!f->find("zebra").has_value());
  // The first value of "in" as printed in the file.
  auto in = f->vector(0);
  ZSI_REQUIRE_OK(in);
  ZSI_CHECK_EQ((*in)[0], 0.052956f);
  ZSI_CHECK_EQ(f->duplicateWords(), std::uint64_t{0});
}

ZSI_TEST(every_format_round_trips_bit_for_bit) {
  const WordVectors shared = sharedVectors();
  const std::string dir = test::tempDir();
  struct Case {
    VectorFormat format;
    const char* file;
  };
  const Case cases[] = {
      {VectorFormat::Word2VecBinary, "vectors.bin"},
      {VectorFormat::Word2VecText, "vectors.txt"},
      {VectorFormat::FastTextVec, "vectors.vec"},
      {VectorFormat::GloVeText, "glove.300d.txt"},
  };
  for (const auto& c : cases) {
    const std::string path = dir + "/" + c.file;
    ZSI_REQUIRE_OK(VectorFileWriter::write(path, c.format, shared));
    auto f = VectorFile::open(path, test::noCache());
    ZSI_REQUIRE_OK(f);
    test::note(std::string(vectorFormatName(c.format)) + " detected as " + vectorFormatName(f->format()));
    ZSI_CHECK(f->format() == c.format);
    requireSame(*f, shared);
  }
  // fastText's layout: every vector line ends with a space.
  const std::string vec = test::slurp(dir + "/vectors.vec");
  ZSI_CHECK(test::contains(vec.substr(0, 4000), " \n"));
  // The binary layout is exactly header + (word, space, 1200 bytes, newline) per word.
  std::size_t expected = std::string("1000 300\n").size();
  for (const auto& w : shared.words) expected += w.size() + 1 + 300 * 4 + 1;
  ZSI_CHECK_EQ(test::slurp(dir + "/vectors.bin").size(), expected);
}

ZSI_TEST(zsi_matrix_round_trips_with_its_class_list) {
  WordVectors shared = sharedVectors();
  shared.words.resize(80);
  shared.vectors.resize(80 * shared.dim);
  const std::string dir = test::tempDir();
  ZSI_REQUIRE_OK(VectorFileWriter::write(dir + "/m.txt", VectorFormat::ZsiClassMatrix, shared));
  ZSI_REQUIRE_OK(VectorFileWriter::writeClassList(dir + "/names.txt", shared.words));
  VectorFileOptions o = test::noCache();
  o.classList = dir + "/names.txt";
  auto f = VectorFile::open(dir + "/m.txt", o);
  ZSI_REQUIRE_OK(f);
  ZSI_CHECK(f->format() == VectorFormat::ZsiClassMatrix);
  requireSame(*f, shared);
}

ZSI_TEST(official_matrix_opens_as_a_vocabulary_of_class_names) {
  VectorFileOptions o = test::noCache();
  o.classList = test::officialClasses("48_17");
  auto f = VectorFile::open(test::officialMatrix("48_17"), o);
  ZSI_REQUIRE_OK(f);
  ZSI_CHECK_EQ(f->size(), std::size_t{65});  // background is not a word
  const auto cols = test::officialColumns("48_17");
  for (const char* name : {"person", "hair drier", "snowboard", "cat"}) {
    const int col = test::officialColumnOf("48_17", name);
    auto idx = f->find(name);
    if (col < 0) {
      ZSI_CHECK(!idx.has_value());  // hair drier is not in 48/17
      continue;
    }
    ZSI_REQUIRE(idx.has_value());
    auto v = f->vector(*idx);
    ZSI_REQUIRE_OK(v);
    ZSI_CHECK(*v == cols[static_cast<std::size_t>(col)]);
  }
}

ZSI_TEST(class_matrix_writer_reproduces_the_official_file_byte_for_byte) {
  for (const char* split : {"48_17", "65_15"}) {
    auto m = ClassMatrix::read(test::officialMatrix(split));
    ZSI_REQUIRE_OK(m);
    ZSI_CHECK_EQ(m->dim, std::size_t{300});
    ZSI_CHECK(m->toText() == test::slurp(test::officialMatrix(split)));
  }
}

ZSI_TEST(glove_words_may_contain_spaces) {
  const std::string dir = test::tempDir();
  test::spit(dir + "/g.txt", "the 0.5 -1 2\n. . . 1 2 3\nnew york 0.25 0.5 0.75\n");
  auto f = VectorFile::open(dir + "/g.txt", test::noCache());
  ZSI_REQUIRE_OK(f);
  ZSI_CHECK(f->format() == VectorFormat::GloVeText);
  ZSI_CHECK_EQ(f->dim(), std::size_t{3});
  ZSI_CHECK_EQ(std::string(f->word(1)), std::string(". . ."));
  auto ny = f->find("new york");
  ZSI_REQUIRE(ny.has_value());
  ZSI_CHECK(*f->vector(*ny) == (std::vector<float>{0.25f, 0.5f, 0.75f}));
}

ZSI_TEST(text_tolerates_crlf_and_trailing_blank_lines) {
  const std::string dir = test::tempDir();
  test::spit(dir + "/w.txt", "2 2\r\na 1 2\r\nb 3 4 \r\n\r\n\n");
  auto f = VectorFile::open(dir + "/w.txt", test::noCache());
  ZSI_REQUIRE_OK(f);
  ZSI_CHECK_EQ(f->size(), std::size_t{2});
  ZSI_CHECK(*f->vector(1) == (std::vector<float>{3.f, 4.f}));
}

ZSI_TEST(format_keys_round_trip) {
  for (auto f : {VectorFormat::Word2VecBinary, VectorFormat::Word2VecText, VectorFormat::FastTextVec,
                 VectorFormat::GloVeText, VectorFormat::ZsiClassMatrix}) {
    auto back = vectorFormatFromKey(vectorFormatKey(f));
    ZSI_REQUIRE(back.has_value());
    ZSI_CHECK(*back == f);
  }
  ZSI_CHECK(!vectorFormatFromKey("nope").has_value());
}

ZSI_TEST(open_reports_progress_and_can_be_cancelled) {
  double last = -1;
  int calls = 0;
  Progress p;
  p.onProgress = [&](double f, const std::string& stage) {
    ZSI_CHECK(f >= last);
    ZSI_CHECK_EQ(stage, std::string("indexing word vectors"));
    last = f;
    ++calls;
  };
  auto f = VectorFile::open(test::top1000(), test::noCache(), p);
  ZSI_REQUIRE_OK(f);
  ZSI_CHECK(calls >= 1);
  ZSI_CHECK_NEAR(last, 1.0, 1e-9);
  std::atomic<bool> cancel{true};
  p.cancel = &cancel;
  auto cancelled = VectorFile::open(test::top1000(), test::noCache(), p);
  ZSI_REQUIRE(!cancelled.ok());
  ZSI_CHECK_EQ(cancelled.error().message, std::string(kCancelledMessage));
}

ZSI_TEST(number_parsing_matches_from_chars) {
  // The short-decimal fast path must give exactly what from_chars gives, for every form.
  std::mt19937 rng(7);
  std::uniform_int_distribution<int> digits(0, 9), len(1, 12), decimals(0, 12);
  std::size_t checked = 0, mismatched = 0;
  auto check = [&](const std::string& s) {
    float fast = 0, ref = 0;
    const bool okFast = parseFloatField(s, &fast);
    auto r = std::from_chars(s.data(), s.data() + s.size(), ref);
    const bool okRef = r.ec == std::errc() && r.ptr == s.data() + s.size();
    ++checked;
    if (okFast != okRef || (okRef && std::memcmp(&fast, &ref, sizeof fast) != 0)) {
      ++mismatched;
      if (mismatched < 5) test::note("mismatch on '" + s + "'");
    }
  };
  for (int i = 0; i < 200000; ++i) {
    std::string s = rng() % 2 ? "-" : "";
    const int intDigits = len(rng) % 4;
    for (int k = 0; k < intDigits; ++k) s += static_cast<char>('0' + digits(rng));
    const int dec = decimals(rng);
    if (dec > 0 || rng() % 5 == 0) s += '.';
    for (int k = 0; k < dec; ++k) s += static_cast<char>('0' + digits(rng));
    check(s);
  }
  for (const char* s : {"0", "-0", ".5", "5.", "-.5", ".", "-", "-.", "1e-5", "nan", "inf", "0.000000001",
                        "16777215", "16777216", "0.16777217", "99999999", "1.0000000000", "0.052956"})
    check(s);
  test::note(std::to_string(checked) + " strings, " + std::to_string(mismatched) + " mismatches");
  ZSI_CHECK_EQ(mismatched, std::size_t{0});
}
