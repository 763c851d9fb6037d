#include "core/bench/EvalBenchData.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <random>
#include <vector>

#include <fmt/format.h>

#include "core/coco/Rle.h"
#include "core/util/AtomicFile.h"

namespace zsi::bench {

namespace {

struct Ellipse {
  double cx, cy, rx, ry;
};

std::vector<double> polygon(const Ellipse& e, int points, double w, double h) {
  std::vector<double> xy;
  for (int i = 0; i < points; ++i) {
    const double a = 2 * 3.14159265358979323846 * i / points;
    xy.push_back(std::clamp(e.cx + e.rx * std::cos(a), 0.0, w));
    xy.push_back(std::clamp(e.cy + e.ry * std::sin(a), 0.0, h));
  }
  return xy;
}

double shoelace(const std::vector<double>& xy) {
  double s = 0;
  const std::size_t n = xy.size() / 2;
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t j = (i + 1) % n;
    s += xy[2 * i] * xy[2 * j + 1] - xy[2 * j] * xy[2 * i + 1];
  }
  return std::fabs(s) / 2;
}

std::array<double, 4> extent(const std::vector<double>& xy) {
  double x0 = 1e9, y0 = 1e9, x1 = -1e9, y1 = -1e9;
  for (std::size_t i = 0; i + 1 < xy.size(); i += 2) {
    x0 = std::min(x0, xy[i]);
    x1 = std::max(x1, xy[i]);
    y0 = std::min(y0, xy[i + 1]);
    y1 = std::max(y1, xy[i + 1]);
  }
  return {x0, y0, x1 - x0, y1 - y0};
}

// Compressed RLE strings use characters 48..111, which include the backslash.
std::string jsonEscaped(const std::string& counts) {
  std::string out;
  out.reserve(counts.size() + 8);
  for (char c : counts) {
    if (c == '\\') out += '\\';
    out += c;
  }
  return out;
}

std::string numbers(const std::vector<double>& v) {
  std::string s;
  for (std::size_t i = 0; i < v.size(); ++i) s += fmt::format("{}{:.2f}", i ? "," : "", v[i]);
  return s;
}

}  // namespace

Status writeEvalBenchData(const EvalBenchSpec& spec, const std::string& dir) {
  std::mt19937_64 rng(spec.seed);
  std::uniform_real_distribution<double> u(0, 1);
  auto gtFile = AtomicFileWriter::open(dir + "/gt.json");
  if (!gtFile.ok()) return gtFile.error();
  auto dtFile = AtomicFileWriter::open(dir + "/results.json");
  if (!dtFile.ok()) return dtFile.error();
  AtomicFileWriter& gt = *gtFile;
  AtomicFileWriter& dt = *dtFile;

  gt.write("{\"info\":{\"description\":\"zsi eval benchmark (synthetic)\"},\"images\":[");
  std::vector<std::pair<int, int>> sizes;
  for (int i = 0; i < spec.images; ++i) {
    const int pick = static_cast<int>(rng() % 4);
    const int w = pick == 0 ? 480 : (pick == 3 ? 320 + static_cast<int>(rng() % 320) : 640);
    const int h = pick == 0 ? 640 : 480;
    sizes.emplace_back(w, h);
    gt.write(fmt::format("{}{{\"id\":{},\"width\":{},\"height\":{},\"file_name\":\"{:012d}.jpg\"}}",
                         i ? "," : "", i + 1, w, h, i + 1));
  }
  gt.write("],\"annotations\":[");
  dt.write("[");
  std::int64_t annId = 1;
  bool firstDt = true;
  auto category = [&] {
    // A skewed class distribution, like COCO's (person is a quarter of all objects).
    return u(rng) < 0.25 ? 1 : 2 + static_cast<int>(rng() % (spec.categories - 1));
  };
  auto writeDetection = [&](int image, int cat, const Ellipse& e, double score, int w, int h) {
    const auto xy = polygon(e, 24, w, h);
    const Rle mask = rleFromPolygon(xy.data(), xy.size() / 2, h, w);
    auto box = extent(xy);
    for (double& v : box) v = std::round((v + (u(rng) - 0.5) * 2) * 100) / 100;
    dt.write(
        fmt::format("{}{{\"image_id\":{},\"category_id\":{},\"bbox\":[{:.2f},{:.2f},{:.2f},{:.2f}],"
                    "\"score\":{:.6f},\"segmentation\":{{\"size\":[{},{}],\"counts\":\"{}\"}}}}",
                    firstDt ? "" : ",", image, cat, box[0], box[1], std::max(box[2], 1.0),
                    std::max(box[3], 1.0), score, h, w, jsonEscaped(rleToString(mask))));
    firstDt = false;
  };

  for (int i = 0; i < spec.images; ++i) {
    const int image = i + 1;
    const auto [w, h] = sizes[i];
    const int objects = 1 + static_cast<int>(rng() % 14);
    int dets = 0;
    for (int o = 0; o < objects; ++o) {
      const double r = 4 + 140 * u(rng) * u(rng);
      Ellipse e{r + u(rng) * (w - 2 * r), r + u(rng) * (h - 2 * r), r * (0.6 + 0.8 * u(rng)),
                r * (0.6 + 0.8 * u(rng))};
      const int cat = category();
      const bool crowd = u(rng) < 0.01;
      const auto xy = polygon(e, 16, w, h);
      std::string segm, box;
      double area;
      if (crowd) {
        const Rle m = rleFromPolygon(xy.data(), xy.size() / 2, h, w);
        std::string counts;
        for (std::size_t c = 0; c < m.counts.size(); ++c)
          counts += fmt::format("{}{}", c ? "," : "", m.counts[c]);
        segm = fmt::format("{{\"counts\":[{}],\"size\":[{},{}]}}", counts, h, w);
        area = static_cast<double>(rleArea(m));
        const auto b = rleToBbox(m);
        box = fmt::format("{},{},{},{}", b[0], b[1], b[2], b[3]);
      } else {
        segm = "[[" + numbers(xy) + "]]";
        area = shoelace(xy);
        const auto b = extent(xy);
        box = fmt::format("{:.2f},{:.2f},{:.2f},{:.2f}", b[0], b[1], b[2], b[3]);
      }
      gt.write(fmt::format(
          "{}{{\"id\":{},\"image_id\":{},\"category_id\":{},\"segmentation\":{},\"area\":{:.4f},"
          "\"bbox\":[{}],\"iscrowd\":{}}}",
          annId > 1 ? "," : "", annId, image, cat, segm, area, box, crowd ? 1 : 0));
      ++annId;
      // Found objects: a jittered copy, sometimes a duplicate, sometimes the wrong class.
      for (int copy = 0; copy < 2 && dets < spec.detectionsPerImage; ++copy) {
        if (u(rng) > (copy == 0 ? 0.85 : 0.3)) continue;
        Ellipse j{e.cx + (u(rng) - 0.5) * 0.3 * e.rx, e.cy + (u(rng) - 0.5) * 0.3 * e.ry,
                  e.rx * (0.8 + 0.4 * u(rng)), e.ry * (0.8 + 0.4 * u(rng))};
        const int dcat = u(rng) < 0.9 ? cat : category();
        writeDetection(image, dcat, j, 0.3 + 0.7 * u(rng), w, h);
        ++dets;
      }
    }
    for (; dets < spec.detectionsPerImage; ++dets) {
      const double r = 3 + 90 * u(rng) * u(rng);
      Ellipse e{r + u(rng) * (w - 2 * r), r + u(rng) * (h - 2 * r), r * (0.6 + 0.8 * u(rng)),
                r * (0.6 + 0.8 * u(rng))};
      writeDetection(image, category(), e, 0.5 * u(rng), w, h);
    }
  }
  gt.write("],\"categories\":[");
  for (int c = 1; c <= spec.categories; ++c)
    gt.write(fmt::format("{}{{\"id\":{},\"name\":\"class{}\",\"supercategory\":\"thing\"}}",
                         c > 1 ? "," : "", c, c));
  gt.write("]}\n");
  dt.write("]\n");
  ZSI_TRY(gt.commit());
  ZSI_TRY(dt.commit());
  return okStatus();
}

}  // namespace zsi::bench
