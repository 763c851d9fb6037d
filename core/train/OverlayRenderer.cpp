#include "core/train/OverlayRenderer.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/train/BitmapFont.h"

namespace zsi {
namespace {

Image toRgb(const Image& in) {
  if (in.channels == 3) return in;
  Image out = Image::blank(in.width, in.height, 3);
  for (int y = 0; y < in.height; ++y)
    for (int x = 0; x < in.width; ++x) {
      const std::uint8_t* s = in.row(y) + static_cast<std::size_t>(x) * in.channels;
      std::uint8_t* d = out.row(y) + static_cast<std::size_t>(x) * 3;
      d[0] = s[0];
      d[1] = in.channels >= 3 ? s[1] : s[0];
      d[2] = in.channels >= 3 ? s[2] : s[0];
    }
  return out;
}

void fillRect(Image& im, int x0, int y0, int x1, int y1, const std::uint8_t rgb[3]) {
  x0 = std::max(x0, 0), y0 = std::max(y0, 0);
  x1 = std::min(x1, im.width), y1 = std::min(y1, im.height);
  for (int y = y0; y < y1; ++y)
    for (int x = x0; x < x1; ++x) {
      std::uint8_t* p = im.row(y) + static_cast<std::size_t>(x) * 3;
      p[0] = rgb[0], p[1] = rgb[1], p[2] = rgb[2];
    }
}

void outline(Image& im, int x0, int y0, int x1, int y1, int thick, bool dashed, const std::uint8_t rgb[3]) {
  auto on = [&](int t) { return !dashed || (t / 6) % 2 == 0; };
  for (int x = x0; x < x1; ++x)
    if (on(x - x0)) {
      fillRect(im, x, y0, x + 1, y0 + thick, rgb);
      fillRect(im, x, y1 - thick, x + 1, y1, rgb);
    }
  for (int y = y0; y < y1; ++y)
    if (on(y - y0)) {
      fillRect(im, x0, y, x0 + thick, y + 1, rgb);
      fillRect(im, x1 - thick, y, x1, y + 1, rgb);
    }
}

}  // namespace

Image renderOverlay(const Image& image, const Instances& det, const std::vector<std::string>& names,
                    const std::vector<ClassColour>& colours, double minScore) {
  Image out = toRgb(image);
  const int thick = std::max(1, std::min(out.width, out.height) / 300 + 1);
  const int scale = std::max(1, std::min(out.width, out.height) / 400 + 1);
  auto colourOf = [&](int label) {
    return static_cast<std::size_t>(label) < colours.size() ? colours[static_cast<std::size_t>(label)]
                                                             : ClassColour::palette(static_cast<std::size_t>(label));
  };
  // Masks first (lowest score first, so the best detection ends on top), then boxes and labels.
  std::vector<std::size_t> order;
  order.reserve(det.size());
  for (std::size_t i = 0; i < det.size(); ++i)
    if (det.scores[i] >= minScore) order.push_back(i);
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return det.scores[a] < det.scores[b]; });
  if (det.hasMasks()) {
    for (std::size_t i : order) {
      const InstanceMask& m = det.masks[i];
      if (m.empty()) continue;
      const ClassColour c = colourOf(det.labels[i]);
      for (int y = 0; y < m.height; ++y)
        for (int x = 0; x < m.width; ++x) {
          const int ix = m.x + x, iy = m.y + y;
          if (!m.pixels[static_cast<std::size_t>(y) * m.width + x] || ix < 0 || iy < 0 || ix >= out.width ||
              iy >= out.height)
            continue;
          std::uint8_t* p = out.row(iy) + static_cast<std::size_t>(ix) * 3;
          p[0] = static_cast<std::uint8_t>((p[0] * 11 + c.r * 9) / 20);
          p[1] = static_cast<std::uint8_t>((p[1] * 11 + c.g * 9) / 20);
          p[2] = static_cast<std::uint8_t>((p[2] * 11 + c.b * 9) / 20);
        }
    }
  }
  for (std::size_t i : order) {
    const ClassColour c = colourOf(det.labels[i]);
    const std::uint8_t rgb[3] = {c.r, c.g, c.b};
    const auto& b = det.boxes[i];
    const int x0 = static_cast<int>(std::floor(b[0])), y0 = static_cast<int>(std::floor(b[1]));
    const int x1 = static_cast<int>(std::ceil(b[2])), y1 = static_cast<int>(std::ceil(b[3]));
    const bool unseen = i < det.unseen.size() && det.unseen[i];
    outline(out, x0, y0, std::max(x1, x0 + 1), std::max(y1, y0 + 1), thick, unseen, rgb);
    const std::size_t label = static_cast<std::size_t>(det.labels[i]);
    char score[16];
    std::snprintf(score, sizeof score, " %.2f", det.scores[i]);
    const std::string text = (label < names.size() ? names[label] : "class " + std::to_string(label)) + score;
    const int tw = BitmapFont::textWidth(text, scale) + 2 * scale;
    const int th = BitmapFont::kGlyphHeight * scale + 2 * scale;
    const int ty = y0 - th >= 0 ? y0 - th : y0;
    fillRect(out, x0, ty, x0 + tw, ty + th, rgb);
    // Dark text on light colours, white on dark ones.
    const int luma = (c.r * 299 + c.g * 587 + c.b * 114) / 1000;
    const std::uint8_t ink[3] = {static_cast<std::uint8_t>(luma > 140 ? 0 : 255),
                                 static_cast<std::uint8_t>(luma > 140 ? 0 : 255),
                                 static_cast<std::uint8_t>(luma > 140 ? 0 : 255)};
    BitmapFont::draw(out, x0 + scale, ty + scale, text, scale, ink);
  }
  return out;
}

}  // namespace zsi
