#pragma once
// The result every consumer of the engine speaks (UI overlays, CLI, COCO export, evaluation):
// N detections whose fields all have length N. Plain C++, safe to include anywhere.
//
// Coordinates are continuous pixel coordinates of the ORIGINAL image: a box covers
// [x1, x2) × [y1, y2), so its width is x2 - x1 (the mmdet v1 "+1" convention of the network is
// converted at the engine boundary). Masks are stored compactly as box-local crops.

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace zsi {

struct Rle;

// A binary mask of one instance: `width` × `height` bytes (0/1, row-major) whose top-left pixel is
// (x, y) in the image. Empty (width or height 0) when the instance has no mask.
struct InstanceMask {
  int x = 0;
  int y = 0;
  int width = 0;
  int height = 0;
  std::vector<std::uint8_t> pixels;

  bool empty() const { return width <= 0 || height <= 0; }
  std::uint8_t at(int ix, int iy) const;  // image coordinates; 0 outside the crop
  std::uint64_t area() const;
};

struct Instances {
  int imageWidth = 0;
  int imageHeight = 0;
  int semanticDim = 0;  // length of each row of `semantic`

  std::vector<std::array<float, 4>> boxes;  // x1, y1, x2, y2
  std::vector<int> labels;                  // index into the class list given to the engine
  std::vector<float> scores;                // score of `labels[i]`
  std::vector<float> topSeenScores;         // best seen-class score of the detection (0 if none)
  std::vector<float> topUnseenScores;       // best unseen-class score (0 if none)
  std::vector<std::uint8_t> unseen;         // 1 when labels[i] is an unseen class
  std::vector<InstanceMask> masks;          // empty vector when masks were not computed
  // Per detection, the probability-weighted word vector v = p · W_s of spec §9 (semanticDim
  // floats). The score of any class vector w is dot(v, w): a GUI can re-score or add classes
  // without running the network.
  std::vector<float> semantic;

  std::size_t size() const { return labels.size(); }
  bool hasMasks() const { return !masks.empty(); }

  // Full-image row-major 0/1 mask of detection i (imageHeight × imageWidth bytes).
  std::vector<std::uint8_t> fullMask(std::size_t i) const;
  // Compressed-RLE-ready mask of detection i in pycocotools' layout.
  Rle maskRle(std::size_t i) const;
  // Keeps the detections whose indices are listed (in that order).
  Instances select(const std::vector<std::size_t>& indices) const;
};

}  // namespace zsi
