// TrainingRun, part 2: the loop. One step = for each image of this process's share of the global
// batch, a forward pass seeded by its position and a backward pass of its loss / batch; then the
// gradients are averaged over processes, clipped, and applied. Per-image losses averaged over the
// global batch make N processes × b images compute exactly the step 1 process × N·b images does.

#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <limits>

#include "core/engine/TorchSupport.h"
#include "core/engine/ZsiModelImpl.h"
#include "core/train/TrainingRun.h"
#include "core/train/ValidationEval.h"

#include "core/engine/TorchCompat.h"

#if ZSI_TORCH_CUDA
#include <c10/cuda/CUDACachingAllocator.h>
#endif

namespace zsi {
namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

double unixTime() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

// VmRSS / VmHWM of this process in MiB (Linux); -1 when unknown.
std::pair<double, double> hostMemoryMb() {
  std::ifstream in("/proc/self/status");
  std::string key;
  double rss = -1, peak = -1;
  while (in >> key) {
    double kb = 0;
    if (key == "VmRSS:" && in >> kb) rss = kb / 1024.0;
    else if (key == "VmHWM:" && in >> kb) peak = kb / 1024.0;
  }
  return {rss, peak};
}

std::string timestamp() {
  const std::time_t now = std::time(nullptr);
  std::tm tm {};
  localtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm);
  return buf;
}

}  // namespace

void TrainingRun::message(const std::string& line) {
  if (!env_.isMain()) return;
  if (log_) (void)log_->appendLine("[" + timestamp() + "] " + line);
  if (observer_.onMessage) observer_.onMessage(line);
}

void TrainingRun::record(Json rec) {
  if (!env_.isMain() || !metrics_) return;
  if (!rec.contains("time")) rec["time"] = unixTime();
  auto st = metrics_->appendLine(rec.dump());
  if (!st.ok() && observer_.onMessage) observer_.onMessage("warning: " + st.error().toString());
}

Result<TrainingRun::StepResult> TrainingRun::step(std::vector<PreparedSample>& batch, double lr) {
  return guardTorch("training step " + std::to_string(position_.iteration + 1) + " failed",
                    [&]() -> Result<StepResult> {
    auto& net = model_->impl()->net;
    optimiser_->zeroGrad();
    StepResult r;
    const double scale = 1.0 / static_cast<double>(batch.size());
    for (auto& s : batch) {
      // The random samplers of the heads draw from LibTorch's generator: seeding it per image
      // makes them depend on the image's place in the run only.
      torch::manual_seed(s.forwardSeed);
      TrainBatch b;
      b.images = s.image.unsqueeze(0).to(device_);
      b.metas = {s.meta};
      b.gtBoxes = {s.boxes.to(device_)};
      b.gtLabels = {s.labels.to(device_)};
      if (s.masks.defined()) b.gtMasks = {s.masks.to(device_)};
      b.gtIgnore = {s.ignore.numel() > 0 ? s.ignore.to(device_) : torch::Tensor()};
      LossMap losses;
      {
        AutocastGuard autocast(device_, config_.bf16 && device_.is_cuda());
        losses = net->forwardTrain(b).losses;
      }
      auto total = totalLoss(losses);
      const double value = total.item<double>();
      if (!std::isfinite(value))
        return Error("the loss is not finite at iteration " + std::to_string(position_.iteration + 1) +
                     " (lower schedule.lr or check the annotations)");
      (total * scale).backward();
      for (const auto& [name, v] : losses) r.values[name] += v.detach().to(torch::kDouble).item<double>() * scale;
      r.values["loss"] += value * scale;
    }
    bool stop = options_.stop != nullptr && options_.stop->load();
    if (collective_) reduceAcrossRanks(r.values, stop);
    const double maxNorm = config_.schedule.gradClip > 0 ? config_.schedule.gradClip
                                                         : std::numeric_limits<double>::infinity();
    std::vector<torch::Tensor> withGrad;
    for (const auto& p : optimiser_->tensors())
      if (p.grad().defined()) withGrad.push_back(p);
    r.gradNorm = withGrad.empty() ? 0.0 : torch::nn::utils::clip_grad_norm_(withGrad, maxNorm);
    optimiser_->step(lr);
    r.stop = stop;
    return r;
  });
}

void TrainingRun::reduceAcrossRanks(std::map<std::string, double>& values, bool& stop) {
  // Gradients: one flat buffer, summed, divided by the number of processes.
  auto params = optimiser_->tensors();
  std::vector<torch::Tensor> flat;
  for (auto& p : params)
    flat.push_back(p.grad().defined() ? p.grad().reshape({-1}) : torch::zeros({p.numel()}, p.options()));
  auto buffer = torch::cat(flat);
  collective_->allReduceSum(buffer);
  buffer.div_(static_cast<double>(collective_->size()));
  std::int64_t offset = 0;
  for (auto& p : params) {
    auto part = buffer.slice(0, offset, offset + p.numel()).view_as(p);
    if (p.grad().defined()) p.mutable_grad().copy_(part);
    else p.mutable_grad() = part.clone();
    offset += p.numel();
  }
  // Logged values (every rank has the same names) and the stop request of any rank.
  std::vector<double> v;
  for (const auto& [name, x] : values) v.push_back(x);
  v.push_back(stop ? 1.0 : 0.0);
  auto t = torch::tensor(v, torch::kDouble);
  collective_->allReduceSum(t);
  std::size_t i = 0;
  for (auto& [name, x] : values) x = t[static_cast<int64_t>(i++)].item<double>() / collective_->size();
  stop = t[static_cast<int64_t>(i)].item<double>() > 0;
}

TrainingRun::Json TrainingRun::stepRecord(double lr, double dataSeconds, double stepSeconds) {
  Json rec;
  rec["event"] = "step";
  rec["iteration"] = position_.iteration;
  const std::int64_t perEpoch = layout_.stepsPerEpoch();
  const std::int64_t epochOfStep = (position_.iteration - 1) / perEpoch;
  rec["epoch"] = epochOfStep + 1;
  rec["epoch_iteration"] = position_.iteration - epochOfStep * perEpoch;
  rec["lr"] = lr;
  Json losses = Json::object();
  double acc = -1;
  for (const auto& [name, sum] : intervalSums_) {
    const double mean = sum / intervalCount_;
    if (name == "acc") acc = mean;
    else losses[name] = mean;
  }
  rec["losses"] = losses;
  if (acc >= 0) rec["acc"] = acc;
  rec["grad_norm"] = intervalGradNorm_ / intervalCount_;
  rec["iterations"] = intervalCount_;
  rec["iteration_s"] = stepSeconds;
  rec["data_s"] = dataSeconds;
  rec["images_per_s"] = stepSeconds > 0 ? layout_.globalBatch() / stepSeconds : 0.0;
  const auto [rss, peak] = hostMemoryMb();
  Json mem{{"host_rss", rss}, {"host_peak", peak}};
#if ZSI_TORCH_CUDA
  if (device_.is_cuda()) {
    const auto stats = c10::cuda::CUDACachingAllocator::getDeviceStats(device_.index());
    mem["cuda_allocated"] = static_cast<double>(stats.allocated_bytes[0].current) / (1 << 20);
    mem["cuda_peak"] = static_cast<double>(stats.allocated_bytes[0].peak) / (1 << 20);
  }
#endif
  rec["memory_mb"] = mem;
  return rec;
}

Status TrainingRun::checkpoint(const char* reason) {
  if (lastCheckpointIteration_ == position_.iteration) return okStatus();
  lastCheckpointIteration_ = position_.iteration;
  if (!env_.isMain()) return okStatus();
  position_.elapsedSeconds = elapsedBase_ + secondsSince(sessionStart_);
  auto t0 = Clock::now();
  auto saved = saveTrainCheckpoint(*run_, *model_, *optimiser_, position_, config_.checkpoint.keepLast);
  if (!saved.ok()) return saved.error();
  lastCheckpoint_ = saved.value();
  (void)metrics_->sync();
  (void)log_->sync();
  record({{"event", "checkpoint"}, {"iteration", position_.iteration}, {"epoch", position_.epoch},
          {"reason", reason}, {"path", lastCheckpoint_}, {"seconds", secondsSince(t0)}});
  message(std::string("checkpoint (") + reason + ") at iteration " + std::to_string(position_.iteration) + ": " +
          lastCheckpoint_);
  return okStatus();
}

Status TrainingRun::validate(std::int64_t epoch) {
  if (!valSet_ || !config_.eval.enabled) return okStatus();
  if (env_.isMain()) {
    auto& net = model_->impl()->net;
    message("evaluating on " + valPath_ + " (epoch " + std::to_string(epoch) + ")");
    ValidationSettings vs;
    vs.mode = config_.eval.mode;
    vs.maxImages = config_.eval.maxImages;
    vs.scoreThr = config_.eval.scoreThr;
    vs.workers = std::max(1, config_.data.workers);
    Progress progress;
    progress.cancel = options_.stop;
    auto t0 = Clock::now();
    net->eval();
    auto r = evaluateOnValidation(*model_, *valSet_, valPath_, valRoot_, classSet_, vs, progress);
    net->train();
    if (!r.ok()) {
      record({{"event", "eval_error"}, {"iteration", position_.iteration}, {"epoch", epoch},
              {"message", r.error().toString()}});
      message("evaluation failed: " + r.error().toString());
    } else {
      Json rec{{"event", "eval"}, {"iteration", position_.iteration}, {"epoch", epoch}};
      for (auto it = r->json.begin(); it != r->json.end(); ++it) rec[it.key()] = *it;
      rec["seconds"] = secondsSince(t0);
      record(rec);
      message("evaluation, epoch " + std::to_string(epoch) + ": " + r->summary);
    }
  }
  if (collective_) collective_->barrier();
  evaluatedAtEnd_ = true;
  return okStatus();
}

Result<TrainSummary> TrainingRun::train() {
  const std::int64_t perEpoch = layout_.stepsPerEpoch();
  elapsedBase_ = position_.elapsedSeconds;
  sessionStart_ = Clock::now();
  const auto& st = index_.stats;
  record({{"schema", kMetricsSchema},
          {"version", kMetricsVersion},
          {"event", resumed_ ? "resume" : "start"},
          {"iteration", position_.iteration},
          {"epoch", position_.epoch + 1},
          {"max_iterations", maxIterations_},
          {"iterations_per_epoch", perEpoch},
          {"epochs", config_.schedule.epochs},
          {"world_size", env_.worldSize},
          {"global_batch", layout_.globalBatch()},
          {"train_images", index_.samples.size()},
          {"device", device_.str()},
          {"seed", config_.seed}});
  message(std::string(resumed_ ? "resuming at iteration " + std::to_string(position_.iteration) : "training") +
          ": " + std::to_string(st.kept) + " of " + std::to_string(st.images) + " images (" +
          std::to_string(st.boxes) + " boxes; dropped " + std::to_string(st.droppedNoBoxes) + " without seen boxes, " +
          std::to_string(st.droppedUnseen) + " with unseen objects, " + std::to_string(st.droppedSmall) +
          " too small), " + std::to_string(perEpoch) + " iterations per epoch of " +
          std::to_string(layout_.globalBatch()) + " images, " + std::to_string(maxIterations_) + " iterations, " +
          std::to_string(env_.worldSize) + " process(es) on " + device_.str());
  if (!st.unknownCategories.empty()) {
    std::string names;
    for (const auto& n : st.unknownCategories) names += (names.empty() ? "" : ", ") + n;
    message("warning: " + std::to_string(st.unknownBoxes) + " boxes of categories not in the class set '" +
            classSet_.name + "' are left out: " + names);
  }

  loader_->start(position_.epoch, position_.stepInEpoch);
  std::int64_t sessionIterations = 0;
  bool interrupted = false;
  while (position_.iteration < maxIterations_) {
    const auto t0 = Clock::now();
    auto batch = loader_->next();
    if (!batch.ok()) return batch.error();
    const double dataSeconds = secondsSince(t0);
    const double lr = schedule_->at(position_.iteration);
    auto r = step(batch.value(), lr);
    if (!r.ok()) return r.error();
    ++position_.iteration;
    ++sessionIterations;
    position_.imagesSeen += layout_.globalBatch();
    bool epochEnded = false;
    if (++position_.stepInEpoch == perEpoch) {
      ++position_.epoch;
      position_.stepInEpoch = 0;
      epochEnded = true;
    }
    const double stepSeconds = secondsSince(t0);
    smoothedStep_ = sessionIterations == 1 ? stepSeconds : 0.9 * smoothedStep_ + 0.1 * stepSeconds;
    for (const auto& [k, v] : r->values) intervalSums_[k] += v;
    ++intervalCount_;
    intervalData_ += dataSeconds;
    intervalStep_ += stepSeconds;
    intervalGradNorm_ += r->gradNorm;
    const bool last = position_.iteration >= maxIterations_;
    const bool logged = intervalCount_ >= config_.log.intervalIters || last || r->stop || epochEnded;
    if (env_.isMain() && logged) {
      record(stepRecord(lr, intervalData_ / intervalCount_, intervalStep_ / intervalCount_));
      intervalSums_.clear();
      intervalCount_ = 0;
      intervalData_ = intervalStep_ = intervalGradNorm_ = 0;
    }
    if (env_.isMain() && observer_.onStep) {
      TrainStepInfo info;
      info.iteration = position_.iteration;
      info.maxIterations = maxIterations_;
      info.epoch = (position_.iteration - 1) / perEpoch + 1;
      info.epochs = (maxIterations_ + perEpoch - 1) / perEpoch;
      info.lr = lr;
      info.losses = r->values;
      info.loss = r->values["loss"];
      info.secondsPerIteration = smoothedStep_;
      info.etaSeconds = smoothedStep_ * static_cast<double>(maxIterations_ - position_.iteration);
      info.imagesPerSecond = smoothedStep_ > 0 ? layout_.globalBatch() / smoothedStep_ : 0;
      info.logged = logged;
      observer_.onStep(info);
    }
    const bool byInterval = config_.checkpoint.intervalIters > 0 &&
                            position_.iteration % config_.checkpoint.intervalIters == 0;
    if (epochEnded && config_.checkpoint.everyEpoch) ZSI_TRY(checkpoint("epoch"));
    else if (byInterval) ZSI_TRY(checkpoint("interval"));
    if (last) ZSI_TRY(checkpoint("end"));
    else if (r->stop) ZSI_TRY(checkpoint("interrupted"));
    evaluatedAtEnd_ = false;
    if (epochEnded) {
      record({{"event", "epoch"}, {"epoch", position_.epoch}, {"iteration", position_.iteration}});
      if (position_.epoch % config_.eval.intervalEpochs == 0 || last) ZSI_TRY(validate(position_.epoch));
    }
    if (last && !evaluatedAtEnd_ && !r->stop) ZSI_TRY(validate(position_.epoch + (epochEnded ? 0 : 1)));
    if (r->stop && !last) {
      interrupted = true;
      break;
    }
  }
  if (position_.iteration >= maxIterations_ && lastCheckpointIteration_ != position_.iteration)
    ZSI_TRY(checkpoint("end"));
  TrainSummary sum;
  sum.iterations = position_.iteration;
  sum.iterationsThisSession = sessionIterations;
  sum.interrupted = interrupted;
  sum.runDirectory = options_.out;
  sum.lastCheckpoint = lastCheckpoint_;
  sum.rank = env_.rank;
  sum.worldSize = env_.worldSize;
  sum.seconds = secondsSince(sessionStart_);
  record({{"event", "end"},
          {"iteration", position_.iteration},
          {"status", interrupted ? "interrupted" : "finished"},
          {"seconds", sum.seconds},
          {"checkpoint", lastCheckpoint_}});
  message(interrupted ? "stopped at iteration " + std::to_string(position_.iteration) +
                            "; continue with --resume"
                      : "finished: " + std::to_string(position_.iteration) + " iterations");
  if (metrics_) (void)metrics_->sync();
  if (log_) (void)log_->sync();
  if (collective_) collective_->barrier();
  return sum;
}

}  // namespace zsi
