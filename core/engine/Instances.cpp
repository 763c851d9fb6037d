#include "core/engine/Instances.h"

#include "core/coco/Rle.h"

namespace zsi {

std::uint8_t InstanceMask::at(int ix, int iy) const {
  const int cx = ix - x, cy = iy - y;
  if (cx < 0 || cy < 0 || cx >= width || cy >= height) return 0;
  return pixels[static_cast<std::size_t>(cy) * width + cx];
}

std::uint64_t InstanceMask::area() const {
  std::uint64_t a = 0;
  for (auto p : pixels) a += p != 0;
  return a;
}

std::vector<std::uint8_t> Instances::fullMask(std::size_t i) const {
  std::vector<std::uint8_t> out(static_cast<std::size_t>(imageWidth) * imageHeight, 0);
  if (i >= masks.size()) return out;
  const InstanceMask& m = masks[i];
  for (int cy = 0; cy < m.height; ++cy) {
    const int y = m.y + cy;
    if (y < 0 || y >= imageHeight) continue;
    for (int cx = 0; cx < m.width; ++cx) {
      const int x = m.x + cx;
      if (x < 0 || x >= imageWidth) continue;
      out[static_cast<std::size_t>(y) * imageWidth + x] =
          m.pixels[static_cast<std::size_t>(cy) * m.width + cx] ? 1 : 0;
    }
  }
  return out;
}

Rle Instances::maskRle(std::size_t i) const {
  auto full = fullMask(i);
  return rleEncodeRowMajor(full.data(), static_cast<std::uint32_t>(imageHeight),
                           static_cast<std::uint32_t>(imageWidth));
}

Instances Instances::select(const std::vector<std::size_t>& indices) const {
  Instances out;
  out.imageWidth = imageWidth;
  out.imageHeight = imageHeight;
  out.semanticDim = semanticDim;
  for (std::size_t i : indices) {
    out.boxes.push_back(boxes[i]);
    out.labels.push_back(labels[i]);
    out.scores.push_back(scores[i]);
    out.topSeenScores.push_back(topSeenScores[i]);
    out.topUnseenScores.push_back(topUnseenScores[i]);
    out.unseen.push_back(unseen[i]);
    if (!masks.empty()) out.masks.push_back(masks[i]);
    if (semanticDim > 0)
      out.semantic.insert(out.semantic.end(), semantic.begin() + static_cast<long>(i) * semanticDim,
                          semantic.begin() + static_cast<long>(i + 1) * semanticDim);
  }
  return out;
}

}  // namespace zsi
