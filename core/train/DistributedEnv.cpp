#include "core/train/DistributedEnv.h"

#include <algorithm>
#include <cstdlib>

namespace zsi {
namespace {

Result<int> intVar(const EnvLookup& env, const char* name, int fallback, bool* present = nullptr) {
  const char* v = env(name);
  if (present) *present = v != nullptr && *v != '\0';
  if (!v || !*v) return fallback;
  char* end = nullptr;
  const long x = std::strtol(v, &end, 10);
  if (*end != '\0' || x < 0 || x > 1'000'000)
    return Error(std::string("environment variable ") + name + "=\"" + v + "\" is not a non-negative integer");
  return static_cast<int>(x);
}

// "4(x2),3" (SLURM_TASKS_PER_NODE) → 4: the tasks on the first node.
int firstTaskCount(const std::string& s) {
  int n = 0;
  for (char c : s) {
    if (c < '0' || c > '9') break;
    n = n * 10 + (c - '0');
  }
  return n;
}

}  // namespace

std::string firstSlurmHost(const std::string& list) {
  // The first entry ends at a comma outside brackets.
  std::string entry;
  int depth = 0;
  for (char c : list) {
    if (c == '[') ++depth;
    if (c == ']') --depth;
    if (c == ',' && depth == 0) break;
    entry += c;
  }
  const auto open = entry.find('[');
  if (open == std::string::npos) return entry;
  const auto close = entry.find(']', open);
  if (close == std::string::npos) return entry;
  std::string inside = entry.substr(open + 1, close - open - 1);
  std::string first = inside.substr(0, inside.find_first_of(",-"));
  return entry.substr(0, open) + first + entry.substr(close + 1);
}

Result<DistributedEnv> readDistributedEnv(const EnvLookup& env) {
  DistributedEnv d;
  bool hasRank = false, hasWorld = false;
  auto rank = intVar(env, "RANK", 0, &hasRank);
  if (!rank.ok()) return rank.error();
  auto world = intVar(env, "WORLD_SIZE", 1, &hasWorld);
  if (!world.ok()) return world.error();
  if (hasRank || hasWorld) {
    if (!hasRank || !hasWorld) return Error("RANK and WORLD_SIZE must be set together (torchrun sets both)");
    d.launcher = "torchrun";
    d.rank = rank.value();
    d.worldSize = world.value();
    auto local = intVar(env, "LOCAL_RANK", d.rank);
    if (!local.ok()) return local.error();
    auto localWorld = intVar(env, "LOCAL_WORLD_SIZE", d.worldSize);
    if (!localWorld.ok()) return localWorld.error();
    d.localRank = local.value();
    d.localWorldSize = localWorld.value();
  } else {
    bool hasTasks = false;
    auto tasks = intVar(env, "SLURM_NTASKS", 1, &hasTasks);
    if (!tasks.ok()) return tasks.error();
    if (hasTasks && tasks.value() > 1) {
      d.launcher = "slurm";
      d.worldSize = tasks.value();
      auto procId = intVar(env, "SLURM_PROCID", -1);
      if (!procId.ok()) return procId.error();
      if (procId.value() < 0) return Error("SLURM_NTASKS is set but SLURM_PROCID is not: start the tasks with srun");
      d.rank = procId.value();
      auto local = intVar(env, "SLURM_LOCALID", 0);
      if (!local.ok()) return local.error();
      d.localRank = local.value();
      const char* perNode = env("SLURM_NTASKS_PER_NODE");
      if (!perNode || !*perNode) perNode = env("SLURM_TASKS_PER_NODE");
      d.localWorldSize = perNode && firstTaskCount(perNode) > 0 ? firstTaskCount(perNode) : 1;
      const char* nodes = env("SLURM_JOB_NODELIST");
      if (!nodes || !*nodes) nodes = env("SLURM_NODELIST");
      if (nodes && *nodes) d.masterAddr = firstSlurmHost(nodes);
      auto job = intVar(env, "SLURM_JOB_ID", 0);
      if (!job.ok()) return job.error();
      d.masterPort = 29500 + job.value() % 1000;
    }
  }
  if (const char* addr = env("MASTER_ADDR"); addr && *addr) d.masterAddr = addr;
  bool hasPort = false;
  auto port = intVar(env, "MASTER_PORT", d.masterPort, &hasPort);
  if (!port.ok()) return port.error();
  d.masterPort = port.value();
  if (d.worldSize < 1) return Error("WORLD_SIZE must be at least 1");
  if (d.rank >= d.worldSize)
    return Error("rank " + std::to_string(d.rank) + " is not below the world size " + std::to_string(d.worldSize));
  if (d.masterPort < 1 || d.masterPort > 65535)
    return Error("MASTER_PORT=" + std::to_string(d.masterPort) + " is not a TCP port");
  if (d.localRank >= std::max(d.localWorldSize, 1) && d.localWorldSize > 0) d.localWorldSize = d.localRank + 1;
  return d;
}

Result<DistributedEnv> readDistributedEnv() {
  return readDistributedEnv([](const char* name) -> const char* { return std::getenv(name); });
}

}  // namespace zsi
