#include "ui/OverlayCompositor.h"

#include <algorithm>
#include <cmath>

namespace zsi::ui {

bool OverlayStyle::shows(const InstanceRow& row) const {
  if (row.ref.isPrediction()) {
    if (!predictions || row.state == ReviewState::Accepted) return false;  // accepted: drawn as annotation
    if (row.state == ReviewState::Rejected && !rejected) return false;
  } else if (!groundTruth) {
    return false;
  }
  if (row.split == 1 && !unseen) return false;
  if (row.split == 0 && !seen) return false;
  return true;
}

std::vector<std::size_t> OverlayCompositor::drawOrder(const ImageOverlay& o, const OverlayStyle& style) {
  std::vector<std::size_t> order;
  for (std::size_t i = 0; i < o.rows.size(); ++i)
    if (style.shows(o.rows[i])) order.push_back(i);
  std::stable_sort(order.begin(), order.end(),
                   [&o](std::size_t a, std::size_t b) { return o.rows[a].area > o.rows[b].area; });
  return order;
}

namespace {

inline std::uint32_t premultiplied(const ClassColour& c, double alpha) {
  const auto a = static_cast<std::uint32_t>(std::lround(alpha * 255));
  auto ch = [a](std::uint8_t v) { return static_cast<std::uint32_t>((v * a + 127) / 255); };
  return (a << 24) | (ch(c.r) << 16) | (ch(c.g) << 8) | ch(c.b);
}

// src over dst, both premultiplied ARGB.
inline std::uint32_t over(std::uint32_t src, std::uint32_t dst) {
  const std::uint32_t ia = 255 - (src >> 24);
  auto mix = [&](int shift) {
    const std::uint32_t s = (src >> shift) & 0xff, d = (dst >> shift) & 0xff;
    return (s + (d * ia + 127) / 255) << shift;
  };
  return mix(24) | mix(16) | mix(8) | mix(0);
}

bool isEdge(const OverlayShape& s, int cx, int cy) {
  const int w = s.rect.width(), h = s.rect.height();
  auto at = [&](int x, int y) {
    return x >= 0 && y >= 0 && x < w && y < h && s.mask[static_cast<std::size_t>(y) * w + x];
  };
  return !at(cx - 1, cy) || !at(cx + 1, cy) || !at(cx, cy - 1) || !at(cx, cy + 1);
}

}  // namespace

QImage OverlayCompositor::compose(const ImageOverlay& o, const OverlayStyle& style) {
  QImage layer(std::max(1, o.width), std::max(1, o.height), QImage::Format_ARGB32_Premultiplied);
  layer.fill(Qt::transparent);
  const QRect bounds = layer.rect();
  for (std::size_t i : drawOrder(o, style)) {
    const OverlayShape& s = o.shapes[i];
    const InstanceRow& row = o.rows[i];
    if (s.rect.isEmpty()) continue;
    double fillAlpha = style.opacity;
    ClassColour colour = row.colour;
    if (row.ref.isPrediction() && row.state == ReviewState::Rejected) {
      colour = {128, 128, 128};
      fillAlpha *= 0.4;
    } else if (row.outdated) {
      fillAlpha *= 0.5;
    }
    const std::uint32_t fill = premultiplied(colour, fillAlpha);
    const std::uint32_t edge = premultiplied(colour, row.outdated ? 0.6 : 1.0);
    const QRect clip = s.rect.intersected(bounds);
    const int w = s.rect.width();
    for (int y = clip.top(); y <= clip.bottom(); ++y) {
      auto* line = reinterpret_cast<std::uint32_t*>(layer.scanLine(y));
      const int cy = y - s.rect.top();
      const std::uint8_t* m = s.mask.data() + static_cast<std::size_t>(cy) * w;
      for (int x = clip.left(); x <= clip.right(); ++x) {
        const int cx = x - s.rect.left();
        if (!m[cx]) continue;
        line[x] = over(isEdge(s, cx, cy) ? edge : fill, line[x]);
      }
    }
  }
  return layer;
}

QImage OverlayCompositor::outline(const OverlayShape& s, QRgb colour) {
  if (s.rect.isEmpty()) return {};
  QImage img(s.rect.size(), QImage::Format_ARGB32_Premultiplied);
  img.fill(Qt::transparent);
  const std::uint32_t c = qPremultiply(colour);
  for (int y = 0; y < s.rect.height(); ++y) {
    auto* line = reinterpret_cast<std::uint32_t*>(img.scanLine(y));
    for (int x = 0; x < s.rect.width(); ++x)
      if (s.mask[static_cast<std::size_t>(y) * s.rect.width() + x] && isEdge(s, x, y)) line[x] = c;
  }
  return img;
}

}  // namespace zsi::ui
