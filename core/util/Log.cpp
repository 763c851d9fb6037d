#include "core/util/Log.h"

#include <atomic>
#include <cstdio>
#include <mutex>

namespace zsi {
namespace {

std::mutex& sinkMutex() {
  static std::mutex m;
  return m;
}
LogSink& sinkRef() {
  static LogSink s;
  return s;
}
std::atomic<int> gMinLevel{static_cast<int>(LogLevel::Info)};

}  // namespace

const char* logLevelName(LogLevel level) {
  switch (level) {
    case LogLevel::Debug: return "debug";
    case LogLevel::Info: return "info";
    case LogLevel::Warning: return "warning";
    case LogLevel::Error: return "error";
  }
  return "?";
}

LogSink setLogSink(LogSink sink) {
  std::lock_guard<std::mutex> lock(sinkMutex());
  LogSink old = std::move(sinkRef());
  sinkRef() = std::move(sink);
  return old;
}

void setLogLevel(LogLevel minimum) { gMinLevel = static_cast<int>(minimum); }

void log(LogLevel level, const std::string& message) {
  if (static_cast<int>(level) < gMinLevel.load()) return;
  std::lock_guard<std::mutex> lock(sinkMutex());
  if (sinkRef()) {
    sinkRef()(level, message);
  } else {
    std::fprintf(stderr, "%s: %s\n", logLevelName(level), message.c_str());
  }
}

}  // namespace zsi
