#pragma once
// Brute-force nearest-neighbour scan over a 4-bit copy of a vocabulary's unit vectors. A 3M x 300
// scan is bound by memory bandwidth (about 5 GB/s per query on the 2-core machine): at 4 bits a
// row is 160 bytes and a query reads 0.48 GB, against 0.9 GB for int8 and 3.6 GB for float32.
// The rows are split across threads, each keeping its own top-N heap. Scores are approximate
// (within about 0.02 of the cosine); callers re-rank the candidates with the exact vectors.
// Thread-safe (no shared state).

#include <cstddef>
#include <cstdint>
#include <vector>

namespace zsi {

struct ScanCandidate {
  std::size_t index = 0;
  float score = 0;  // approximate cosine
};

class NearestScan {
 public:
  // Bytes of one packed row: two 4-bit values per byte, padded to a multiple of 32 bytes so the
  // vector loop has no tail.
  static std::size_t rowBytes(std::size_t dim);

  // Packs the unit vector u of v into rowBytes(dim) bytes: value i is n_i = round(u_i / scale) + 8
  // in [1, 15]; byte k holds n_k in its low nibble and n_(k + rowBytes) in its high nibble, and
  // padding nibbles are 8 (zero). Returns scale, 0 for a zero vector, NaN when v holds a value
  // that is not finite (or so large that its square overflows).
  static float quantizeRow(const float* v, std::size_t dim, std::uint8_t* out);

  // The `candidates` best rows for `query` (any norm), best first, skipping the indices in
  // `exclude` (sorted ascending). `threads` >= 1.
  static std::vector<ScanCandidate> topCandidates(const std::uint8_t* rows, const float* scales,
                                                  std::size_t count, std::size_t dim,
                                                  const float* query, std::size_t candidates,
                                                  const std::vector<std::size_t>& exclude,
                                                  unsigned threads);
};

}  // namespace zsi
