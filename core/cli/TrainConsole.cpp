#include "core/cli/TrainConsole.h"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace zsi::cli {

TrainConsole::TrainConsole(std::ostream& out, bool live) : out_(out), live_(live) {}
TrainConsole::~TrainConsole() { finish(); }

bool TrainConsole::stdoutIsTerminal() { return ::isatty(STDOUT_FILENO) == 1; }

void TrainConsole::line(const std::string& text) {
  if (drawn_) out_ << "\r\033[K";
  drawn_ = false;
  out_ << text << "\n" << std::flush;
}

void TrainConsole::progress(const std::string& text, bool force) {
  if (!live_) return;
  const auto now = std::chrono::steady_clock::now();
  if (!force && drawn_ && now - last_ < std::chrono::milliseconds(200)) return;
  last_ = now;
  out_ << "\r\033[K" << text << std::flush;
  drawn_ = true;
}

void TrainConsole::finish() {
  if (drawn_) out_ << "\r\033[K" << std::flush;
  drawn_ = false;
}

std::string TrainConsole::duration(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) return "?";
  const long long s = static_cast<long long>(seconds + 0.5);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%lld:%02lld:%02lld", s / 3600, (s / 60) % 60, s % 60);
  return buf;
}

std::string TrainConsole::bar(double fraction, int width) {
  const int filled = static_cast<int>(std::clamp(fraction, 0.0, 1.0) * width);
  return "[" + std::string(static_cast<std::size_t>(filled), '#') +
         std::string(static_cast<std::size_t>(width - filled), '.') + "]";
}

}  // namespace zsi::cli
