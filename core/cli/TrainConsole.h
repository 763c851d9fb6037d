#pragma once
// What long jobs (`zsi train`, `zsi infer`) print while they run: on a terminal, one live progress
// line redrawn in place (bar, rate, ETA, loss), with messages printed above it; otherwise plain
// lines only, so logs and pipes stay readable.

#include <chrono>
#include <ostream>
#include <string>

namespace zsi::cli {

class TrainConsole {
 public:
  // `live`: draw the progress line (normally: the stream is a terminal).
  TrainConsole(std::ostream& out, bool live);
  ~TrainConsole();

  static bool stdoutIsTerminal();
  bool live() const { return live_; }

  // A line of its own (above the progress line).
  void line(const std::string& text);
  // Redraws the progress line (at most ~5 times a second unless `force`).
  void progress(const std::string& text, bool force = false);
  // Removes the progress line (before the final summary).
  void finish();

  // "0:13:45"
  static std::string duration(double seconds);
  // "[########........]" of `width` cells.
  static std::string bar(double fraction, int width);

 private:
  std::ostream& out_;
  bool live_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point last_{};
};

}  // namespace zsi::cli
