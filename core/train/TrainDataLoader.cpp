#include "core/train/TrainDataLoader.h"

#include "core/train/SeedMix.h"

namespace zsi {
namespace {

// xoshiro-free and distribution-free on purpose: std::uniform_int_distribution differs between
// standard libraries, and the order must not.
struct SplitMixStream {
  std::uint64_t state;
  std::uint64_t next() { return splitMix64(state++); }
  std::uint64_t below(std::uint64_t n) { return n <= 1 ? 0 : next() % n; }
  double unit() { return static_cast<double>(next() >> 11) * (1.0 / 9007199254740992.0); }
};

}  // namespace

std::vector<std::int64_t> epochOrder(const DataStreamLayout& l, std::int64_t epoch) {
  std::vector<std::int64_t> perm(static_cast<std::size_t>(l.numSamples));
  for (std::int64_t i = 0; i < l.numSamples; ++i) perm[static_cast<std::size_t>(i)] = i;
  SplitMixStream rng{sampleSeed(l.seed, epoch, 0, SeedPurpose::EpochOrder)};
  for (std::size_t i = perm.size(); i > 1; --i) std::swap(perm[i - 1], perm[rng.below(i)]);
  const std::size_t total = static_cast<std::size_t>(l.stepsPerEpoch() * l.globalBatch());
  for (std::size_t k = perm.size(); k < total && l.numSamples > 0; ++k)
    perm.push_back(perm[k % static_cast<std::size_t>(l.numSamples)]);
  return perm;
}

bool flipAt(const DataStreamLayout& l, std::int64_t epoch, std::int64_t position) {
  if (l.flipRatio <= 0) return false;
  SplitMixStream rng{sampleSeed(l.seed, epoch, position, SeedPurpose::Augment)};
  return rng.unit() < l.flipRatio;
}

TrainDataLoader::TrainDataLoader(const TrainIndex& index, const CocoDataset& dataset, const ModelConfig& config,
                                 const DataStreamLayout& layout, int workers, int prefetch)
    : index_(index), dataset_(dataset), config_(config), layout_(layout), workers_(workers),
      prefetch_(std::max(prefetch, 1)) {}

TrainDataLoader::~TrainDataLoader() { stop(); }

void TrainDataLoader::stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  cv_.notify_all();
  for (auto& t : threads_) t.join();
  threads_.clear();
}

void TrainDataLoader::start(std::int64_t epoch, std::int64_t step) {
  stop();
  std::lock_guard<std::mutex> lock(mutex_);
  stopping_ = false;
  ready_.clear();
  orders_.clear();
  nextClaim_ = nextConsume_ = (epoch * layout_.stepsPerEpoch() + step) * layout_.localBatch;
  for (int i = 0; i < workers_; ++i) threads_.emplace_back([this] { workerLoop(); });
}

std::vector<std::int64_t>& TrainDataLoader::orderOf(std::int64_t epoch) {
  auto& slot = orders_[epoch];
  if (!slot) slot = std::make_shared<std::vector<std::int64_t>>(epochOrder(layout_, epoch));
  // Orders of epochs nobody needs any more are dropped.
  while (orders_.size() > 2 && orders_.begin()->first < epoch) orders_.erase(orders_.begin());
  return *slot;
}

Result<PreparedSample> TrainDataLoader::produce(std::int64_t item) {
  const std::int64_t b = layout_.localBatch;
  const std::int64_t step = item / b, j = item % b;
  const std::int64_t epoch = step / layout_.stepsPerEpoch();
  const std::int64_t stepInEpoch = step % layout_.stepsPerEpoch();
  const std::int64_t position = stepInEpoch * layout_.globalBatch() + layout_.rank * b + j;
  std::int64_t sample;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    sample = orderOf(epoch)[static_cast<std::size_t>(position)];
  }
  const bool flip = flipAt(layout_, epoch, position);
  auto s = decodeTrainSample(index_.samples[static_cast<std::size_t>(sample)], dataset_, config_, flip);
  if (s.ok()) {
    s->epoch = epoch;
    s->position = position;
    s->forwardSeed = sampleSeed(layout_.seed, epoch, position, SeedPurpose::Forward);
  }
  return s;
}

void TrainDataLoader::workerLoop() {
  for (;;) {
    std::int64_t item;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      cv_.wait(lock, [&] { return stopping_ || nextClaim_ < nextConsume_ + prefetch_; });
      if (stopping_) return;
      item = nextClaim_++;
    }
    auto result = std::make_unique<Result<PreparedSample>>(produce(item));
    {
      std::lock_guard<std::mutex> lock(mutex_);
      ready_[item] = std::move(result);
    }
    cv_.notify_all();
  }
}

Result<std::vector<PreparedSample>> TrainDataLoader::next() {
  std::vector<PreparedSample> batch;
  for (int j = 0; j < layout_.localBatch; ++j) {
    std::unique_ptr<Result<PreparedSample>> r;
    std::int64_t item;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      item = nextConsume_;
      if (workers_ == 0) {
        ++nextClaim_;
      } else {
        cv_.wait(lock, [&] { return ready_.count(item) > 0; });
        r = std::move(ready_[item]);
        ready_.erase(item);
      }
      ++nextConsume_;
    }
    cv_.notify_all();
    if (workers_ == 0) r = std::make_unique<Result<PreparedSample>>(produce(item));
    if (!r->ok()) return r->error();
    batch.push_back(std::move(r->value()));
  }
  return batch;
}

}  // namespace zsi
