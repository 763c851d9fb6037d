// Engine benchmarks (docs/BENCHMARKS.md, section engine). Each measures its reference in the same
// run so the ratio survives a noisy shared machine:
//   infer  — small config, 256×256 image, end to end (ZSI with masks) with per-stage timings
//   train  — one training step of the small config (2 × 128 × 128), forward and backward
//   roi    — RoIAlign, 1000 RoIs on a 256-channel FPN level, vs a straightforward loop
//   nms    — NMS of 2000 boxes vs the full-IoU-matrix greedy loop
// Usage: bench_engine [infer|train|roi|nms ...] [--threads N]

#include <algorithm>
#include <chrono>
#include <ctime>
#include <cstdio>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include <torch/torch.h>

#include "core/bench/BenchUtil.h"
#include "core/engine/BoxOps.h"
#include "core/engine/Nms.h"
#include "core/engine/Preprocess.h"
#include "core/engine/RoiAlign.h"
#include "core/engine/TrainBatch.h"
#include "core/engine/ZsiModel.h"
#include "core/engine/ZsiModelImpl.h"

using namespace zsi;
using namespace zsi::bench;
using Clock = std::chrono::steady_clock;

namespace {

double ms(Clock::time_point t) { return std::chrono::duration<double, std::milli>(Clock::now() - t).count(); }

Result<ModelConfig> smallConfig() { return loadModelConfig(std::string(ZSI_SOURCE_DIR) + "/models/configs/small_cpu.json"); }

int benchInfer() {
  auto cfg = smallConfig();
  if (!cfg.ok()) return std::fprintf(stderr, "%s\n", cfg.error().toString().c_str()), 1;
  auto model = ZsiModel::create(cfg.value(), randomClasses(48, 17));
  if (!model.ok()) return std::fprintf(stderr, "%s\n", model.error().toString().c_str()), 1;
  auto classes = model->classes();
  Image im = randomImage(256, 256, 7);
  for (bool full : {false, true}) {
    DetectOptions o;
    o.mode = InferenceMode::Zsi;
    if (full) o.scoreThreshold = -1e30;  // every candidate passes: max_per_img masks (worst case)
    InferenceSession s(model.value());
    std::vector<double> total, cpu, pre, net, score, masks;
    std::size_t dets = 0;
    for (int i = 0; i < 23; ++i) {
      auto t = Clock::now();
      const double c0 = cpuMs();
      if (!s.run(im).ok()) return 1;
      auto r = s.detect(classes, o);
      if (!r.ok()) return std::fprintf(stderr, "%s\n", r.error().toString().c_str()), 1;
      const double e = ms(t);
      const double c = cpuMs() - c0;
      if (i < 3) continue;  // warm-up
      dets = r->size();
      total.push_back(e);
      cpu.push_back(c);
      pre.push_back(s.timings().preprocess);
      net.push_back(s.timings().network);
      score.push_back(s.timings().scoring);
      masks.push_back(s.timings().masks);
    }
    std::printf("infer small_cpu 256x256 ZSI (%s, %zu detections): median %.1f ms wall, %.1f ms CPU  [preprocess %.1f, "
                "network %.1f, scoring+NMS %.1f, masks %.1f]\n",
                full ? "all candidates kept" : "config threshold", dets, median(total), median(cpu), median(pre),
                median(net), median(score), median(masks));
  }
  return 0;
}

// Per-stage timings of one 256×256 forward: where the time of `infer` goes.
int benchStages() {
  auto cfg = smallConfig();
  if (!cfg.ok()) return 1;
  auto model = ZsiModel::create(cfg.value(), randomClasses(48, 17));
  if (!model.ok()) return 1;
  auto& net = model->impl()->net;
  torch::NoGradGuard ng;
  auto x = torch::randn({1, 3, 256, 256});
  ImageMeta m;
  m.height = m.width = m.padHeight = m.padWidth = 256;
  std::vector<double> tb, tf, tr, tp, tbox;
  for (int i = 0; i < 13; ++i) {
    auto t = Clock::now();
    auto c = net->backbone->forward(x);
    const double b = ms(t);
    t = Clock::now();
    auto p = net->neck->forward(c);
    const double f = ms(t);
    t = Clock::now();
    auto rpn = net->rpnHead->forward(p);
    const double r = ms(t);
    t = Clock::now();
    auto props = net->rpnHead->proposals(rpn, {ImageShape{256, 256, 256, 256}}, cfg->rpn.testProposals);
    const double pr = ms(t);
    t = Clock::now();
    auto preds = net->predictBoxes(p, {m});
    const double bx = ms(t) - r - pr;  // predictBoxes reruns the RPN and proposals
    if (i < 3) continue;
    tb.push_back(b), tf.push_back(f), tr.push_back(r), tp.push_back(pr), tbox.push_back(bx);
  }
  std::printf("stages small_cpu 256x256: backbone %.1f ms, fpn %.1f, rpn head %.1f, proposals %.1f, roi+box head %.1f\n",
              median(tb), median(tf), median(tr), median(tp), median(tbox));
  return 0;
}

int benchTrain() {
  auto cfg = smallConfig();
  if (!cfg.ok()) return 1;
  auto c = cfg.value();
  c.classes.numSeen = 3;
  c.input.maxLongSide = c.input.maxShortSide = 128;
  c.rpn.sampler.num = 64;
  c.boxHead.sampler.num = 64;
  auto model = ZsiModel::create(c, randomClasses(3, 2));
  if (!model.ok()) return 1;
  auto& net = model->impl()->net;
  net->train();
  TrainBatch b;
  b.images = torch::randn({2, 3, 128, 128});
  ImageMeta m;
  m.height = m.width = m.padHeight = m.padWidth = 128;
  b.metas = {m, m};
  for (int i = 0; i < 2; ++i) {
    b.gtBoxes.push_back(torch::tensor({10.f, 10.f, 50.f, 60.f, 70.f, 20.f, 110.f, 50.f, 30.f, 80.f, 60.f, 120.f}).view({3, 4}));
    b.gtLabels.push_back(torch::tensor({1, 2, 3}, torch::kLong));
    auto mk = torch::zeros({3, 128, 128}, torch::kByte);
    mk.index_put_({0, torch::indexing::Slice(10, 61), torch::indexing::Slice(10, 51)}, 1);
    mk.index_put_({1, torch::indexing::Slice(20, 51), torch::indexing::Slice(70, 111)}, 1);
    mk.index_put_({2, torch::indexing::Slice(80, 121), torch::indexing::Slice(30, 61)}, 1);
    b.gtMasks.push_back(mk);
    b.gtIgnore.push_back(torch::Tensor());
  }
  std::vector<double> fwd, bwd;
  for (int i = 0; i < 13; ++i) {
    auto t = Clock::now();
    auto out = net->forwardTrain(b);
    const double f = ms(t);
    t = Clock::now();
    totalLoss(out.losses).backward();
    const double bk = ms(t);
    if (i < 3) continue;
    fwd.push_back(f);
    bwd.push_back(bk);
  }
  std::printf("train step small_cpu 2x128x128: forward %.1f ms, backward %.1f ms (median of 10)\n", median(fwd),
              median(bwd));
  return 0;
}

torch::Tensor loopRoiAlign(const torch::Tensor& feats, const torch::Tensor& rois, int out, double scale, int s) {
  // The straightforward per-output-element loop (mmdet v1 legacy semantics).
  auto f = feats.contiguous();
  const int64_t c = f.size(1), h = f.size(2), w = f.size(3);
  auto res = torch::zeros({rois.size(0), c, out, out});
  auto ra = rois.accessor<float, 2>();
  const float* fp = f.data_ptr<float>();
  float* rp = res.data_ptr<float>();
  for (int64_t r = 0; r < rois.size(0); ++r) {
    const int64_t b = static_cast<int64_t>(ra[r][0]);
    const double sx = ra[r][1] * scale, sy = ra[r][2] * scale;
    const double bw = std::max((ra[r][3] + 1) * scale - sx, 0.0) / out, bh = std::max((ra[r][4] + 1) * scale - sy, 0.0) / out;
    for (int64_t ch = 0; ch < c; ++ch) {
      const float* plane = fp + (b * c + ch) * h * w;
      for (int ph = 0; ph < out; ++ph)
        for (int pw = 0; pw < out; ++pw) {
          double sum = 0;
          for (int iy = 0; iy < s; ++iy)
            for (int ix = 0; ix < s; ++ix) {
              double y = sy + ph * bh + (iy + 0.5) * bh / s, x = sx + pw * bw + (ix + 0.5) * bw / s;
              if (y < -1 || y > h || x < -1 || x > w) continue;
              y = std::max(y, 0.0);
              x = std::max(x, 0.0);
              int64_t y0 = static_cast<int64_t>(y), x0 = static_cast<int64_t>(x), y1, x1;
              if (y0 >= h - 1) { y1 = y0 = h - 1; y = static_cast<double>(y0); } else y1 = y0 + 1;
              if (x0 >= w - 1) { x1 = x0 = w - 1; x = static_cast<double>(x0); } else x1 = x0 + 1;
              const double ly = y - y0, lx = x - x0;
              sum += (1 - ly) * (1 - lx) * plane[y0 * w + x0] + (1 - ly) * lx * plane[y0 * w + x1] +
                     ly * (1 - lx) * plane[y1 * w + x0] + ly * lx * plane[y1 * w + x1];
            }
          rp[((r * c + ch) * out + ph) * out + pw] = static_cast<float>(sum / (s * s));
        }
    }
  }
  return res;
}

int benchRoi() {
  torch::manual_seed(1);
  auto feats = torch::randn({1, 256, 200, 304});  // P2 of an 800×1216 input
  auto xy = torch::rand({1000, 2}) * 700;
  auto wh = torch::rand({1000, 2}) * 100 + 8;
  auto rois = torch::cat({torch::zeros({1000, 1}), xy, xy + wh}, 1);
  RoiAlignOptions o;
  o.spatialScale = 0.25;
  std::vector<double> ours, ref;
  for (int i = 0; i < 6; ++i) {
    auto t = Clock::now();
    auto a = roiAlign(feats, rois, o);
    if (i) ours.push_back(ms(t));
  }
  for (int i = 0; i < 3; ++i) {
    auto t = Clock::now();
    auto b = loopRoiAlign(feats, rois, 7, 0.25, 2);
    ref.push_back(ms(t));
  }
  std::printf("roi_align 1000 RoIs x 256 ch -> 7x7: ours %.1f ms, loop reference %.1f ms (ratio %.2f)\n", median(ours),
              median(ref), median(ref) / median(ours));
  return 0;
}

int benchNms() {
  torch::manual_seed(2);
  auto xy = torch::rand({2000, 2}) * 800;
  auto wh = torch::rand({2000, 2}) * 150 + 4;
  auto boxes = torch::cat({xy, xy + wh}, 1);
  auto scores = torch::rand({2000});
  std::vector<double> ours, ref;
  for (int i = 0; i < 11; ++i) {
    auto t = Clock::now();
    auto k = nms(boxes, scores, 0.7, 1);
    if (i) ours.push_back(ms(t));
  }
  for (int i = 0; i < 5; ++i) {
    auto t = Clock::now();
    auto iou = boxIou(boxes, boxes, 1);
    auto order = std::get<1>(scores.sort(true, 0, true));
    auto over = (iou > 0.7).index({order}).index({torch::indexing::Slice(), order}).contiguous();
    std::vector<char> removed(2000, 0);
    const bool* m = over.data_ptr<bool>();
    std::vector<int64_t> keep;
    for (int64_t a = 0; a < 2000; ++a) {
      if (removed[a]) continue;
      keep.push_back(a);
      for (int64_t b2 = a + 1; b2 < 2000; ++b2) removed[b2] |= m[a * 2000 + b2];
    }
    ref.push_back(ms(t));
  }
  std::printf("nms 2000 boxes at IoU 0.7: ours %.2f ms, IoU-matrix reference %.2f ms (ratio %.2f)\n", median(ours),
              median(ref), median(ref) / median(ours));
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  int threads = 2;
  std::vector<std::string> what;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--threads") == 0 && i + 1 < argc) threads = std::atoi(argv[++i]);
    else what.emplace_back(argv[i]);
  }
  if (what.empty()) what = {"infer", "train", "roi", "nms"};
  at::set_num_threads(threads);
  torch::NoGradGuard* none = nullptr;
  (void)none;
  std::printf("LibTorch %s, %d thread(s)\n", TORCH_VERSION, threads);
  int rc = 0;
  for (const auto& w : what) {
    if (w == "infer") rc |= benchInfer();
    else if (w == "train") rc |= benchTrain();
    else if (w == "stages") rc |= benchStages();
    else if (w == "roi") rc |= benchRoi();
    else if (w == "nms") rc |= benchNms();
    else return std::fprintf(stderr, "unknown benchmark '%s'\n", w.c_str()), 2;
  }
  return rc;
}
