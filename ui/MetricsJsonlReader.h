#pragma once
// Follows a growing metrics.jsonl (docs/TRAINING.md): each poll() reads only the bytes appended
// since the previous one and adds its whole lines to a RunMetrics, so following a run costs the
// size of what was appended, never a re-parse of the file. A trailing line without its newline is
// left for the next poll (the trainer writes each line with one write(2), but a reader on a
// shared file system can still see a line's first half). Step records, the bulk of the file, go
// through simdjson's on-demand parser; the rare other records through nlohmann::json. A bad line
// is counted and named in RunMetrics::warnings, never fatal: a monitor must survive a torn or
// foreign line. A file that shrank or was replaced (a new run in the same folder) empties the
// RunMetrics and is read from its start. One reader feeds one RunMetrics (it caches its columns).
// A large backlog is parsed by two threads (the second half into its own RunMetrics, appended).

#include <cstdint>
#include <memory>
#include <string>

#include "core/util/Progress.h"
#include "core/util/Result.h"
#include "ui/RunMetrics.h"

namespace zsi::ui {

class MetricsJsonlReader {
 public:
  explicit MetricsJsonlReader(std::string path);
  ~MetricsJsonlReader();
  MetricsJsonlReader(MetricsJsonlReader&&) noexcept;
  MetricsJsonlReader& operator=(MetricsJsonlReader&&) noexcept;

  struct Update {
    std::size_t lines = 0;   // whole lines read by this poll
    bool restarted = false;  // the file shrank or was replaced: `metrics` was emptied first
    bool missing = false;    // no file yet (a run that has not logged its first line)
  };
  // Reads what was appended since the last poll. Errors only for an unreadable file or a cancel
  // (then what was read up to the last whole chunk is kept and the next poll continues from it).
  Result<Update> poll(RunMetrics& metrics, const Progress* progress = nullptr);

  // Bytes that would be read by the next poll (0 when the file is missing or unchanged).
  std::uint64_t pendingBytes() const;
  std::uint64_t offset() const { return offset_; }
  const std::string& path() const { return path_; }

 private:
  struct Context;  // a parser, its column caches and its line number: one per thread
  void parseLines(Context& ctx, const char* begin, const char* end, std::size_t capacity, RunMetrics& metrics);
  void parseOther(Context& ctx, std::string_view line, RunMetrics& metrics);
  void badLine(Context& ctx, RunMetrics& metrics, const std::string& message);
  void parseRegion(const char* begin, const char* end, std::size_t capacity, RunMetrics& metrics);

  struct Impl;
  std::string path_;
  std::uint64_t offset_ = 0, inode_ = 0;
  std::unique_ptr<Impl> impl_;
};

}  // namespace zsi::ui
