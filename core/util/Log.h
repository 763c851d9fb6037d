#pragma once
// Logging goes to a sink the host installs (the CLI: stderr; the GUI: its log panel). The core
// never prints on its own. Thread-safe: the sink is called under a lock.

#include <functional>
#include <string>

namespace zsi {

enum class LogLevel { Debug = 0, Info = 1, Warning = 2, Error = 3 };

using LogSink = std::function<void(LogLevel, const std::string&)>;

// Replaces the sink; returns the previous one. An empty sink restores the default (stderr,
// Info and above).
LogSink setLogSink(LogSink sink);
void setLogLevel(LogLevel minimum);
void log(LogLevel level, const std::string& message);

inline void logInfo(const std::string& m) { log(LogLevel::Info, m); }
inline void logWarning(const std::string& m) { log(LogLevel::Warning, m); }
inline void logDebug(const std::string& m) { log(LogLevel::Debug, m); }

const char* logLevelName(LogLevel level);

}  // namespace zsi
