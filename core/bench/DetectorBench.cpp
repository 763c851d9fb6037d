// The full-size detector on a device (docs/BENCHMARKS.md, section GPU): inference and training
// steps of a real config (default: the 48/17 ResNet-50 model) at COCO size (800 × 1216), in
// images per second, to set next to torchvision's Mask R-CNN R50-FPN measured in the same run
// (core/bench/torchvision_reference.py). Random weights, random 300-d class vectors, random
// images: speed does not depend on what the weights have learnt, except through how many
// detections reach the mask head, which is why each inference line says how many there were and
// the "all kept" lines fix it at max_per_img.
//
//   bench_detector [--config FILE] [--device cuda] [--size 800x1216] [--batches 1,8]
//                  [--precisions fp32,bf16] [--iters N] [--warmup N] [--train-batch N]
//                  [--no-infer] [--no-train] [--json FILE] [--threads N] [--kept threshold,all]
//
// Inference is end to end from an 8-bit image in host memory (preprocessing, the network,
// scoring, NMS, masks); its per-stage medians are printed too. A training step is forward,
// backward, gradient clipping and an SGD update of one padded batch (the whole batch in one forward, as torchvision
// does), with bf16 autocast for "bf16".

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <functional>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <torch/cuda.h>
#include <torch/torch.h>

#include "core/bench/BenchUtil.h"
#include "core/engine/ModelConfig.h"
#include "core/engine/Preprocess.h"
#include "core/engine/TorchSupport.h"
#include "core/engine/TrainBatch.h"
#include "core/engine/ZsiModel.h"
#include "core/engine/ZsiModelImpl.h"
#include "core/wordvec/ClassMatrix.h"

using namespace zsi;
using namespace zsi::bench;
using Clock = std::chrono::steady_clock;

namespace {

struct Options {
  std::string config = std::string(ZSI_SOURCE_DIR) + "/models/configs/zsi_48_17_r50.json";
  std::string device = "auto";
  int width = 1216, height = 800;
  std::vector<int> batches{1, 8};
  std::vector<std::string> precisions{"fp32", "bf16"};
  // Which inference rows: the config's score threshold, and/or max_per_img detections kept.
  std::vector<std::string> kept{"threshold", "all"};
  int iters = 10, warmup = 3, trainBatch = 8, threads = 0;
  bool infer = true, train = true;
  std::string json;
};

std::vector<std::string> splitList(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream in(s);
  for (std::string item; std::getline(in, item, ',');)
    if (!item.empty()) out.push_back(item);
  return out;
}

// Waits for the device's queued work, so that a wall-clock interval covers the work itself.
void sync(const torch::Device& d) {
  if (d.is_cuda()) torch::cuda::synchronize(d.index());
}

Result<ZsiModel> makeModel(ModelConfig cfg, const Options& o, bool bf16) {
  cfg.precision.autocastBf16 = bf16;
  cfg.input.maxLongSide = std::max(o.width, o.height);
  cfg.input.maxShortSide = std::min(o.width, o.height);
  auto model = ZsiModel::create(cfg, randomClasses(cfg.classes.numSeen, 17, cfg.classes.semanticDims), o.device);
  if (!model.ok()) return model.error();
  if (model->needsVocabulary()) {
    // A random vocabulary of the configured size: the encoder's cost, not its words, matters here.
    ClassMatrix voc;
    voc.dim = static_cast<std::size_t>(cfg.classes.semanticDims);
    std::mt19937 rng(5);
    std::normal_distribution<float> nd;
    voc.columns.assign(static_cast<std::size_t>(cfg.classes.vocabularySize), std::vector<float>(voc.dim));
    for (auto& c : voc.columns)
      for (auto& x : c) x = nd(rng);
    ZSI_TRY(model->setVocabulary(voc));
  }
  return model;
}

nlohmann::json benchInfer(const ModelConfig& cfg, const Options& o, int batch, bool bf16, bool keepAll) {
  auto model = makeModel(cfg, o, bf16);
  if (!model.ok()) {
    std::fprintf(stderr, "%s\n", model.error().toString().c_str());
    return nullptr;
  }
  const torch::Device device = model->impl()->device;
  std::vector<Image> images;
  for (int i = 0; i < batch; ++i) images.push_back(randomImage(o.width, o.height, 11u + static_cast<unsigned>(i)));
  std::vector<const Image*> imagePtrs;
  for (const auto& im : images) imagePtrs.push_back(&im);
  DetectOptions det;
  det.mode = InferenceMode::Gzsi;
  if (keepAll) det.scoreThreshold = -1e30;  // max_per_img detections, each with a mask
  const auto classes = model->classes();
  std::vector<double> wall, pre, net, score, masks;
  double detections = 0;
  for (int it = 0; it < o.warmup + o.iters; ++it) {
    std::vector<InferenceSession> sessions;
    for (int i = 0; i < batch; ++i) sessions.emplace_back(model.value());
    std::vector<InferenceSession*> ptrs;
    for (auto& s : sessions) ptrs.push_back(&s);
    sync(device);
    const auto t0 = Clock::now();
    auto st = InferenceSession::runBatch(ptrs, imagePtrs);
    if (!st.ok()) {
      std::fprintf(stderr, "%s\n", st.error().toString().c_str());
      return nullptr;
    }
    std::size_t n = 0;
    double sc = 0, mk = 0;
    for (auto& s : sessions) {
      auto r = s.detect(classes, det);
      if (!r.ok()) {
        std::fprintf(stderr, "%s\n", r.error().toString().c_str());
        return nullptr;
      }
      n += r->size();
      sc += s.timings().scoring;
      mk += s.timings().masks;
    }
    sync(device);
    const double ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
    if (it < o.warmup) continue;
    wall.push_back(ms);
    // runBatch leaves each image's share of the batch's preprocess and network time (batch time / batch
    // size) in every session; scoring and masks are per session, summed here.
    pre.push_back(sessions.front().timings().preprocess);
    net.push_back(sessions.front().timings().network);
    score.push_back(sc), masks.push_back(mk);
    detections += static_cast<double>(n) / batch / o.iters;
  }
  const double ips = 1000.0 * batch / median(wall);
  std::printf("infer  %-4s batch %d %s: %7.2f img/s  (median %.1f ms per batch; preprocess %.1f, network %.1f, "
              "scoring+NMS %.1f, masks %.1f; %.1f detections/img)\n",
              bf16 ? "bf16" : "fp32", batch, keepAll ? "all kept " : "threshold", ips, median(wall), median(pre),
              median(net), median(score), median(masks), detections);
  std::fflush(stdout);
  return {{"what", "infer"}, {"precision", bf16 ? "bf16" : "fp32"}, {"batch", batch},
          {"detections", keepAll ? "all kept" : "threshold"}, {"img_per_s", ips}, {"median_ms", median(wall)},
          {"preprocess_ms", median(pre)}, {"network_ms", median(net)}, {"scoring_ms", median(score)},
          {"masks_ms", median(masks)}, {"detections_per_img", detections}};
}

TrainBatch syntheticBatch(const ModelConfig& cfg, const Options& o, int batch, const torch::Device& device) {
  // Five boxes with rectangular masks per image, the same in every image.
  TrainBatch b;
  b.images = torch::randn({batch, 3, o.height, o.width}, device);
  ImageMeta m;
  m.height = m.padHeight = o.height;
  m.width = m.padWidth = o.width;
  for (int i = 0; i < batch; ++i) {
    b.metas.push_back(m);
    std::vector<float> boxes;
    std::vector<std::int64_t> labels;
    auto mk = torch::zeros({5, o.height, o.width}, torch::kByte);
    for (int k = 0; k < 5; ++k) {
      const int x1 = 40 + 180 * k, y1 = 60 + 100 * k, x2 = std::min(o.width - 1, x1 + 150 + 40 * k),
                y2 = std::min(o.height - 1, y1 + 120 + 30 * k);
      boxes.insert(boxes.end(), {float(x1), float(y1), float(x2), float(y2)});
      labels.push_back(1 + (k * 7 + i) % cfg.classes.numSeen);
      mk.index_put_({k, torch::indexing::Slice(y1, y2 + 1), torch::indexing::Slice(x1, x2 + 1)}, 1);
    }
    b.gtBoxes.push_back(torch::tensor(boxes).view({5, 4}).to(device));
    b.gtLabels.push_back(torch::tensor(labels, torch::kLong).to(device));
    b.gtMasks.push_back(mk.to(device));
    b.gtIgnore.push_back(torch::Tensor());
  }
  return b;
}

nlohmann::json benchTrain(ModelConfig cfg, const Options& o, bool bf16) {
  // As torchvision's maskrcnn_resnet50_fpn without weights trains: every layer, BatchNorm on batch
  // statistics. With random weights the configured frozen (identity) BatchNorm lets activations
  // grow through 50 layers until the losses overflow; a pretrained backbone has real statistics.
  cfg.backbone.normEval = false;
  cfg.backbone.frozenStages = 0;
  auto model = makeModel(cfg, o, false);
  if (!model.ok()) {
    std::fprintf(stderr, "%s\n", model.error().toString().c_str());
    return nullptr;
  }
  const torch::Device device = model->impl()->device;
  auto& net = model->impl()->net;
  net->train();
  std::vector<torch::Tensor> params;
  for (auto& p : net->parameters())
    if (p.requires_grad()) params.push_back(p);
  torch::optim::SGD opt(params, torch::optim::SGDOptions(0.002).momentum(0.9).weight_decay(1e-4));
  auto batch = syntheticBatch(cfg, o, o.trainBatch, device);
  std::vector<double> wall;
  double loss = 0, firstLoss = 0;
  const int iters = std::max(3, o.iters / 2);
  for (int it = 0; it < o.warmup + iters; ++it) {
    sync(device);
    const auto t0 = Clock::now();
    LossMap losses;
    {
      AutocastGuard autocast(device, bf16);
      losses = net->forwardTrain(batch).losses;
    }
    auto total = totalLoss(losses);
    opt.zero_grad();
    total.backward();
    torch::nn::utils::clip_grad_norm_(params, 35.0);  // the spec's schedule clips, as `zsi train` does
    opt.step();
    sync(device);
    const double ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
    loss = total.item<double>();
    if (it == 0) firstLoss = loss;
    if (it >= o.warmup) wall.push_back(ms);
  }
  const double ips = 1000.0 * o.trainBatch / median(wall);
  std::printf("train  %-4s batch %d: %7.2f img/s  (median %.1f ms per step of %d; loss %.3f at the first step, %.3f at "
              "the last)\n",
              bf16 ? "bf16" : "fp32", o.trainBatch, ips, median(wall), iters, firstLoss, loss);
  std::fflush(stdout);
  return {{"what", "train"}, {"precision", bf16 ? "bf16" : "fp32"}, {"batch", o.trainBatch}, {"img_per_s", ips},
          {"median_ms", median(wall)}, {"first_loss", firstLoss}, {"loss", loss}};
}

int usage(const char* why) {
  std::fprintf(stderr, "bench_detector: %s\nsee the comment at the top of core/bench/DetectorBench.cpp\n", why);
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto next = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
    if (a == "--config") o.config = next();
    else if (a == "--device") o.device = next();
    else if (a == "--size") {
      const std::string s = next();
      if (std::sscanf(s.c_str(), "%dx%d", &o.height, &o.width) != 2 || o.height < 32 || o.width < 32)
        return usage("--size wants HEIGHTxWIDTH, e.g. 800x1216");
    } else if (a == "--batches") {
      o.batches.clear();
      for (const auto& b : splitList(next())) o.batches.push_back(std::max(1, std::atoi(b.c_str())));
    } else if (a == "--precisions") {
      o.precisions = splitList(next());
      for (const auto& p : o.precisions)
        if (p != "fp32" && p != "bf16") return usage("--precisions takes fp32 and/or bf16");
    } else if (a == "--kept") {
      o.kept = splitList(next());
      for (const auto& k : o.kept)
        if (k != "threshold" && k != "all") return usage("--kept takes threshold and/or all");
    } else if (a == "--iters") o.iters = std::max(1, std::atoi(next().c_str()));
    else if (a == "--warmup") o.warmup = std::max(0, std::atoi(next().c_str()));
    else if (a == "--train-batch") o.trainBatch = std::max(1, std::atoi(next().c_str()));
    else if (a == "--threads") o.threads = std::atoi(next().c_str());
    else if (a == "--no-infer") o.infer = false;
    else if (a == "--no-train") o.train = false;
    else if (a == "--json") o.json = next();
    else return usage(("unknown argument '" + a + "'").c_str());
  }
  if (o.threads > 0) at::set_num_threads(o.threads);
  auto cfg = loadModelConfig(o.config);
  if (!cfg.ok()) return std::fprintf(stderr, "%s\n", cfg.error().toString().c_str()), 1;
  auto dev = parseDevice(o.device);
  if (!dev.ok()) return std::fprintf(stderr, "%s\n", dev.error().toString().c_str()), 1;
  o.device = dev->str();
  std::printf("bench_detector: LibTorch %s, device %s%s, config %s, images %dx%d (HxW), %d warm-up + %d timed\n",
              TORCH_VERSION, o.device.c_str(), dev->is_cuda() ? "" : " (CPU)", cfg->name.c_str(), o.height, o.width,
              o.warmup, o.iters);
  if (dev->is_cuda()) {
    // cuDNN autotuning and TF32 matrix products, as torchvision_reference.py sets them (cuDNN
    // convolutions use TF32 by default in both).
    at::globalContext().setBenchmarkCuDNN(true);
    at::globalContext().setFloat32MatmulPrecision("high");
  }
  nlohmann::json results = nlohmann::json::array();
  int failures = 0;
  // One failing measurement (a LibTorch error, out of memory) is reported and the rest still run.
  auto add = [&](const char* what, const std::function<nlohmann::json()>& run) {
    nlohmann::json r;
    try {
      r = run();
    } catch (const std::exception& e) {
      std::fprintf(stderr, "%s failed: %s\n", what, torchMessage(e).c_str());
    }
    if (r.is_null()) ++failures;
    else results.push_back(std::move(r));
  };
  for (const auto& p : o.precisions) {
    const bool bf16 = p == "bf16";
    if (o.infer)
      for (int b : o.batches)
        for (const auto& k : o.kept)
          add("inference", [&] { return benchInfer(cfg.value(), o, b, bf16, k == "all"); });
    if (o.train) add("training step", [&] { return benchTrain(cfg.value(), o, bf16); });
  }
  if (!o.json.empty()) {
    nlohmann::json doc = {{"bench", "bench_detector"}, {"libtorch", TORCH_VERSION}, {"device", o.device},
                          {"threads", at::get_num_threads()}, {"config", cfg->name}, {"height", o.height}, {"width", o.width}, {"results", results}};
    std::ofstream(o.json) << doc.dump(2) << "\n";
  }
  return failures ? 1 : 0;
}
