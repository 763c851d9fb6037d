#include "core/wordvec/NearestScan.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <queue>
#include <thread>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#define ZSI_SCAN_X86 1
#endif

namespace zsi {
namespace {

constexpr std::size_t kRowAlign = 32;

// dot(row, query) for each row, where a row holds 4-bit values n (value n - 8) and the query is
// split into the int8 weights of the dimensions in the low nibbles (the first half) and in the
// high nibbles (the second half). The "- 8" is applied by the caller as one bias per query.
void dotRowsPortable(const std::uint8_t* rows, std::size_t n, std::size_t stride, const std::int8_t* lo,
                     const std::int8_t* hi, std::int32_t* out) {
  for (std::size_t r = 0; r < n; ++r) {
    const std::uint8_t* row = rows + r * stride;
    std::int32_t s = 0;
    for (std::size_t j = 0; j < stride; ++j) s += (row[j] & 15) * lo[j] + (row[j] >> 4) * hi[j];
    out[r] = s;
  }
}

#if ZSI_SCAN_X86
// maddubs multiplies the unsigned nibbles by the signed weights and adds pairs (at most
// 2 * 15 * 127, no saturation); madd with ones widens to 32 bits.
__attribute__((target("avx2"))) void dotRowsAvx2(const std::uint8_t* rows, std::size_t n, std::size_t stride,
                                                 const std::int8_t* lo, const std::int8_t* hi, std::int32_t* out) {
  const __m256i mask = _mm256_set1_epi8(0x0f);
  const __m256i ones = _mm256_set1_epi16(1);
  for (std::size_t r = 0; r < n; ++r) {
    const std::uint8_t* row = rows + r * stride;
    __m256i acc = _mm256_setzero_si256();
    for (std::size_t j = 0; j < stride; j += 32) {
      const __m256i b = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(row + j));
      const __m256i nl = _mm256_and_si256(b, mask);
      const __m256i nh = _mm256_and_si256(_mm256_srli_epi16(b, 4), mask);
      const __m256i pl = _mm256_maddubs_epi16(nl, _mm256_loadu_si256(reinterpret_cast<const __m256i*>(lo + j)));
      const __m256i ph = _mm256_maddubs_epi16(nh, _mm256_loadu_si256(reinterpret_cast<const __m256i*>(hi + j)));
      acc = _mm256_add_epi32(acc, _mm256_madd_epi16(_mm256_add_epi16(pl, ph), ones));
    }
    const __m128i s4 = _mm_add_epi32(_mm256_castsi256_si128(acc), _mm256_extracti128_si256(acc, 1));
    const __m128i s2 = _mm_add_epi32(s4, _mm_shuffle_epi32(s4, 0x4e));
    const __m128i s1 = _mm_add_epi32(s2, _mm_shuffle_epi32(s2, 0xb1));
    out[r] = _mm_cvtsi128_si32(s1);
  }
}

bool haveAvx2() {
  static const bool yes = __builtin_cpu_supports("avx2");
  return yes;
}
#endif

void dotRows(const std::uint8_t* rows, std::size_t n, std::size_t stride, const std::int8_t* lo,
             const std::int8_t* hi, std::int32_t* out) {
#if ZSI_SCAN_X86
  if (haveAvx2()) return dotRowsAvx2(rows, n, stride, lo, hi, out);
#endif
  dotRowsPortable(rows, n, stride, lo, hi, out);
}

struct Worse {
  bool operator()(const ScanCandidate& a, const ScanCandidate& b) const {
    // Min-heap on score; at equal scores the later word is the worse one.
    return a.score > b.score || (a.score == b.score && a.index < b.index);
  }
};
using Heap = std::priority_queue<ScanCandidate, std::vector<ScanCandidate>, Worse>;

struct Query {
  std::vector<std::int8_t> lo, hi;
  std::int32_t bias = 0;  // 8 * sum of the weights: the offset of the stored nibbles
  float scale = 0;
};

void scanRange(const std::uint8_t* rows, const float* scales, std::size_t begin, std::size_t end,
               std::size_t stride, const Query& q, std::size_t keep, const std::vector<std::size_t>& exclude,
               std::vector<ScanCandidate>* out) {
  constexpr std::size_t kBlock = 2048;
  std::vector<std::int32_t> dots(kBlock);
  Heap heap;
  float floor = -std::numeric_limits<float>::infinity();
  for (std::size_t b = begin; b < end; b += kBlock) {
    const std::size_t n = std::min(kBlock, end - b);
    dotRows(rows + b * stride, n, stride, q.lo.data(), q.hi.data(), dots.data());
    for (std::size_t r = 0; r < n; ++r) {
      const float score = static_cast<float>(dots[r] - q.bias) * scales[b + r] * q.scale;
      if (heap.size() >= keep && score <= floor) continue;
      const std::size_t idx = b + r;
      if (!exclude.empty() && std::binary_search(exclude.begin(), exclude.end(), idx)) continue;
      heap.push({idx, score});
      if (heap.size() > keep) heap.pop();
      if (heap.size() >= keep) floor = heap.top().score;
    }
  }
  out->clear();
  while (!heap.empty()) {
    out->push_back(heap.top());
    heap.pop();
  }
}

}  // namespace

std::size_t NearestScan::rowBytes(std::size_t dim) {
  return ((dim + 1) / 2 + kRowAlign - 1) / kRowAlign * kRowAlign;
}

// Runs once per word while a file is indexed (3M times for GoogleNews), so every loop is one the
// compiler vectorises: the maximum |v_i| is taken on the bit patterns (for non-negative floats
// the integer order is the float order, and NaN sorts above infinity), the sum of squares in
// independent lanes (a single float sum would not be reassociated), and the two nibbles of a
// byte come from two contiguous halves of the vector rather than from neighbouring values.
#if ZSI_SCAN_X86
__attribute__((target_clones("arch=x86-64-v4", "avx2", "default")))
#endif
float NearestScan::quantizeRow(const float* v, std::size_t dim, std::uint8_t* out) {
  std::uint32_t maxBits = 0;
  for (std::size_t i = 0; i < dim; ++i) {
    std::uint32_t bits;
    std::memcpy(&bits, v + i, sizeof bits);
    bits &= 0x7fffffffu;
    maxBits = bits > maxBits ? bits : maxBits;
  }
  constexpr std::size_t kLanes = 32;
  float ss[kLanes] = {};
  std::size_t i = 0;
  for (; i + kLanes <= dim; i += kLanes)
    for (std::size_t j = 0; j < kLanes; ++j) ss[j] += v[i + j] * v[i + j];
  float norm2 = 0;
  for (; i < dim; ++i) norm2 += v[i] * v[i];
  for (float x : ss) norm2 += x;
  float maxAbs;
  std::memcpy(&maxAbs, &maxBits, sizeof maxAbs);

  const std::size_t half = rowBytes(dim);
  if (!std::isfinite(norm2) || !std::isfinite(maxAbs) || !(norm2 > 0) || !(maxAbs > 0)) {
    std::fill(out, out + half, std::uint8_t{0x88});
    return std::isfinite(norm2) && std::isfinite(maxAbs) ? 0.f : std::numeric_limits<float>::quiet_NaN();
  }
  const float inv = 7.f / maxAbs;
  const std::size_t both = dim > half ? dim - half : 0;  // bytes whose two nibbles are both values
  const std::size_t low = std::min(dim, half);          // bytes with a value in the low nibble
  const float* second = v + half;
  for (std::size_t k = 0; k < both; ++k) {
    const auto a = static_cast<std::uint32_t>(static_cast<std::int32_t>(v[k] * inv + 8.5f));
    const auto b = static_cast<std::uint32_t>(static_cast<std::int32_t>(second[k] * inv + 8.5f));
    out[k] = static_cast<std::uint8_t>(a | (b << 4));
  }
  for (std::size_t k = both; k < low; ++k)
    out[k] = static_cast<std::uint8_t>(static_cast<std::uint32_t>(static_cast<std::int32_t>(v[k] * inv + 8.5f)) | 0x80u);
  std::fill(out + low, out + half, std::uint8_t{0x88});
  // u = v / |v| ~= (n - 8) * (maxAbs / 7 / |v|)
  return static_cast<float>(maxAbs / 7.0 / std::sqrt(static_cast<double>(norm2)));
}

std::vector<ScanCandidate> NearestScan::topCandidates(const std::uint8_t* rows, const float* scales,
                                                      std::size_t count, std::size_t dim,
                                                      const float* query, std::size_t candidates,
                                                      const std::vector<std::size_t>& exclude,
                                                      unsigned threads) {
  if (count == 0 || candidates == 0 || dim == 0) return {};
  float maxAbs = 0;
  double norm2 = 0;
  for (std::size_t i = 0; i < dim; ++i) {
    maxAbs = std::max(maxAbs, std::fabs(query[i]));
    norm2 += static_cast<double>(query[i]) * query[i];
  }
  if (!(maxAbs > 0) || !std::isfinite(norm2)) return {};
  const std::size_t stride = rowBytes(dim);
  Query q;
  q.lo.assign(stride, 0);
  q.hi.assign(stride, 0);
  std::int32_t sum = 0;
  for (std::size_t i = 0; i < dim; ++i) {
    const auto w = static_cast<std::int8_t>(std::lround(query[i] / maxAbs * 127.0f));
    (i < stride ? q.lo[i] : q.hi[i - stride]) = w;
    sum += w;
  }
  q.bias = 8 * sum;
  q.scale = static_cast<float>(maxAbs / 127.0 / std::sqrt(norm2));

  threads = std::max(1u, std::min<unsigned>(threads, static_cast<unsigned>((count + 65535) / 65536)));
  std::vector<std::vector<ScanCandidate>> parts(threads);
  std::vector<std::thread> pool;
  const std::size_t per = (count + threads - 1) / threads;
  for (unsigned t = 0; t < threads; ++t) {
    const std::size_t begin = std::min(count, t * per);
    const std::size_t end = std::min(count, begin + per);
    auto work = [&, t, begin, end] { scanRange(rows, scales, begin, end, stride, q, candidates, exclude, &parts[t]); };
    if (t + 1 == threads) {
      work();
    } else {
      pool.emplace_back(work);
    }
  }
  for (auto& th : pool) th.join();

  std::vector<ScanCandidate> all;
  for (auto& p : parts) all.insert(all.end(), p.begin(), p.end());
  std::sort(all.begin(), all.end(), [](const ScanCandidate& a, const ScanCandidate& b) {
    return a.score > b.score || (a.score == b.score && a.index < b.index);
  });
  if (all.size() > candidates) all.resize(candidates);
  return all;
}

}  // namespace zsi
