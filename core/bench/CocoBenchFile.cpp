#include "core/bench/CocoBenchFile.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <random>
#include <vector>
#include <string>

#include "core/coco/JsonText.h"

namespace zsi::bench {

namespace {

// Two decimals, written as Python writes the float (e.g. 239.97, 120.0).
void coord(std::string& out, double v) { appendPythonFloat(out, std::round(v * 100) / 100); }

}  // namespace

Result<std::uint64_t> writeCocoBenchFile(const std::string& path, const CocoBenchShape& shape) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) return Error("cannot create the benchmark file").inFile(path);
  std::mt19937_64 rng(shape.seed);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::uint64_t bytes = 0;
  std::string out;
  auto flush = [&](bool force) {
    if (out.size() > (4u << 20) || (force && !out.empty())) {
      bytes += std::fwrite(out.data(), 1, out.size(), f);
      out.clear();
    }
  };
  out += "{\"info\": {\"description\": \"COCO-train-shaped benchmark file\", \"url\": "
         "\"http://cocodataset.org\", \"version\": \"1.0\", \"year\": 2014, \"contributor\": "
         "\"ZSI Studio bench\", \"date_created\": \"2017/09/01\"}, \"licenses\": [{\"url\": "
         "\"http://creativecommons.org/licenses/by-nc-sa/2.0/\", \"id\": 1, \"name\": "
         "\"Attribution-NonCommercial-ShareAlike License\"}], \"images\": [";
  std::vector<std::pair<int, int>> sizes(shape.images);
  for (std::uint32_t i = 0; i < shape.images; ++i) {
    const bool landscape = unit(rng) < 0.7;
    const int w = landscape ? 640 : 427 + static_cast<int>(unit(rng) * 53);
    const int h = landscape ? 427 + static_cast<int>(unit(rng) * 53) : 640;
    sizes[i] = {w, h};
    char name[32];
    std::snprintf(name, sizeof name, "COCO_train2014_%012u.jpg", i + 1);
    if (i) out += ", ";
    out += "{\"license\": " + std::to_string(1 + i % 8) + ", \"file_name\": \"" + name +
           "\", \"coco_url\": \"http://images.cocodataset.org/train2014/" + name +
           "\", \"height\": " + std::to_string(h) + ", \"width\": " + std::to_string(w) +
           ", \"date_captured\": \"2013-11-14 16:28:13\", \"flickr_url\": "
           "\"http://farm5.staticflickr.com/4153/5000000000_0000000000_z.jpg\", \"id\": " +
           std::to_string(i + 1) + "}";
    flush(false);
  }
  out += "], \"annotations\": [";
  for (std::uint32_t a = 0; a < shape.annotations; ++a) {
    const std::uint32_t image = static_cast<std::uint32_t>(
        static_cast<std::uint64_t>(a) * shape.images / shape.annotations);
    const auto [w, h] = sizes[image];
    const bool crowd = unit(rng) < shape.crowdFraction;
    const double cx = unit(rng) * w, cy = unit(rng) * h;
    const double r = 5 + unit(rng) * 0.15 * std::min(w, h);
    double x0 = w, y0 = h, x1 = 0, y1 = 0;
    if (a) out += ", ";
    out += "{\"segmentation\": ";
    if (crowd) {
      // An uncompressed RLE of a rough blob: a run of background and foreground per column.
      out += "{\"counts\": [";
      std::uint64_t at = 0;
      const std::uint64_t total = static_cast<std::uint64_t>(w) * h;
      bool firstRun = true;
      for (int x = static_cast<int>(cx - r); x < static_cast<int>(cx + r); ++x) {
        if (x < 0 || x >= w) continue;
        const int top = std::max(0, static_cast<int>(cy - r * (0.5 + unit(rng) * 0.5)));
        const int bottom = std::min(h, static_cast<int>(cy + r * (0.5 + unit(rng) * 0.5)));
        if (bottom <= top) continue;
        const std::uint64_t start = static_cast<std::uint64_t>(x) * h + top;
        out += (firstRun ? "" : ", ") + std::to_string(start - at) + ", " + std::to_string(bottom - top);
        firstRun = false;
        at = start + (bottom - top);
        x0 = std::min<double>(x0, x);
        x1 = std::max<double>(x1, x + 1);
        y0 = std::min<double>(y0, top);
        y1 = std::max<double>(y1, bottom);
      }
      out += (firstRun ? "" : ", ") + std::to_string(total - at);
      out += "], \"size\": [" + std::to_string(h) + ", " + std::to_string(w) + "]}";
    } else {
      out += "[[";
      const std::uint32_t n = shape.vertices / 2 +
                              static_cast<std::uint32_t>(unit(rng) * (shape.vertices + 1));
      for (std::uint32_t k = 0; k < n; ++k) {
        const double t = 2 * M_PI * k / n;
        const double rr = r * (0.6 + 0.4 * unit(rng));
        const double x = std::clamp(cx + rr * std::cos(t), 0.0, static_cast<double>(w));
        const double y = std::clamp(cy + rr * std::sin(t), 0.0, static_cast<double>(h));
        if (k) out += ", ";
        coord(out, x);
        out += ", ";
        coord(out, y);
        x0 = std::min(x0, x);
        x1 = std::max(x1, x);
        y0 = std::min(y0, y);
        y1 = std::max(y1, y);
      }
      out += "]]";
    }
    out += ", \"area\": ";
    appendPythonFloat(out, std::round((x1 - x0) * (y1 - y0) * 0.7 * 1e4) / 1e4);
    out += ", \"iscrowd\": ";
    out += crowd ? "1" : "0";
    out += ", \"image_id\": " + std::to_string(image + 1) + ", \"bbox\": [";
    coord(out, x0);
    out += ", ";
    coord(out, y0);
    out += ", ";
    coord(out, x1 - x0);
    out += ", ";
    coord(out, y1 - y0);
    out += "], \"category_id\": " + std::to_string(1 + (a * 7919) % 90) + ", \"id\": " +
           std::to_string(crowd ? 900100000000ull + a : a + 1) + "}";
    flush(false);
  }
  out += "], \"categories\": [";
  for (int c = 1; c <= 90; ++c) {
    if (c > 1) out += ", ";
    out += "{\"supercategory\": \"thing\", \"id\": " + std::to_string(c) + ", \"name\": \"class " +
           std::to_string(c) + "\"}";
  }
  out += "]}";
  flush(true);
  const bool ok = std::fclose(f) == 0;
  if (!ok) return Error("cannot write the benchmark file").inFile(path);
  return bytes;
}

}  // namespace zsi::bench
