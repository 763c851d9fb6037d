#pragma once
// Sums and means with numpy's rounding. np.mean of a float64 array adds with pairwise summation
// (blocks of 128, 8 accumulators), which differs from a plain loop in the last bits; COCOeval's
// published numbers are np.mean results, so we add the same way to reproduce them bit for bit.

#include <cstddef>
#include <vector>

namespace zsi {

// numpy's pairwise_sum kernel on n contiguous values.
double numpyPairwiseSum(const double* values, std::size_t n);
// np.add.reduce of a contiguous float64 array as numpy >= 2.3 does it: 0.0 plus one pairwise sum
// of the whole array (numpy < 2.3 summed chunks of 8192 and can differ in the last bit).
double numpyReduceSum(const double* values, std::size_t n);

// COCOeval's summary statistic: np.mean(s[s > -1]) or -1 when no entry is > -1. `values` are in
// the C order of the sliced array.
double numpyMeanOfValid(const std::vector<double>& values);

}  // namespace zsi
