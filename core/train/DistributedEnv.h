#pragma once
// Where this process sits in a multi-process run, read from the environment the launchers set:
//  * torchrun (`torchrun --no-python --nproc-per-node N zsi train ...`) and other PyTorch-style
//    launchers: RANK, WORLD_SIZE, LOCAL_RANK, LOCAL_WORLD_SIZE, MASTER_ADDR, MASTER_PORT;
//  * Slurm (`srun zsi train ...`): SLURM_PROCID, SLURM_NTASKS, SLURM_LOCALID,
//    SLURM_NTASKS_PER_NODE / SLURM_TASKS_PER_NODE, and the rendezvous host from MASTER_ADDR or else
//    the first host of SLURM_JOB_NODELIST; the port from MASTER_PORT or else 29500 + job id % 1000.
// RANK/WORLD_SIZE win over Slurm's variables. Neither: a single process. Plain C++.

#include <functional>
#include <string>

#include "core/util/Result.h"

namespace zsi {

struct DistributedEnv {
  int rank = 0;
  int worldSize = 1;
  int localRank = 0;
  int localWorldSize = 1;
  std::string masterAddr = "127.0.0.1";
  int masterPort = 29500;
  std::string launcher;  // "torchrun" (RANK/WORLD_SIZE), "slurm", or "" for a single process

  bool distributed() const { return worldSize > 1; }
  bool isMain() const { return rank == 0; }
};

using EnvLookup = std::function<const char*(const char*)>;

// Errors name the variable and its value.
Result<DistributedEnv> readDistributedEnv(const EnvLookup& lookup);
Result<DistributedEnv> readDistributedEnv();  // this process's environment

// The first host of a Slurm host list: "gpu[003-005,9],login1" → "gpu003".
std::string firstSlurmHost(const std::string& nodeList);

}  // namespace zsi
