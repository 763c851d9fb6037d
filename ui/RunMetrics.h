#pragma once
// The metrics of one training run (metrics.jsonl, docs/TRAINING.md) as columns the monitor plots.
// Step records share one iteration column; each step series is a float column aligned with it
// (NaN where a record lacks the series), so a million records of 15 series cost ~70 MB instead of
// a (x, y) pair per point. Evaluation series are few points each and keep their own x (epoch).
// A `resume` record drops every point after the iteration it resumes from: the schema says a
// later record of an iteration supersedes the earlier ones, and the resumed session re-logs them.
// Not thread-safe: one owner at a time (the follower hands it between the GUI and a worker).

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

namespace zsi::ui {

// Which plot a series belongs to.
enum class SeriesGroup { Loss, LearningRate, Speed, Other, Eval };
constexpr int kSeriesGroups = 5;
const char* seriesGroupTitle(SeriesGroup group);

struct StepColumn {
  std::string name;
  SeriesGroup group = SeriesGroup::Other;
  std::vector<float> values;  // aligned with RunMetrics::stepIterations(); NaN = absent
};

struct EvalSeries {
  std::string name;  // "segm unseen AP@0.5", "segm HM AP@0.5", ...
  std::vector<double> epoch, iteration, value;
};

class RunMetrics {
 public:
  static constexpr float kMissing = std::numeric_limits<float>::quiet_NaN();

  const std::vector<double>& stepIterations() const { return iterations_; }
  const std::vector<StepColumn>& columns() const { return columns_; }
  const std::vector<EvalSeries>& evalSeries() const { return evals_; }
  std::size_t stepCount() const { return iterations_.size(); }

  // The column of a series, created (NaN-filled for earlier steps) when new.
  int column(std::string_view name, SeriesGroup group);
  // Starts a step record: a NaN row that setStep fills.
  void beginStep(double iteration);
  void setStep(int column, double value) { columns_[static_cast<std::size_t>(column)].values.back() = static_cast<float>(value); }
  void addEval(std::string_view name, double epoch, double iteration, double value);
  // A resume from `iteration`: forgets the steps and evaluations after it.
  void resumeFrom(double iteration);
  // Appends the records of the part of the file that follows this one (read separately): its
  // resumes first cut this one's steps as they would have, then its points are added.
  void append(RunMetrics&& later);

  // Bumped whenever points are removed, so views that copied points know to start over.
  std::uint64_t generation() const { return generation_; }

  // Run facts from start/resume/checkpoint/end records.
  double maxIterations = 0, iterationsPerEpoch = 0;
  std::string device, status = "running";  // "running", "finished", "interrupted"
  bool statusSeen = false;                  // a start, resume or end record set `status`
  std::string lastCheckpoint;               // path of the newest checkpoint record
  double lastIteration = 0;
  double lastTime = 0;   // Unix seconds of the newest record
  std::size_t records = 0, badLines = 0;
  std::vector<std::string> warnings;  // the first few bad lines, "metrics.jsonl:LINE: message"

  // The step table as CSV: iteration, then one column per series (empty where absent).
  std::string stepsCsv() const;

 private:
  std::vector<double> iterations_;
  std::vector<StepColumn> columns_;
  std::vector<EvalSeries> evals_;
  std::uint64_t generation_ = 0;
  double earliestResume_ = std::numeric_limits<double>::infinity();  // of the resumes seen here
};

}  // namespace zsi::ui
