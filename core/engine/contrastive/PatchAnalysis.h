#pragma once
// What the inspector computes from patch embeddings: PCA colours, similarity to a chosen patch and
// 2-D projections (PCA, t-SNE) that keep each point's patch position. Plain C++ (no torch).

#include <array>
#include <vector>

#include "core/engine/contrastive/PatchEmbeddings.h"
#include "core/engine/contrastive/Tsne.h"
#include "core/image/Image.h"
#include "core/util/Progress.h"
#include "core/util/Result.h"

namespace zsi {

// The first three principal components of the embeddings as an RGB image of cols × rows pixels
// (one pixel per patch), each component stretched to 0..255 over its 1st..99th percentile.
Image pcaColours(const PatchEmbeddings& patches);

// Cosine similarity of every patch to patch (row, col): rows × cols values in [−1, 1].
Result<std::vector<float>> cosineSimilarityMap(const PatchEmbeddings& patches, int row, int col);

struct PatchProjection {
  std::vector<std::array<float, 2>> points;  // one per projected patch
  std::vector<int> patches;                  // its patch index r·cols + c
  std::vector<std::array<float, 2>> centres; // its centre in image pixels
};

// At most `maxPoints` patches, evenly spread over the grid when there are more.
std::vector<int> subsamplePatches(int count, int maxPoints);
// Onto the first two principal components.
PatchProjection pcaProjection(const PatchEmbeddings& patches, int maxPoints = 5000);
// t-SNE (exact, O(N²) per iteration) of at most options.maxPoints patches.
Result<PatchProjection> tsneProjection(const PatchEmbeddings& patches, const TsneOptions& options = {},
                                       const Progress* progress = nullptr);

}  // namespace zsi
