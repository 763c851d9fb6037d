#pragma once
// The overlay of one image as the canvas draws it: the instance rows (class, scores, state) and,
// for each, its mask cropped to its bounding rectangle. Made on a worker thread (masks decoded
// once per image), immutable afterwards and shared with the canvas.

#include <QRect>
#include <cstdint>
#include <vector>

#include "ui/ImageInstances.h"

namespace zsi::ui {

struct OverlayShape {
  QRect rect;                      // image pixels covered by `mask`; empty when there is no mask
  std::vector<std::uint8_t> mask;  // rect.width() x rect.height(), row-major 0/1

  bool contains(int x, int y) const {
    if (!rect.contains(x, y)) return false;
    return mask[static_cast<std::size_t>(y - rect.top()) * rect.width() + (x - rect.left())] != 0;
  }
};

struct ImageOverlay {
  std::size_t imageIndex = 0;
  std::uint64_t version = 0;  // the document state it was made from
  int width = 0, height = 0;  // image size
  std::vector<InstanceRow> rows;
  std::vector<OverlayShape> shapes;  // one per row
};

}  // namespace zsi::ui
