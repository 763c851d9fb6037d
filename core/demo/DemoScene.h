#pragma once
// One synthetic scene: a textured background and 1-6 coloured shapes of varied size, rotation
// and shading, placed one after the other so that later objects cover earlier ones. Every pixel
// has one owner (the background or the last object painted there), and an object's mask is
// exactly the set of pixels it owns: its visible part.
//
// Occlusion is bounded when an object is placed, not afterwards: a placement that would leave an
// earlier object with less than `minVisibleFraction` of its pixels (or fewer than
// `minVisiblePixels`) is tried again elsewhere, and an object that finds no place in
// `placementTries` tries is not drawn at all. So no drawn object ever goes unannotated and no
// annotation is a sliver. Objects must also keep `minInFrameFraction` of their area inside the
// image.
//
// Deterministic: the scene depends only on (seed, image index) and the options.

#include <cstdint>
#include <vector>

#include "core/coco/Rle.h"
#include "core/demo/DemoShapeGeometry.h"
#include "core/image/Image.h"

namespace zsi {

struct DemoSceneOptions {
  int size = 256;                  // width = height
  double unseenFraction = 0.3;     // scenes that get at least one unseen object
  int minObjects = 1;
  int maxObjects = 6;
  double minRadius = 0.04;         // of the image size; log-uniform between the two
  double maxRadius = 0.18;
  double minVisibleFraction = 0.5;
  int minVisiblePixels = 40;
  double minInFrameFraction = 0.7;
  int placementTries = 30;
  double noise = 0.02;             // per-pixel noise, standard deviation in [0, 1] units
};

struct DemoObject {
  int classIndex = 0;              // into DemoCatalog::classes()
  DemoPlacement placement;
  Rle mask;                        // the visible pixels
  std::int64_t area = 0;           // visible pixels
  std::int64_t placedArea = 0;     // pixels inside the image when it was placed
};

struct DemoSceneResult {
  Image image;                     // RGB, size x size
  std::vector<DemoObject> objects;  // in painting order (bottom first)
  std::vector<std::int16_t> owner; // per pixel, row-major: index into objects, or -1
  bool meantToHaveUnseen = false;  // the scene was drawn as one with an unseen object
};

class DemoScene {
 public:
  static DemoSceneResult render(std::uint64_t seed, std::uint64_t imageIndex,
                                const DemoSceneOptions& options);
};

}  // namespace zsi
