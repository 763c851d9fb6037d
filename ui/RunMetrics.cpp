#include "ui/RunMetrics.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace zsi::ui {

const char* seriesGroupTitle(SeriesGroup group) {
  switch (group) {
    case SeriesGroup::Loss: return "Losses";
    case SeriesGroup::LearningRate: return "Learning rate";
    case SeriesGroup::Speed: return "Speed";
    case SeriesGroup::Other: return "Accuracy, gradient, memory";
    case SeriesGroup::Eval: return "Evaluation per epoch";
  }
  return "";
}

int RunMetrics::column(std::string_view name, SeriesGroup group) {
  for (std::size_t i = 0; i < columns_.size(); ++i)
    if (columns_[i].name == name) return static_cast<int>(i);
  StepColumn c;
  c.name = std::string(name);
  c.group = group;
  c.values.reserve(iterations_.capacity());
  c.values.assign(iterations_.size(), kMissing);
  columns_.push_back(std::move(c));
  return static_cast<int>(columns_.size() - 1);
}

void RunMetrics::beginStep(double iteration) {
  iterations_.push_back(iteration);
  for (auto& c : columns_) c.values.push_back(kMissing);
  lastIteration = iteration;
}

void RunMetrics::addEval(std::string_view name, double epoch, double iteration, double value) {
  auto it = std::find_if(evals_.begin(), evals_.end(), [&](const EvalSeries& s) { return s.name == name; });
  if (it == evals_.end()) {
    evals_.push_back(EvalSeries{std::string(name), {}, {}, {}});
    it = evals_.end() - 1;
  }
  it->epoch.push_back(epoch);
  it->iteration.push_back(iteration);
  it->value.push_back(value);
}

void RunMetrics::resumeFrom(double iteration) {
  // Iterations only grow within a session, so everything after the resume point is one tail.
  const auto cut = std::upper_bound(iterations_.begin(), iterations_.end(), iteration);
  const auto keep = static_cast<std::size_t>(cut - iterations_.begin());
  bool removed = keep < iterations_.size();
  iterations_.resize(keep);
  for (auto& c : columns_) c.values.resize(keep);
  for (auto& e : evals_) {
    std::size_t n = 0;
    while (n < e.iteration.size() && e.iteration[n] <= iteration) ++n;
    removed = removed || n < e.iteration.size();
    e.epoch.resize(n);
    e.iteration.resize(n);
    e.value.resize(n);
  }
  if (removed) ++generation_;
  lastIteration = iteration;
  status = "running";
  earliestResume_ = std::min(earliestResume_, iteration);
}

void RunMetrics::append(RunMetrics&& later) {
  // Every resume of `later` removes this part's steps after it; the earliest one cuts deepest.
  const bool resumed = later.earliestResume_ != std::numeric_limits<double>::infinity();
  if (resumed) resumeFrom(later.earliestResume_);
  const std::size_t n0 = iterations_.size(), add = later.iterations_.size();
  iterations_.insert(iterations_.end(), later.iterations_.begin(), later.iterations_.end());
  for (auto& c : columns_) c.values.resize(n0 + add, kMissing);
  for (auto& lc : later.columns_) {
    const int i = column(lc.name, lc.group);  // new columns come NaN-filled to n0 + add
    auto& values = columns_[static_cast<std::size_t>(i)].values;
    std::copy(lc.values.begin(), lc.values.end(), values.begin() + static_cast<std::ptrdiff_t>(n0));
  }
  for (auto& le : later.evals_)
    for (std::size_t k = 0; k < le.value.size(); ++k) addEval(le.name, le.epoch[k], le.iteration[k], le.value[k]);
  if (later.maxIterations > 0) maxIterations = later.maxIterations;
  if (later.iterationsPerEpoch > 0) iterationsPerEpoch = later.iterationsPerEpoch;
  if (!later.device.empty()) device = later.device;
  if (later.statusSeen) {
    status = later.status;
    statusSeen = true;
  }
  if (!later.lastCheckpoint.empty()) lastCheckpoint = later.lastCheckpoint;
  if (add > 0 || resumed) lastIteration = later.lastIteration;
  if (later.lastTime > 0) lastTime = later.lastTime;
  records += later.records;
  badLines += later.badLines;
  for (auto& w : later.warnings)
    if (warnings.size() < 5) warnings.push_back(std::move(w));
}

std::string RunMetrics::stepsCsv() const {
  std::string out = "iteration";
  for (const auto& c : columns_) out += "," + c.name;
  out += "\n";
  char buf[64];
  for (std::size_t i = 0; i < iterations_.size(); ++i) {
    std::snprintf(buf, sizeof buf, "%.17g", iterations_[i]);
    out += buf;
    for (const auto& c : columns_) {
      out += ',';
      if (!std::isnan(c.values[i])) {
        std::snprintf(buf, sizeof buf, "%.9g", static_cast<double>(c.values[i]));
        out += buf;
      }
    }
    out += '\n';
  }
  return out;
}

}  // namespace zsi::ui
