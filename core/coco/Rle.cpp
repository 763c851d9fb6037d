// Run-length masks with pycocotools' semantics (maskApi.c of the 2.0.11 fork). The algorithms are
// ours; the behaviour, including the odd corners (zero-length runs kept by merge, the toBbox
// wrap-around, IoU only where boxes overlap), follows the reference cases in
// shared/data/coco-sample/reference.

#include "core/coco/Rle.h"

#include <algorithm>
#include <new>
#include <string>

namespace zsi {

namespace {

// Appends a run, growing the vector; the first run is always a run of zeros.
template <class Pixel, class Next>
Rle encodeRuns(std::uint32_t h, std::uint32_t w, Next next) {
  Rle r;
  r.h = h;
  r.w = w;
  const std::uint64_t n = static_cast<std::uint64_t>(h) * w;
  Pixel previous = 0;
  std::uint32_t run = 0;
  for (std::uint64_t i = 0; i < n; ++i) {
    const Pixel p = next(i);
    if (p != previous) {
      r.counts.push_back(run);
      run = 0;
      previous = p;
    }
    ++run;
  }
  r.counts.push_back(run);
  return r;
}

// Runs that add up to different totals (invalid input) would stall the two-list walks below, as
// they stall pycocotools. The list that ran out is extended with background instead. Valid input
// never gets here: both lists run out together.
inline void padExhausted(std::uint32_t& count, bool& value, std::size_t next, std::size_t size,
                         std::uint32_t otherCount) {
  if (count == 0 && next >= size && otherCount > 0) {
    count = otherCount;
    value = false;
  }
}

}  // namespace

Rle rleEncode(const std::uint8_t* mask, std::uint32_t h, std::uint32_t w) {
  return encodeRuns<bool>(h, w, [mask](std::uint64_t i) { return mask[i] != 0; });
}

Rle rleEncodeBytes(const std::uint8_t* mask, std::uint32_t h, std::uint32_t w) {
  return encodeRuns<std::uint8_t>(h, w, [mask](std::uint64_t i) { return mask[i]; });
}

Rle rleEncodeRowMajor(const std::uint8_t* mask, std::uint32_t h, std::uint32_t w) {
  // Column-major order over a row-major buffer: index i = x * h + y.
  return encodeRuns<bool>(h, w, [mask, h, w](std::uint64_t i) {
    const std::uint64_t x = i / h, y = i % h;
    return mask[y * w + x] != 0;
  });
}

std::uint64_t rleCountsSum(const Rle& rle) {
  std::uint64_t sum = 0;
  for (std::uint32_t c : rle.counts) sum += c;
  return sum;
}

Result<std::vector<std::uint8_t>> rleDecode(const Rle& rle) {
  const std::uint64_t n = static_cast<std::uint64_t>(rle.h) * rle.w;
  if (rleCountsSum(rle) > n) {
    // pycocotools' words (ValueError in rleDecode of the 2.0.11 fork).
    return Error("Invalid RLE mask representation: the runs add up to " +
                 std::to_string(rleCountsSum(rle)) + " pixels, more than " +
                 std::to_string(rle.h) + "x" + std::to_string(rle.w));
  }
  if (n > UINT32_MAX) return Error("masks over 2^32 - 1 pixels cannot be decoded");
  std::vector<std::uint8_t> mask;
  try {
    mask.assign(n, 0);
  } catch (const std::bad_alloc&) {
    return Error("not enough memory to decode a " + std::to_string(rle.h) + "x" + std::to_string(rle.w) + " mask");
  }
  std::uint64_t at = 0;
  std::uint8_t value = 0;
  for (std::uint32_t c : rle.counts) {
    if (value) std::fill(mask.begin() + at, mask.begin() + at + c, 1);
    at += c;
    value ^= 1;
  }
  return mask;
}

Result<std::vector<std::uint8_t>> rleDecodeRowMajor(const Rle& rle) {
  auto columnMajor = rleDecode(rle);
  if (!columnMajor.ok()) return columnMajor.error();
  const std::uint64_t h = rle.h, w = rle.w;
  std::vector<std::uint8_t> mask(h * w, 0);
  const std::uint8_t* src = columnMajor->data();
  for (std::uint64_t x = 0; x < w; ++x) {
    for (std::uint64_t y = 0; y < h; ++y) mask[y * w + x] = src[x * h + y];
  }
  return mask;
}

Rle rleMerge(const std::vector<Rle>& rles, bool intersect) {
  if (rles.empty()) return Rle{};
  if (rles.size() == 1) return rles[0];
  const std::uint32_t h = rles[0].h, w = rles[0].w;
  std::vector<std::uint32_t> acc = rles[0].counts;
  std::vector<std::uint32_t> out;
  for (std::size_t i = 1; i < rles.size(); ++i) {
    const Rle& b = rles[i];
    if (b.h != h || b.w != w) return Rle{};  // pycocotools: size [0, 0], no runs
    // Walk both run lists at once; a run of the result ends where the combined value changes. The
    // loop mirrors maskApi.c so that zero-length runs survive exactly where they survive there.
    out.clear();
    std::size_t ia = 1, ib = 1;
    std::uint32_t ca = acc.empty() ? 0 : acc[0];
    std::uint32_t cb = b.counts.empty() ? 0 : b.counts[0];
    bool va = false, vb = false, v = false;
    std::uint32_t cc = 0;
    std::uint64_t remaining = 1;
    while (remaining > 0) {
      padExhausted(ca, va, ia, acc.size(), cb);
      padExhausted(cb, vb, ib, b.counts.size(), ca);
      const std::uint32_t c = std::min(ca, cb);
      cc += c;
      remaining = 0;
      ca -= c;
      if (ca == 0 && ia < acc.size()) {
        ca = acc[ia++];
        va = !va;
      }
      remaining += ca;
      cb -= c;
      if (cb == 0 && ib < b.counts.size()) {
        cb = b.counts[ib++];
        vb = !vb;
      }
      remaining += cb;
      const bool previous = v;
      v = intersect ? (va && vb) : (va || vb);
      if (v != previous || remaining == 0) {
        out.push_back(cc);
        cc = 0;
      }
    }
    acc.swap(out);
  }
  Rle r;
  r.h = h;
  r.w = w;
  r.counts = std::move(acc);
  return r;
}

std::uint64_t rleArea(const Rle& rle) {
  std::uint64_t area = 0;
  for (std::size_t j = 1; j < rle.counts.size(); j += 2) area += rle.counts[j];
  return area;
}

std::array<double, 4> rleToBbox(const Rle& rle) {
  const std::uint32_t h = rle.h, w = rle.w;
  // Only complete (background, foreground) pairs count, as in maskApi.c.
  const std::size_t m = rle.counts.size() / 2 * 2;
  if (m == 0 || h == 0) return {0, 0, 0, 0};
  // uint32 arithmetic on purpose: an RLE with runs but no foreground ends with xs = w, xe = 0 and
  // the width wraps to 2^32 - 2, exactly as pycocotools reports it.
  std::uint32_t xs = w, ys = h, xe = 0, ye = 0, cc = 0;
  for (std::size_t j = 0; j < m; ++j) {
    const std::uint32_t start = cc;
    cc += rle.counts[j];
    if (j % 2 == 0 || rle.counts[j] == 0) continue;
    const std::uint32_t yStart = start % h, xStart = (start - yStart) / h;
    const std::uint32_t yEnd = (cc - 1) % h, xEnd = (cc - 1 - yEnd) / h;
    xs = std::min(xs, xStart);
    xe = std::max(xe, xEnd);
    if (xStart < xEnd) {
      ys = 0;  // the run crosses a column boundary: full height
      ye = h - 1;
    } else {
      ys = std::min(ys, yStart);
      ye = std::max(ye, yEnd);
    }
  }
  return {static_cast<double>(xs), static_cast<double>(ys),
          static_cast<double>(static_cast<std::uint32_t>(xe - xs + 1)),
          static_cast<double>(static_cast<std::uint32_t>(ye - ys + 1))};
}

void bboxIou(const std::vector<std::array<double, 4>>& dt,
             const std::vector<std::array<double, 4>>& gt,
             const std::vector<std::uint8_t>& gtIsCrowd, double* out) {
  const std::size_t n = gt.size();
  for (std::size_t g = 0; g < n; ++g) {
    const auto& G = gt[g];
    const double ga = G[2] * G[3];
    const bool crowd = g < gtIsCrowd.size() && gtIsCrowd[g] != 0;
    for (std::size_t d = 0; d < dt.size(); ++d) {
      const auto& D = dt[d];
      const double da = D[2] * D[3];
      double& o = out[d * n + g];
      o = 0;
      // Same operations in the same order as bbIou, so the results agree to the last bit.
      const double iw = std::min(D[2] + D[0], G[2] + G[0]) - std::max(D[0], G[0]);
      if (iw <= 0) continue;
      const double ih = std::min(D[3] + D[1], G[3] + G[1]) - std::max(D[1], G[1]);
      if (ih <= 0) continue;
      const double inter = iw * ih;
      const double uni = crowd ? da : da + ga - inter;
      o = inter / uni;
    }
  }
}

void rleIou(const std::vector<Rle>& dt, const std::vector<Rle>& gt,
            const std::vector<std::uint8_t>& gtIsCrowd, double* out) {
  std::vector<std::array<double, 4>> db(dt.size()), gb(gt.size());
  for (std::size_t i = 0; i < dt.size(); ++i) db[i] = rleToBbox(dt[i]);
  for (std::size_t i = 0; i < gt.size(); ++i) gb[i] = rleToBbox(gt[i]);
  bboxIou(db, gb, gtIsCrowd, out);
  const std::size_t n = gt.size();
  for (std::size_t g = 0; g < n; ++g) {
    const bool crowd = g < gtIsCrowd.size() && gtIsCrowd[g] != 0;
    const Rle& G = gt[g];
    for (std::size_t d = 0; d < dt.size(); ++d) {
      double& o = out[d * n + g];
      if (!(o > 0)) continue;  // pixel IoU only where the boxes overlap
      const Rle& D = dt[d];
      if (D.h != G.h || D.w != G.w) {
        o = -1;
        continue;
      }
      std::size_t ia = 1, ib = 1;
      std::uint32_t ca = D.counts.empty() ? 0 : D.counts[0];
      std::uint32_t cb = G.counts.empty() ? 0 : G.counts[0];
      bool va = false, vb = false;
      std::uint64_t inter = 0, uni = 0, remaining = 1;
      while (remaining > 0) {
        padExhausted(ca, va, ia, D.counts.size(), cb);
        padExhausted(cb, vb, ib, G.counts.size(), ca);
        const std::uint32_t c = std::min(ca, cb);
        if (va || vb) {
          uni += c;
          if (va && vb) inter += c;
        }
        remaining = 0;
        ca -= c;
        if (ca == 0 && ia < D.counts.size()) {
          ca = D.counts[ia++];
          va = !va;
        }
        remaining += ca;
        cb -= c;
        if (cb == 0 && ib < G.counts.size()) {
          cb = G.counts[ib++];
          vb = !vb;
        }
        remaining += cb;
      }
      if (inter == 0) {
        uni = 1;
      } else if (crowd) {
        uni = rleArea(D);
      }
      o = static_cast<double>(inter) / static_cast<double>(uni);
    }
  }
}

}  // namespace zsi
