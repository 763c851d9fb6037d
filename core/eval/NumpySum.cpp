#include "core/eval/NumpySum.h"

namespace zsi {

namespace {
constexpr std::size_t kBlock = 128;  // numpy's PW_BLOCKSIZE
}  // namespace

double numpyPairwiseSum(const double* a, std::size_t n) {
  if (n < 8) {
    double res = 0.0;
    for (std::size_t i = 0; i < n; ++i) res += a[i];
    return res;
  }
  if (n <= kBlock) {
    double r[8];
    for (int j = 0; j < 8; ++j) r[j] = a[j];
    std::size_t i = 8;
    for (; i < n - (n % 8); i += 8) {
      for (int j = 0; j < 8; ++j) r[j] += a[i + j];
    }
    double res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
    for (; i < n; ++i) res += a[i];
    return res;
  }
  std::size_t n2 = n / 2;
  n2 -= n2 % 8;
  return numpyPairwiseSum(a, n2) + numpyPairwiseSum(a + n2, n - n2);
}

double numpyReduceSum(const double* a, std::size_t n) {
  // The reduction starts from add's identity, 0.0, and (numpy >= 2.3) hands the add loop the
  // whole contiguous array: one pairwise sum. numpy < 2.3 handed it chunks of its 8192-element
  // buffer, which can move a mean of more than 8192 values by an ulp (docs/EVALUATION.md).
  return 0.0 + numpyPairwiseSum(a, n);
}

double numpyMeanOfValid(const std::vector<double>& values) {
  std::vector<double> valid;
  valid.reserve(values.size());
  for (double v : values) {
    if (v > -1) valid.push_back(v);
  }
  if (valid.empty()) return -1.0;
  return numpyReduceSum(valid.data(), valid.size()) / static_cast<double>(valid.size());
}

}  // namespace zsi
