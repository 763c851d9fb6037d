#include "core/train/RunDirectory.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "core/util/AtomicFile.h"

namespace zsi {
namespace {

namespace fs = std::filesystem;

constexpr const char* kModelSuffix = ".safetensors";
constexpr const char* kStateSuffix = ".state.safetensors";

// Iteration of a stem "iter_NNNNNNNN"; -1 when it is not one.
std::int64_t stemIteration(const std::string& stem) {
  if (stem.rfind("iter_", 0) != 0 || stem.size() <= 5) return -1;
  std::int64_t v = 0;
  for (std::size_t i = 5; i < stem.size(); ++i) {
    if (stem[i] < '0' || stem[i] > '9') return -1;
    v = v * 10 + (stem[i] - '0');
  }
  return v;
}

bool endsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

Status RunDirectory::checkWritable(const std::string& path) {
  std::error_code ec;
  if (fs::exists(path, ec) && !fs::is_directory(path, ec))
    return Error("the run directory is not a directory").inFile(path);
  fs::create_directories(path, ec);
  if (ec) return Error("cannot create the run directory: " + ec.message()).inFile(path);
  const std::string probe = (fs::path(path) / ".zsi-write-probe").string();
  const int fd = ::open(probe.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return Error(std::string("the run directory is not writable: ") + std::strerror(errno)).inFile(path);
  const bool wrote = ::write(fd, "ok", 2) == 2;
  const int err = errno;
  ::close(fd);
  ::unlink(probe.c_str());
  if (!wrote) return Error(std::string("the run directory is not writable: ") + std::strerror(err)).inFile(path);
  return okStatus();
}

Result<RunDirectory> RunDirectory::createFresh(const std::string& path) {
  ZSI_TRY(checkWritable(path));
  RunDirectory d(path);
  std::error_code ec;
  if (fs::exists(d.file("metrics.jsonl"), ec) || fs::exists(fs::path(d.checkpointsDir()) / "latest", ec))
    return Error("the folder already holds a training run: continue it with --resume, or choose another --out")
        .inFile(path);
  // Without a pointer the checkpoints still belong to a run, which a fresh one would rotate away.
  if (!d.checkpoints().empty())
    return Error("the folder already holds training checkpoints: continue the run with --resume, or choose "
                 "another --out")
        .inFile(path);
  fs::create_directories(d.checkpointsDir(), ec);
  if (ec) return Error("cannot create the checkpoint folder: " + ec.message()).inFile(d.checkpointsDir());
  return d;
}

Result<RunDirectory> RunDirectory::openExisting(const std::string& path) {
  std::error_code ec;
  if (!fs::is_directory(path, ec)) return Error("--resume: the run directory does not exist").inFile(path);
  RunDirectory d(path);
  if (!fs::exists(d.file("config.json"), ec))
    return Error("--resume: the folder holds no training run (no config.json)").inFile(path);
  ZSI_TRY(checkWritable(path));
  fs::create_directories(d.checkpointsDir(), ec);
  return d;
}

std::string RunDirectory::file(const std::string& name) const { return (fs::path(path_) / name).string(); }
std::string RunDirectory::checkpointsDir() const { return (fs::path(path_) / "checkpoints").string(); }

std::string RunDirectory::checkpointStem(std::int64_t iteration) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "iter_%08lld", static_cast<long long>(iteration));
  return buf;
}

std::string RunDirectory::modelPath(const std::string& stem) const {
  return (fs::path(checkpointsDir()) / (stem + kModelSuffix)).string();
}
std::string RunDirectory::statePath(const std::string& stem) const {
  return (fs::path(checkpointsDir()) / (stem + kStateSuffix)).string();
}

Result<std::optional<std::string>> RunDirectory::latest() const {
  const std::string p = (fs::path(checkpointsDir()) / "latest").string();
  std::error_code ec;
  if (!fs::exists(p, ec)) return std::optional<std::string>();
  auto text = readFile(p);
  if (!text.ok()) return text.error();
  std::string stem = text.value();
  while (!stem.empty() && (stem.back() == '\n' || stem.back() == '\r' || stem.back() == ' ')) stem.pop_back();
  if (stemIteration(stem) < 0) return Error("the checkpoint pointer names no checkpoint: \"" + stem + "\"").inFile(p);
  if (!fs::exists(modelPath(stem), ec) || !fs::exists(statePath(stem), ec))
    return Error("the checkpoint '" + stem + "' named by the pointer is incomplete").inFile(p);
  return std::optional<std::string>(stem);
}

Result<std::string> RunDirectory::resumeCheckpoint() const {
  auto named = latest();
  if (named.ok() && named.value()) return **named;
  const auto complete = checkpoints();
  if (!complete.empty()) return complete.back();
  const std::string why = named.ok() ? "checkpoints/latest is missing" : named.error().message;
  return Error("--resume: no complete checkpoint to continue from (" + why + ")").inFile(checkpointsDir());
}

Status RunDirectory::setLatest(const std::string& stem) const {
  return writeFileAtomic((fs::path(checkpointsDir()) / "latest").string(), stem + "\n");
}

std::vector<std::string> RunDirectory::checkpoints() const {
  std::vector<std::pair<std::int64_t, std::string>> found;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(checkpointsDir(), ec)) {
    const std::string name = e.path().filename().string();
    if (!endsWith(name, kStateSuffix)) continue;
    const std::string stem = name.substr(0, name.size() - std::strlen(kStateSuffix));
    const std::int64_t it = stemIteration(stem);
    if (it >= 0 && fs::exists(modelPath(stem), ec)) found.emplace_back(it, stem);
  }
  std::sort(found.begin(), found.end());
  std::vector<std::string> out;
  for (auto& f : found) out.push_back(f.second);
  return out;
}

void RunDirectory::prune(int keepLast) const {
  auto cur = latest();
  if (!cur.ok() || !cur.value()) return;
  const std::int64_t latestIt = stemIteration(**cur);
  std::error_code ec;
  // Files of checkpoints the pointer never reached (a killed run) go first.
  for (const auto& e : fs::directory_iterator(checkpointsDir(), ec)) {
    const std::string name = e.path().filename().string();
    // Temporary files of atomic writes that a killed run never renamed.
    if (name.find(".tmp-") != std::string::npos && name.rfind("iter_", 0) == 0) {
      fs::remove(e.path(), ec);
      continue;
    }
    if (!endsWith(name, kModelSuffix)) continue;
    std::string stem = name.substr(0, name.size() - (endsWith(name, kStateSuffix) ? std::strlen(kStateSuffix)
                                                                                   : std::strlen(kModelSuffix)));
    if (stemIteration(stem) > latestIt && !(fs::exists(modelPath(stem), ec) && fs::exists(statePath(stem), ec)))
      fs::remove(e.path(), ec);
  }
  if (keepLast <= 0) return;
  auto all = checkpoints();
  std::vector<std::string> older;
  for (const auto& s : all)
    if (stemIteration(s) < latestIt) older.push_back(s);
  const std::size_t keepOlder = static_cast<std::size_t>(keepLast - 1);
  for (std::size_t i = 0; i + keepOlder < older.size(); ++i) {
    fs::remove(statePath(older[i]), ec);  // the state first: a model alone is not a checkpoint
    fs::remove(modelPath(older[i]), ec);
  }
}

Result<std::string> resolveModelCheckpoint(const std::string& p) {
  std::error_code ec;
  if (!fs::exists(p, ec)) return Error("the model file does not exist").inFile(p);
  if (!fs::is_directory(p, ec)) return p;
  RunDirectory d(p);
  auto stem = d.latest();
  if (!stem.ok()) return stem.error();
  if (!stem.value()) return Error("the run directory holds no checkpoint yet").inFile(p);
  return d.modelPath(**stem);
}

}  // namespace zsi
