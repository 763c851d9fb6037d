#include "core/demo/DemoVocabulary.h"

#include <cmath>
#include <vector>

#include "core/demo/DemoCatalog.h"
#include "core/demo/DemoRandom.h"

namespace zsi {
namespace {

using Vec = std::vector<double>;

double dot(const Vec& a, const Vec& b) {
  double s = 0;
  for (std::size_t i = 0; i < a.size(); ++i) s += a[i] * b[i];
  return s;
}

// A random direction made orthonormal to `basis` (modified Gram-Schmidt, twice for accuracy).
// Retries with fresh numbers in the (practically impossible) case it is nearly dependent.
Vec orthonormalDirection(DemoRandom& rng, const std::vector<Vec>& basis, std::size_t dim) {
  for (;;) {
    Vec v(dim);
    for (auto& x : v) x = rng.normal();
    for (int pass = 0; pass < 2; ++pass) {
      for (const auto& b : basis) {
        const double p = dot(v, b);
        for (std::size_t i = 0; i < dim; ++i) v[i] -= p * b[i];
      }
    }
    const double n = std::sqrt(dot(v, v));
    if (n > 1e-3) {
      for (auto& x : v) x /= n;
      return v;
    }
  }
}

}  // namespace

Result<WordVectors> makeDemoVocabulary(const DemoVocabularyOptions& options) {
  const std::vector<std::string> words = DemoCatalog::words();
  const std::size_t dim = options.dim;
  if (dim < words.size() + 3 || dim > 4096) {
    return Error("the demo vocabulary needs a dimension between " + std::to_string(words.size() + 3) +
                 " and 4096, not " + std::to_string(dim))
        .forField("dim");
  }
  const std::size_t colourCount = DemoCatalog::colours().size();

  DemoRandom rng = DemoRandom::stream(options.seed, {0x766f636162ull /* "vocab" */});
  std::vector<Vec> basis;
  basis.reserve(words.size() + 3);
  for (std::size_t k = 0; k < words.size() + 3; ++k) basis.push_back(orthonormalDirection(rng, basis, dim));
  const Vec& common = basis[0];
  const Vec& colourAxis = basis[1];
  const Vec& shapeAxis = basis[2];

  const double wCommon = std::sqrt(kDemoCosineOtherCategory);
  const double wCategory = std::sqrt(kDemoCosineSameCategory - kDemoCosineOtherCategory);
  const double wWord = std::sqrt(1.0 - kDemoCosineSameCategory);

  WordVectors out;
  out.dim = dim;
  out.words = words;
  out.vectors.reserve(words.size() * dim);
  for (std::size_t w = 0; w < words.size(); ++w) {
    const Vec& category = w < colourCount ? colourAxis : shapeAxis;
    const Vec& own = basis[3 + w];
    const double rawNorm = rng.uniform(2.0, 3.5);
    for (std::size_t i = 0; i < dim; ++i) {
      const double unit = wCommon * common[i] + wCategory * category[i] + wWord * own[i];
      out.vectors.push_back(static_cast<float>(rawNorm * unit));
    }
  }
  return out;
}

Status writeDemoVocabulary(const std::string& path, const DemoVocabularyOptions& options) {
  auto vocab = makeDemoVocabulary(options);
  if (!vocab.ok()) return vocab.error();
  return VectorFileWriter::write(path, VectorFormat::Word2VecText, *vocab);
}

}  // namespace zsi
