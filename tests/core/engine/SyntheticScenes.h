#pragma once
// Synthetic training scenes drawn in the tests: noise backgrounds with filled rectangles (class 1),
// discs (class 2) and diamonds (class 3), each with its exact mask and tight legacy box.

#include <cstdint>
#include <random>
#include <vector>

#include <torch/torch.h>

#include "core/engine/ModelConfig.h"
#include "core/engine/Preprocess.h"
#include "core/engine/TrainBatch.h"
#include "core/image/Image.h"
#include "tests/harness/ZsiTest.h"

namespace zsi::test {

struct SceneObject {
  int label = 0;                    // 1..3
  std::vector<std::uint8_t> mask;   // h × w row-major 0/1
  float box[4] = {0, 0, 0, 0};      // x1, y1, x2, y2 inclusive (mmdet v1)
};

struct Scene {
  Image image;
  std::vector<SceneObject> objects;
};

inline Scene drawScene(int w, int h, std::mt19937& rng, int numObjects) {
  Scene s;
  s.image = Image::blank(w, h, 3);
  std::uniform_int_distribution<int> noise(90, 160);
  for (auto& p : s.image.pixels) p = static_cast<std::uint8_t>(noise(rng));
  std::vector<std::uint8_t> taken(static_cast<std::size_t>(w) * h, 0);
  std::uniform_int_distribution<int> sizeD(22, 48);
  const std::uint8_t colours[4][3] = {{0, 0, 0}, {210, 50, 40}, {40, 200, 60}, {50, 60, 220}};
  for (int k = 0; k < numObjects; ++k) {
    const int label = 1 + (k % 3 == 0 ? std::uniform_int_distribution<int>(0, 2)(rng) : k % 3);
    for (int attempt = 0; attempt < 50; ++attempt) {
      const int bw = sizeD(rng), bh = label == 1 ? sizeD(rng) : bw;
      const int x0 = std::uniform_int_distribution<int>(2, w - bw - 3)(rng);
      const int y0 = std::uniform_int_distribution<int>(2, h - bh - 3)(rng);
      SceneObject o;
      o.label = label;
      o.mask = std::vector<std::uint8_t>(static_cast<std::size_t>(w) * h, 0);
      const double cx = x0 + (bw - 1) / 2.0, cy = y0 + (bh - 1) / 2.0, r = bw / 2.0;
      bool clash = false;
      for (int y = y0; y < y0 + bh; ++y)
        for (int x = x0; x < x0 + bw; ++x) {
          bool in = label == 1 || (label == 2 && (x - cx) * (x - cx) + (y - cy) * (y - cy) <= r * r) ||
                    (label == 3 && std::abs(x - cx) + std::abs(y - cy) <= r);
          if (!in) continue;
          // Keep a 3-pixel gap to other objects.
          for (int yy = std::max(0, y - 3); yy <= std::min(h - 1, y + 3) && !clash; ++yy)
            for (int xx = std::max(0, x - 3); xx <= std::min(w - 1, x + 3); ++xx)
              if (taken[static_cast<std::size_t>(yy) * w + xx]) { clash = true; break; }
          o.mask[static_cast<std::size_t>(y) * w + x] = 1;
        }
      if (clash) continue;
      int minx = w, miny = h, maxx = -1, maxy = -1;
      for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x)
          if (o.mask[static_cast<std::size_t>(y) * w + x]) {
            taken[static_cast<std::size_t>(y) * w + x] = 1;
            minx = std::min(minx, x), miny = std::min(miny, y), maxx = std::max(maxx, x), maxy = std::max(maxy, y);
            auto* px = s.image.pixels.data() + (static_cast<std::size_t>(y) * w + x) * 3;
            for (int c = 0; c < 3; ++c)
              px[c] = static_cast<std::uint8_t>(std::clamp(colours[label][c] + noise(rng) / 8 - 15, 0, 255));
          }
      o.box[0] = static_cast<float>(minx);
      o.box[1] = static_cast<float>(miny);
      o.box[2] = static_cast<float>(maxx);
      o.box[3] = static_cast<float>(maxy);
      s.objects.push_back(std::move(o));
      break;
    }
  }
  return s;
}

inline double maskIou(const std::vector<std::uint8_t>& a, const std::vector<std::uint8_t>& b) {
  std::size_t inter = 0, uni = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    inter += (a[i] && b[i]);
    uni += (a[i] || b[i]);
  }
  return uni ? static_cast<double>(inter) / uni : 0.0;
}

// IoU of an Instances box (continuous [x1, x2)) with an inclusive scene box.
inline double boxIouContinuous(const std::array<float, 4>& d, const float* g) {
  const double gx2 = g[2] + 1, gy2 = g[3] + 1;
  const double iw = std::max(0.0, std::min<double>(d[2], gx2) - std::max<double>(d[0], g[0]));
  const double ih = std::max(0.0, std::min<double>(d[3], gy2) - std::max<double>(d[1], g[1]));
  const double inter = iw * ih;
  const double ua = (d[2] - d[0]) * (d[3] - d[1]) + (gx2 - g[0]) * (gy2 - g[1]) - inter;
  return ua > 0 ? inter / ua : 0.0;
}

// The training batch of the scenes `which`: preprocessed images, their boxes, labels and full-image
// masks, no ignore regions.
inline TrainBatch makeSceneBatch(const std::vector<Scene>& scenes, const std::vector<int>& which,
                                 const ModelConfig& cfg, const torch::Device& device = torch::kCPU) {
  TrainBatch b;
  std::vector<torch::Tensor> images;
  for (int i : which) {
    const Scene& s = scenes[static_cast<std::size_t>(i)];
    auto p = prepareImage(s.image, cfg.input, torch::kCPU);
    ZSI_REQUIRE_OK(p);
    images.push_back(p->tensor);
    b.metas.push_back(p->meta);
    std::vector<float> boxes;
    std::vector<int64_t> labels;
    const int64_t h = s.image.height, w = s.image.width;
    auto masks = torch::zeros({static_cast<int64_t>(s.objects.size()), h, w}, torch::kByte);
    for (std::size_t k = 0; k < s.objects.size(); ++k) {
      const auto& o = s.objects[k];
      boxes.insert(boxes.end(), o.box, o.box + 4);
      labels.push_back(o.label);
      masks[static_cast<int64_t>(k)] =
          torch::from_blob(const_cast<std::uint8_t*>(o.mask.data()), {h, w}, torch::kByte).clone();
    }
    b.gtBoxes.push_back(torch::tensor(boxes).view({-1, 4}).to(device));
    b.gtLabels.push_back(torch::tensor(labels, torch::kLong).to(device));
    b.gtMasks.push_back(masks.to(device));
    b.gtIgnore.push_back(torch::Tensor());
  }
  b.images = batchImages(images).to(device);
  return b;
}

}  // namespace zsi::test
