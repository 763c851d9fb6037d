#include <chrono>

#include "core/engine/MaskPaste.h"
#include "core/engine/Preprocess.h"
#include "core/engine/TorchSupport.h"
#include "core/engine/ZeroShotScoring.h"
#include "core/engine/ZsiModel.h"
#include "core/engine/ZsiModelImpl.h"

namespace zsi {
namespace {

using Clock = std::chrono::steady_clock;

double msSince(Clock::time_point t, const torch::Device& d) {
  if (d.is_cuda()) torch::cuda::synchronize();
  return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
}

Error cancelled() { return Error(kCancelledMessage); }

}  // namespace

struct InferenceSession::State {
  std::shared_ptr<ZsiModel::Impl> model;
  std::vector<torch::Tensor> features;
  BoxPredictions boxes;
  ImageMeta meta;
  bool has = false;
  InferenceTimings timings;
};

InferenceSession::InferenceSession(const ZsiModel& model) : state_(std::make_unique<State>()) {
  state_->model = model.impl();
}
InferenceSession::~InferenceSession() = default;
InferenceSession::InferenceSession(InferenceSession&&) noexcept = default;
InferenceSession& InferenceSession::operator=(InferenceSession&&) noexcept = default;

bool InferenceSession::hasImage() const { return state_->has; }
const InferenceTimings& InferenceSession::timings() const { return state_->timings; }

Status InferenceSession::run(const Image& image, const Progress* progress) {
  auto& m = *state_->model;
  if (!m.vocabularyLoaded)
    return Error("the model needs its vocabulary matrix (classes.vocabulary_size = " +
                 std::to_string(m.config.classes.vocabularySize) + "): add it with `zsi import vocabulary`");
  state_->has = false;
  if (progress && progress->cancelled()) return cancelled();
  if (progress) progress->report(0.0, "preprocess");
  return guardTorch("inference failed", [&]() -> Status {
    torch::NoGradGuard noGrad;
    auto t0 = Clock::now();
    auto prepared = prepareImage(image, m.config.input, m.device);
    if (!prepared.ok()) return prepared.error();
    state_->timings.preprocess = msSince(t0, m.device);
    if (progress) progress->report(0.2, "network");
    auto t1 = Clock::now();
    {
      AutocastGuard autocast(m.device, m.config.precision.autocastBf16);
      auto feats = m.net->extractFeatures(prepared->tensor.unsqueeze(0));
      state_->boxes = m.net->predictBoxes(feats, {prepared->meta})[0];
      state_->features.clear();
      for (auto& f : feats) state_->features.push_back(f);
    }
    state_->timings.network = msSince(t1, m.device);
    state_->meta = prepared->meta;
    state_->has = true;
    if (progress) progress->report(1.0, "network");
    return okStatus();
  });
}

Status InferenceSession::runBatch(std::vector<InferenceSession*>& sessions, const std::vector<const Image*>& images,
                                  const Progress* progress) {
  if (sessions.size() != images.size() || sessions.empty())
    return Error("runBatch needs one session per image");
  if (sessions.size() == 1) return sessions[0]->run(*images[0], progress);
  auto& m = *sessions[0]->state_->model;
  for (auto* s : sessions)
    if (s->state_->model != sessions[0]->state_->model) return Error("runBatch: the sessions use different models");
  if (!m.vocabularyLoaded)
    return Error("the model needs its vocabulary matrix (classes.vocabulary_size = " +
                 std::to_string(m.config.classes.vocabularySize) + "): add it with `zsi import vocabulary`");
  for (auto* s : sessions) s->state_->has = false;
  if (progress && progress->cancelled()) return cancelled();
  return guardTorch("inference failed", [&]() -> Status {
    torch::NoGradGuard noGrad;
    auto t0 = Clock::now();
    std::vector<torch::Tensor> tensors;
    std::vector<ImageMeta> metas;
    for (const Image* im : images) {
      auto prepared = prepareImage(*im, m.config.input, m.device);
      if (!prepared.ok()) return prepared.error();
      tensors.push_back(prepared->tensor);
      metas.push_back(prepared->meta);
    }
    const double preprocess = msSince(t0, m.device) / static_cast<double>(images.size());
    auto t1 = Clock::now();
    std::vector<torch::Tensor> feats;
    std::vector<BoxPredictions> boxes;
    {
      AutocastGuard autocast(m.device, m.config.precision.autocastBf16);
      feats = m.net->extractFeatures(batchImages(tensors));
      boxes = m.net->predictBoxes(feats, metas);
    }
    const double network = msSince(t1, m.device) / static_cast<double>(images.size());
    for (std::size_t i = 0; i < sessions.size(); ++i) {
      auto& st = *sessions[i]->state_;
      st.features.clear();
      for (auto& f : feats) st.features.push_back(f.slice(0, static_cast<int64_t>(i), static_cast<int64_t>(i) + 1));
      st.boxes = boxes[i];
      st.meta = metas[i];
      st.timings.preprocess = preprocess;
      st.timings.network = network;
      st.has = true;
    }
    return okStatus();
  });
}

Result<Instances> InferenceSession::detect(const ClassVectors& classes, const DetectOptions& options) {
  if (!state_->has) return Error("no image: call run() first");
  auto& m = *state_->model;
  const ModelConfig& cfg = m.config;
  ZSI_TRY(classes.validate());
  if (classes.dim != cfg.classes.semanticDims)
    return Error("the class vectors have dimension " + std::to_string(classes.dim) + ", the model " +
                 std::to_string(cfg.classes.semanticDims));
  const bool withSeen = modeHasSeen(options.mode);
  const bool withMasks = modeHasMasks(options.mode);
  if (withMasks && !cfg.maskHead.enabled) return Error("this model has no mask head: use zsd or gzsd");
  if (!withSeen && classes.unseenCount() == 0) return Error("the class set has no unseen class to detect");

  // Seen classes of the set → the model's training labels: by name, else by order when the
  // counts agree (a renamed class list), else only unseen-style scoring is possible.
  const auto modelSeen = m.classes.seenIndices();
  std::vector<int64_t> trainLabel(classes.size(), 0);
  const auto seenIdx = classes.seenIndices();
  bool allByName = true;
  for (int i : seenIdx) {
    int found = -1;
    for (std::size_t s = 0; s < modelSeen.size(); ++s)
      if (m.classes.names[modelSeen[s]] == classes.names[i]) found = static_cast<int>(s);
    if (found < 0) allByName = false;
    trainLabel[i] = found + 1;
  }
  if (!allByName) {
    if (seenIdx.size() == modelSeen.size()) {
      for (std::size_t s = 0; s < seenIdx.size(); ++s) trainLabel[seenIdx[s]] = static_cast<int64_t>(s) + 1;
    } else if (withSeen) {
      for (int i : seenIdx)
        if (trainLabel[i] == 0)
          return Error("seen class '" + classes.names[i] + "' is not one of the model's " +
                       std::to_string(modelSeen.size()) + " training classes");
    }
  }

  return guardTorch("detection failed", [&]() -> Result<Instances> {
    torch::NoGradGuard noGrad;
    auto t0 = Clock::now();
    const auto dev = m.device;
    ScoringClasses sc;
    sc.vectors = torch::from_blob(const_cast<float*>(classes.vectors.data()),
                                  {static_cast<int64_t>(classes.size()), classes.dim}, torch::kFloat).to(dev);
    std::vector<int64_t> flags(classes.unseen.begin(), classes.unseen.end());
    sc.unseen = torch::tensor(flags, torch::kLong).to(dev).to(torch::kBool);
    sc.trainLabel = torch::tensor(trainLabel, torch::kLong).to(dev);
    ScoringOptions so;
    so.includeSeen = withSeen;
    so.scoreThr = options.scoreThreshold.value_or(cfg.test.scoreThr);
    so.nmsIou = options.nmsIou.value_or(cfg.test.nmsIou);
    so.maxPerImage = options.maxDetections.value_or(cfg.test.maxPerImg);
    so.seenBias = withSeen ? options.seenBias.value_or(cfg.test.seenBias) : 0.0;
    so.directScoring = options.directScoring.value_or(cfg.test.directScoring);
    const auto& meta = state_->meta;
    auto det = scoreDetections(state_->boxes, m.net->classifier(state_->boxes.background), sc, so, cfg,
                               static_cast<double>(meta.height), static_cast<double>(meta.width));
    state_->timings.scoring = msSince(t0, dev);

    Instances out;
    out.imageWidth = static_cast<int>(meta.originalWidth);
    out.imageHeight = static_cast<int>(meta.originalHeight);
    out.semanticDim = cfg.classes.semanticDims;
    const int off = cfg.boxOffset();
    auto origBoxes = det.boxes / meta.scale;  // network convention, original pixels
    auto cont = origBoxes.clone();
    if (off == 1) cont.slice(1, 2, 4).add_(1.0);
    cont.select(1, 0).clamp_(0, static_cast<double>(meta.originalWidth));
    cont.select(1, 2).clamp_(0, static_cast<double>(meta.originalWidth));
    cont.select(1, 1).clamp_(0, static_cast<double>(meta.originalHeight));
    cont.select(1, 3).clamp_(0, static_cast<double>(meta.originalHeight));
    auto boxesCpu = cont.to(torch::kCPU, torch::kFloat).contiguous();
    auto labelsCpu = det.labels.to(torch::kCPU).contiguous();
    auto scoresCpu = det.scores.to(torch::kCPU, torch::kFloat).contiguous();
    auto seenCpu = det.topSeen.to(torch::kCPU, torch::kFloat).contiguous();
    auto unseenCpu = det.topUnseen.to(torch::kCPU, torch::kFloat).contiguous();
    auto semCpu = det.semantic.to(torch::kCPU, torch::kFloat).contiguous();
    const int64_t n = labelsCpu.size(0);
    for (int64_t i = 0; i < n; ++i) {
      const float* b = boxesCpu.data_ptr<float>() + 4 * i;
      out.boxes.push_back({b[0], b[1], b[2], b[3]});
      const int label = static_cast<int>(labelsCpu.data_ptr<int64_t>()[i]);
      out.labels.push_back(label);
      out.scores.push_back(scoresCpu.data_ptr<float>()[i]);
      out.topSeenScores.push_back(seenCpu.data_ptr<float>()[i]);
      out.topUnseenScores.push_back(unseenCpu.data_ptr<float>()[i]);
      out.unseen.push_back(classes.unseen[label]);
    }
    out.semantic.assign(semCpu.data_ptr<float>(), semCpu.data_ptr<float>() + semCpu.numel());

    if (withMasks) {
      auto t1 = Clock::now();
      if (n > 0) {
        auto rois = torch::cat({torch::zeros({n, 1}, det.boxes.options()), det.boxes}, 1);
        // Classifier kernels (§6, §9): a seen class scores ⟨w_c, m⟩; an unseen class goes through
        // the fixed projection W_u · W_t · W_v, i.e. the kernel W_vᵀ (W_t w_u).
        auto seenVectors = m.net->seenVectors();
        const auto& b = state_->boxes.rpnBackground;
        torch::Tensor bgV = b, bgT = b;
        if (cfg.quirks.maskBackground == MaskBackground::Official) {
          bgV = cfg.maskHead.syncBg ? b : m.net->fileBackground();
          bgT = m.net->fileBackground();
        }
        auto wv = torch::cat({bgV.reshape({1, -1}), seenVectors});
        auto wt = torch::cat({bgT.reshape({1, -1}), seenVectors});
        auto vecs = sc.vectors.index({det.labels});                    // n × D
        auto unseenKernels = torch::mm(torch::mm(vecs, wt.t()), wv);    // n × D
        auto isUnseen = sc.unseen.index({det.labels}).unsqueeze(1);
        auto kernels = torch::where(isUnseen, unseenKernels, vecs);
        torch::Tensor logits;
        {
          AutocastGuard autocast(dev, cfg.precision.autocastBf16);
          logits = m.net->maskLogits(state_->features, rois, kernels).to(torch::kFloat);
        }
        auto probs = torch::sigmoid(logits);
        out.masks = pasteMasks(probs, origBoxes, off, cfg.test.maskThrBinary, out.imageHeight, out.imageWidth);
      }
      state_->timings.masks = msSince(t1, dev);
    }
    return out;
  });
}

}  // namespace zsi
