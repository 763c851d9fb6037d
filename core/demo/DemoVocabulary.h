#pragma once
// The demo's word vectors: one synthetic vector per attribute word (DemoCatalog::words()), built
// the way real embeddings are organised. Each word is
//
//     raw norm  x  unit( sqrt(0.1) e_common + sqrt(0.3) e_category + sqrt(0.6) e_word )
//
// with e_common, e_colour, e_shape and one e_word per word an orthonormal set (Gram-Schmidt on
// seeded random directions). So two colours have cosine 0.4, two shapes 0.4, a colour and a shape
// 0.1: colours are nearer each other than to shapes, and every word keeps most of its length in a
// direction of its own. The raw norms vary (2 to 3.5) as word2vec's do; class vectors are made
// from unit vectors anyway (NameEmbedder).
//
// Plain +, *, / and sqrt (correctly rounded in IEEE arithmetic) and our own random numbers: the
// same seed and dimension give the same bits on every platform. models/demo/demo_vocab.txt is the
// output of `zsi demo make-vocab` with the defaults below (a test checks it).

#include <cstdint>
#include <string>

#include "core/util/Result.h"
#include "core/wordvec/VectorFileWriter.h"

namespace zsi {

struct DemoVocabularyOptions {
  std::uint64_t seed = 2021;
  std::size_t dim = 64;  // the model's semantic dimension must match; >= words + 3
};

inline constexpr double kDemoCosineSameCategory = 0.4;
inline constexpr double kDemoCosineOtherCategory = 0.1;

Result<WordVectors> makeDemoVocabulary(const DemoVocabularyOptions& options = {});
// Writes it as word2vec text (atomic).
Status writeDemoVocabulary(const std::string& path, const DemoVocabularyOptions& options = {});

}  // namespace zsi
