// Nearest words (int8 scan + exact re-rank) against a brute-force float ranking, and spelling
// suggestions against an unbounded edit distance.

#include <algorithm>
#include <cmath>

#include "core/wordvec/NearestScan.h"
#include "core/wordvec/SpellingSuggester.h"
#include "core/wordvec/VectorFile.h"
#include "core/wordvec/VectorFileWriter.h"
#include "tests/core/wordvec/WordvecTestUtil.h"

using namespace zsi;

namespace {

// Plain full-table optimal string alignment distance, case-folded.
int osa(std::string a, std::string b) {
  for (auto* s : {&a, &b})
    for (char& c : *s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const std::size_t n = a.size(), m = b.size();
  std::vector<std::vector<int>> d(n + 1, std::vector<int>(m + 1));
  for (std::size_t i = 0; i <= n; ++i) d[i][0] = static_cast<int>(i);
  for (std::size_t j = 0; j <= m; ++j) d[0][j] = static_cast<int>(j);
  for (std::size_t i = 1; i <= n; ++i)
    for (std::size_t j = 1; j <= m; ++j) {
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] != b[j - 1])});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  return d[n][m];
}

}  // namespace

// Exact rankings of every word of the shared subset, computed once.
struct Reference {
  std::vector<std::vector<float>> vectors;
  std::vector<std::vector<std::size_t>> top;  // best 5 others of each word
  std::vector<std::vector<double>> cosines;   // exact cosine of each word with every word
};

const Reference& reference(const VectorFile& f) {
  static Reference r;
  if (!r.top.empty()) return r;
  for (std::size_t i = 0; i < f.size(); ++i) r.vectors.push_back(*f.vector(i));
  r.cosines.assign(f.size(), std::vector<double>(f.size()));
  for (std::size_t q = 0; q < f.size(); ++q) {
    for (std::size_t i = 0; i < f.size(); ++i) {
      double dot = 0, a = 0, b = 0;
      for (std::size_t d = 0; d < f.dim(); ++d) {
        dot += static_cast<double>(r.vectors[q][d]) * r.vectors[i][d];
        a += static_cast<double>(r.vectors[q][d]) * r.vectors[q][d];
        b += static_cast<double>(r.vectors[i][d]) * r.vectors[i][d];
      }
      r.cosines[q][i] = dot / std::sqrt(a * b);
    }
    std::vector<std::size_t> order;
    for (std::size_t i = 0; i < f.size(); ++i)
      if (i != q) order.push_back(i);
    std::partial_sort(order.begin(), order.begin() + 5, order.end(), [&](std::size_t x, std::size_t y) {
      return r.cosines[q][x] > r.cosines[q][y] || (r.cosines[q][x] == r.cosines[q][y] && x < y);
    });
    r.top.emplace_back(order.begin(), order.begin() + 5);
  }
  return r;
}

ZSI_TEST(nearest_words_match_brute_force_for_every_word) {
  // A binary copy: re-ranking reads each candidate's vector, and parsing text would dominate.
  auto text = VectorFile::open(test::top1000(), test::noCache());
  ZSI_REQUIRE_OK(text);
  const std::string bin = test::tempDir() + "/news.bin";
  ZSI_REQUIRE_OK(VectorFileWriter::write(bin, VectorFormat::Word2VecBinary, *WordVectors::from(*text)));
  for (unsigned threads : {1u, 2u}) {
    VectorFileOptions o = test::noCache();
    o.threads = threads;
    auto f = VectorFile::open(bin, o);
    ZSI_REQUIRE_OK(f);
    const Reference& ref = reference(*f);
    std::size_t mismatched = 0;
    for (std::size_t q = 0; q < f->size(); ++q) {
      auto near = f->nearest(ref.vectors[q].data(), 5, {q});
      ZSI_REQUIRE_OK(near);
      ZSI_REQUIRE_EQ(near->size(), std::size_t{5});
      for (std::size_t i = 0; i < 5; ++i)
        if ((*near)[i].index != ref.top[q][i]) {
          ++mismatched;
          break;
        }
    }
    test::note(std::to_string(threads) + " thread(s): " + std::to_string(mismatched) + " of 1000 rankings differ");
    ZSI_CHECK_EQ(mismatched, std::size_t{0});
  }
}

// The 4-bit scan alone, without the exact re-ranking: its scores and its recall.
ZSI_TEST(four_bit_scan_quality) {
  auto f = VectorFile::open(test::top1000(), test::noCache());
  ZSI_REQUIRE_OK(f);
  const Reference& ref = reference(*f);
  const std::size_t stride = NearestScan::rowBytes(300);
  std::vector<std::uint8_t> rows(f->size() * stride);
  std::vector<float> scales(f->size());
  for (std::size_t i = 0; i < f->size(); ++i)
    scales[i] = NearestScan::quantizeRow(ref.vectors[i].data(), 300, rows.data() + i * stride);
  double maxErr = 0, sumErr = 0;
  std::size_t recalled = 0;
  for (std::size_t q = 0; q < f->size(); ++q) {
    const auto all = NearestScan::topCandidates(rows.data(), scales.data(), f->size(), 300, ref.vectors[q].data(),
                                                f->size(), {q}, 2);
    ZSI_REQUIRE_EQ(all.size(), f->size() - 1);
    for (const auto& c : all) {
      const double err = std::fabs(c.score - ref.cosines[q][c.index]);
      maxErr = std::max(maxErr, err);
      sumErr += err;
    }
    // Are the exact best 5 among the scan's best 20?
    std::size_t found = 0;
    for (std::size_t t : ref.top[q])
      for (std::size_t i = 0; i < 20; ++i) found += all[i].index == t ? 1 : 0;
    recalled += found;
  }
  const double meanErr = sumErr / (1000.0 * 999.0);
  const double recall = static_cast<double>(recalled) / 5000.0;
  test::note("score error: mean " + test::show(meanErr) + ", max " + test::show(maxErr) +
             "; exact top 5 within the scan's top 20: " + test::show(recall));
  ZSI_CHECK(meanErr < 0.01);
  ZSI_CHECK(maxErr < 0.06);
  ZSI_CHECK(recall > 0.99);
}

ZSI_TEST(nearest_words_of_dog) {
  auto f = VectorFile::open(test::top1000(), test::noCache());
  ZSI_REQUIRE_OK(f);
  const std::size_t dog = *f->find("dog");
  auto v = f->vector(dog);
  auto self = f->nearest(v->data(), 3);
  ZSI_REQUIRE_OK(self);
  ZSI_CHECK_EQ((*self)[0].word, std::string("dog"));
  ZSI_CHECK_NEAR((*self)[0].cosine, 1.0, 1e-6);
  auto near = f->nearest(v->data(), 5, {dog});
  ZSI_REQUIRE_OK(near);
  std::string line;
  for (const auto& n : *near) line += n.word + " " + std::to_string(n.cosine) + ", ";
  test::note("dog ~ " + line);
  ZSI_CHECK_EQ((*near)[0].word, std::string("cat"));
  for (std::size_t i = 1; i < near->size(); ++i) ZSI_CHECK((*near)[i - 1].cosine >= (*near)[i].cosine);
  std::vector<float> zero(300, 0.f);
  ZSI_CHECK(!f->nearest(zero.data(), 5).ok());
}

ZSI_TEST(quantised_rows_approximate_unit_vectors) {
  ZSI_CHECK_EQ(NearestScan::rowBytes(4), std::size_t{32});
  ZSI_CHECK_EQ(NearestScan::rowBytes(300), std::size_t{160});
  ZSI_CHECK_EQ(NearestScan::rowBytes(321), std::size_t{192});
  // 70 values in 64 bytes: byte k holds value k (low nibble) and value 64 + k (high nibble), so
  // the high nibbles of bytes 6..63 are padding.
  std::vector<float> v(70, 0.f);
  v[0] = 3.f, v[1] = -4.f, v[33] = 12.f, v[69] = 5.f;
  std::uint8_t q[64];
  const float scale = NearestScan::quantizeRow(v.data(), v.size(), q);
  const double norm = std::sqrt(9.0 + 16 + 144 + 25);
  auto nibble = [&](std::size_t i) -> int {
    const std::size_t half = 64;
    return i < half ? (q[i] & 15) : (q[i - half] >> 4);
  };
  ZSI_CHECK_EQ(NearestScan::rowBytes(70), std::size_t{64});
  ZSI_CHECK_EQ(nibble(33), 15);  // the largest value maps to +7
  for (std::size_t i = 0; i < 70; ++i)
    ZSI_CHECK_NEAR((nibble(i) - 8) * scale, v[i] / norm, 0.5 * 12.0 / 7 / norm + 1e-6);
  for (std::size_t k = 6; k < 64; ++k) ZSI_CHECK_EQ(q[k] >> 4, 8);  // padding is zero
  const std::vector<float> z(5, 0.f);
  ZSI_CHECK_EQ(NearestScan::quantizeRow(z.data(), z.size(), q), 0.f);
  const std::vector<float> bad = {1.f, std::nanf(""), 2.f};
  ZSI_CHECK(std::isnan(NearestScan::quantizeRow(bad.data(), bad.size(), q)));
  const std::vector<float> huge = {1.f, 3e20f, 2.f};
  ZSI_CHECK(std::isnan(NearestScan::quantizeRow(huge.data(), huge.size(), q)));
}

ZSI_TEST(bounded_distance) {
  ZSI_CHECK_EQ(SpellingSuggester::boundedDistance("zebra", "zebar", 3), 1);  // a transposition
  ZSI_CHECK_EQ(SpellingSuggester::boundedDistance("kitten", "sitting", 3), 3);
  ZSI_CHECK_EQ(SpellingSuggester::boundedDistance("kitten", "sitting", 2), 3);  // bound + 1
  ZSI_CHECK_EQ(SpellingSuggester::boundedDistance("Dog", "dOG", 1), 0);
  ZSI_CHECK_EQ(SpellingSuggester::boundedDistance("", "abc", 5), 3);
  ZSI_CHECK_EQ(SpellingSuggester::boundedDistance("abcdef", "ab", 2), 3);
  // Against the full table on every pair of a word list.
  const char* words[] = {"house", "hosue", "horse", "hose", "houses", "mouse", "use", "hours", "shoe", "hhouse", "", "a"};
  for (const char* a : words)
    for (const char* b : words)
      for (int bound : {0, 1, 2, 3}) {
        const int want = std::min(osa(a, b), bound + 1);
        ZSI_CHECK_EQ(SpellingSuggester::boundedDistance(a, b, bound), want);
      }
}

ZSI_TEST(closest_spellings_match_a_full_search) {
  auto f = VectorFile::open(test::top1000(), test::noCache());
  ZSI_REQUIRE_OK(f);
  for (const char* q : {"hosue", "ctiy", "wter", "Goverment", "peple", "xq"}) {
    const auto got = f->closestSpellings(q, 5);
    // Full search with the same bound and order (distance, then file order).
    const int n = static_cast<int>(std::string(q).size());
    const int bound = n <= 3 ? 1 : n <= 6 ? 2 : 3;
    std::vector<std::pair<int, std::size_t>> all;
    for (std::size_t i = 0; i < f->size(); ++i) {
      const int d = osa(q, std::string(f->word(i)));
      if (d <= bound) all.emplace_back(d, i);
    }
    std::sort(all.begin(), all.end());
    std::vector<std::string> want;
    for (std::size_t i = 0; i < all.size() && i < 5; ++i) want.emplace_back(f->word(all[i].second));
    std::string shown;
    for (const auto& w : got) shown += w + " ";
    test::note(std::string(q) + " -> " + shown);
    ZSI_CHECK(got == want);
  }
  const auto one = f->closestSpellings("hosue", 1);
  ZSI_CHECK(one == std::vector<std::string>{"house"});
}
