#pragma once
// Paints the masks of an overlay into one image-sized ARGB layer: fills at the style's opacity,
// outlines opaque, larger instances first so small ones stay visible. Done once when the overlay
// or the style changes; every frame then draws just this layer (and boxes and labels on top).

#include <QImage>
#include <vector>

#include "ui/ImageOverlay.h"
#include "ui/OverlayStyle.h"

namespace zsi::ui {

class OverlayCompositor {
 public:
  static QImage compose(const ImageOverlay& overlay, const OverlayStyle& style);
  // Row indices in drawing order (visible rows only, largest area first).
  static std::vector<std::size_t> drawOrder(const ImageOverlay& overlay, const OverlayStyle& style);
  // The outline of one shape as an image of its rect (for hover and selection highlights).
  static QImage outline(const OverlayShape& shape, QRgb colour);
};

}  // namespace zsi::ui
