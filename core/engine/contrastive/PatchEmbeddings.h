#pragma once
// The patch embeddings of one image as plain data (no torch): what the studio's inspector shows.
// Made by ZsiModel::patchEmbeddings (one extra small forward at inspection time only).

#include <array>
#include <string>
#include <vector>

namespace zsi {

struct PatchEmbeddings {
  int rows = 0, cols = 0, dim = 0;  // H' × W' × D
  std::vector<float> values;        // rows × cols × dim, row-major; each embedding has unit length
  std::string head;                 // "infomax" or "patch"

  // Geometry in original-image pixels: patch (r, c) covers
  // x ∈ [c·stepX, c·stepX + sizeX), y ∈ [r·stepY, r·stepY + sizeY).
  double stepX = 0, stepY = 0, sizeX = 0, sizeY = 0;
  int imageWidth = 0, imageHeight = 0;

  int count() const { return rows * cols; }
  int index(int r, int c) const { return r * cols + c; }
  const float* at(int r, int c) const { return values.data() + static_cast<std::size_t>(index(r, c)) * dim; }
  std::array<double, 4> box(int r, int c) const {  // x1, y1, x2, y2
    return {c * stepX, r * stepY, c * stepX + sizeX, r * stepY + sizeY};
  }
  std::array<double, 2> centre(int r, int c) const { return {c * stepX + sizeX / 2, r * stepY + sizeY / 2}; }
};

}  // namespace zsi
