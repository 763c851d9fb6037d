#include "core/demo/DemoScene.h"

#include <algorithm>
#include <array>
#include <cmath>

#include "core/demo/DemoBackground.h"
#include "core/demo/DemoCatalog.h"
#include "core/demo/DemoColourSpace.h"
#include "core/demo/DemoMath.h"
#include "core/demo/DemoRandom.h"

namespace zsi {
namespace {

using demomath::kPi;

// How one object is painted: its colour drawn within its colour's range, a linear shading
// across it, and sometimes a soft highlight (a light source on one side).
struct Paint {
  std::array<float, 3> rgb{};
  double lightX = 1, lightY = 0;  // unit direction the light comes from
  double shadeStrength = 0;
  double highlight = 0;
  double highlightOffset = 0;
};

Paint drawPaint(DemoRandom& rng, const DemoColour& c) {
  Paint p;
  // One draw per statement (argument evaluation order is unspecified; see DemoBackground.cpp).
  const double hue = c.hue + rng.uniform(-c.hueJitter, c.hueJitter);
  const double sat = rng.uniform(c.satMin, c.satMax);
  const double val = rng.uniform(c.valMin, c.valMax);
  p.rgb = demoHsvToRgb(hue, sat, val);
  const double angle = rng.uniform(0, 2 * kPi);
  p.lightX = demomath::cos(angle);
  p.lightY = demomath::sin(angle);
  p.shadeStrength = rng.uniform(0.05, 0.25);
  if (rng.chance(0.5)) {
    p.highlight = rng.uniform(0.05, 0.2);
    p.highlightOffset = rng.uniform(0.2, 0.5);
  }
  return p;
}

std::array<float, 3> shade(const Paint& p, const DemoPlacement& at, int x, int y) {
  const double reach = DemoShapeGeometry::extent(at.kind) * at.radius;
  const double dx = x + 0.5 - at.cx, dy = y + 0.5 - at.cy;
  const double lc = p.lightX, ls = p.lightY;
  const double along = (dx * lc + dy * ls) / reach;  // -1 .. 1 across the object
  const double factor = 1.0 + p.shadeStrength * along;
  double glow = 0;
  if (p.highlight > 0) {
    const double hx = dx - lc * p.highlightOffset * reach, hy = dy - ls * p.highlightOffset * reach;
    const double sigma = 0.35 * reach;
    glow = p.highlight * demomath::exp(-(hx * hx + hy * hy) / (2 * sigma * sigma));
  }
  std::array<float, 3> out{};
  for (int k = 0; k < 3; ++k) {
    const double v = p.rgb[k] * factor;
    out[k] = static_cast<float>(v + (1.0 - v) * glow);
  }
  return out;
}

int pickClass(DemoRandom& rng, bool unseen, bool anyClass) {
  const std::size_t seen = DemoCatalog::seenCount();
  if (anyClass) return static_cast<int>(rng.below(static_cast<std::uint32_t>(DemoCatalog::classes().size())));
  if (unseen) return static_cast<int>(seen + rng.below(static_cast<std::uint32_t>(DemoCatalog::unseenCount())));
  return static_cast<int>(rng.below(static_cast<std::uint32_t>(seen)));
}

// Pixels of each earlier object that `px` would cover.
std::vector<std::int64_t> coveredBy(const DemoShapePixels& px, const std::vector<std::int16_t>& owner,
                                    int size, std::size_t objects) {
  std::vector<std::int64_t> covered(objects, 0);
  for (int y = 0; y < px.h; ++y)
    for (int x = 0; x < px.w; ++x)
      if (px.inside[static_cast<std::size_t>(y) * px.w + x]) {
        const std::int16_t below = owner[static_cast<std::size_t>(y + px.y0) * size + x + px.x0];
        if (below >= 0) ++covered[static_cast<std::size_t>(below)];
      }
  return covered;
}

// Draws the objects' classes, paints and placements (see the header for the rules); fills
// out.objects and out.owner.
std::vector<Paint> placeObjects(DemoRandom& rng, const DemoSceneOptions& o, DemoSceneResult& out) {
  const int size = o.size;
  out.meantToHaveUnseen = rng.chance(o.unseenFraction);
  const int count = o.minObjects + static_cast<int>(rng.below(static_cast<std::uint32_t>(o.maxObjects - o.minObjects + 1)));
  const int forcedUnseen = out.meantToHaveUnseen ? static_cast<int>(rng.below(static_cast<std::uint32_t>(count))) : -1;

  std::vector<Paint> paints;
  std::vector<std::int64_t> visible;  // per placed object, its pixels still uncovered
  const auto& classes = DemoCatalog::classes();
  for (int k = 0; k < count; ++k) {
    const int cls = pickClass(rng, k == forcedUnseen, out.meantToHaveUnseen && k != forcedUnseen);
    const DemoClass& dc = classes[static_cast<std::size_t>(cls)];
    const Paint paint = drawPaint(rng, DemoCatalog::colours()[static_cast<std::size_t>(dc.colour)]);
    const DemoShapeKind kind = DemoCatalog::shapes()[static_cast<std::size_t>(dc.shape)].kind;
    for (int attempt = 0; attempt < o.placementTries; ++attempt) {
      DemoPlacement at;
      at.kind = kind;
      at.radius = rng.logUniform(o.minRadius * size, o.maxRadius * size);
      at.angle = rng.uniform(0, 2 * kPi);
      at.cx = rng.uniform(0, size);
      at.cy = rng.uniform(0, size);
      const DemoShapePixels px = DemoShapeGeometry::rasterise(at, size, size);
      if (px.area < o.minVisiblePixels ||
          static_cast<double>(px.area) < o.minInFrameFraction * static_cast<double>(px.fullArea))
        continue;
      const std::vector<std::int64_t> covered = coveredBy(px, out.owner, size, out.objects.size());
      bool fits = true;
      for (std::size_t j = 0; j < out.objects.size() && fits; ++j) {
        const std::int64_t left = visible[j] - covered[j];
        fits = left >= o.minVisiblePixels &&
               static_cast<double>(left) >= o.minVisibleFraction * static_cast<double>(out.objects[j].placedArea);
      }
      if (!fits) continue;
      const std::int16_t self = static_cast<std::int16_t>(out.objects.size());
      for (int y = 0; y < px.h; ++y)
        for (int x = 0; x < px.w; ++x)
          if (px.inside[static_cast<std::size_t>(y) * px.w + x])
            out.owner[static_cast<std::size_t>(y + px.y0) * size + x + px.x0] = self;
      for (std::size_t j = 0; j < out.objects.size(); ++j) visible[j] -= covered[j];
      DemoObject obj;
      obj.classIndex = cls;
      obj.placement = at;
      obj.placedArea = px.area;
      out.objects.push_back(std::move(obj));
      visible.push_back(px.area);
      paints.push_back(paint);
      break;
    }
  }
  return paints;
}

// Paints what each object owns over the background, adds the sensor noise, quantises.
Image finishImage(DemoRandom& rng, const DemoSceneOptions& o, const DemoSceneResult& scene,
                  const std::vector<Paint>& paints, std::vector<float>& canvas) {
  const int size = o.size;
  for (int y = 0; y < size; ++y) {
    for (int x = 0; x < size; ++x) {
      const std::int16_t k = scene.owner[static_cast<std::size_t>(y) * size + x];
      if (k < 0) continue;
      const auto c = shade(paints[static_cast<std::size_t>(k)], scene.objects[static_cast<std::size_t>(k)].placement, x, y);
      float* p = &canvas[(static_cast<std::size_t>(y) * size + x) * 3];
      p[0] = c[0];
      p[1] = c[1];
      p[2] = c[2];
    }
  }
  Image image = Image::blank(size, size, 3);
  const double noiseScale = o.noise * std::sqrt(6.0);  // (u1 + u2 - 1) has variance 1/6
  for (std::size_t i = 0; i < image.pixels.size(); ++i) {
    const double u1 = rng.uniform();
    const double u2 = rng.uniform();
    const double v = canvas[i] + noiseScale * (u1 + u2 - 1.0);
    image.pixels[i] = static_cast<std::uint8_t>(std::floor(std::clamp(v, 0.0, 1.0) * 255.0 + 0.5));
  }
  return image;
}

}  // namespace

DemoSceneResult DemoScene::render(std::uint64_t seed, std::uint64_t imageIndex,
                                  const DemoSceneOptions& o) {
  DemoRandom rng = DemoRandom::stream(seed, {0x7363656e65ull /* "scene" */, imageIndex});
  const std::size_t pixels = static_cast<std::size_t>(o.size) * o.size;
  DemoSceneResult out;
  std::vector<float> canvas = DemoBackground::paint(rng, o.size, o.size);
  out.owner.assign(pixels, -1);
  const std::vector<Paint> paints = placeObjects(rng, o, out);
  out.image = finishImage(rng, o, out, paints, canvas);

  std::vector<std::uint8_t> mask(pixels);
  for (std::size_t k = 0; k < out.objects.size(); ++k) {
    for (std::size_t i = 0; i < pixels; ++i) mask[i] = out.owner[i] == static_cast<std::int16_t>(k) ? 1 : 0;
    DemoObject& obj = out.objects[k];
    const auto side = static_cast<std::uint32_t>(o.size);
    obj.mask = rleEncodeRowMajor(mask.data(), side, side);
    obj.area = static_cast<std::int64_t>(rleArea(obj.mask));
  }
  return out;
}

}  // namespace zsi
