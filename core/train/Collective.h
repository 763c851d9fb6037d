#pragma once
// The collectives data-parallel training needs, over PyTorch's own distributed layer (c10d):
// Gloo for CPU tensors, NCCL for CUDA tensors when LibTorch was built with it (otherwise CUDA
// tensors travel through Gloo via host memory). Rendezvous through a c10d TCPStore at
// MASTER_ADDR:MASTER_PORT, rank 0 hosting it.
//
// Builds without c10d (ZSI_WITH_C10D unset, see core/train/Sources.cmake): connect() then fails
// with a message and single-process training is unaffected. Engine-internal (torch).

#include <memory>

#include <torch/torch.h>

#include "core/train/DistributedEnv.h"
#include "core/util/Result.h"

namespace zsi {

class Collective {
 public:
  virtual ~Collective() = default;

  // Joins the process group described by `env`; blocks until every rank has joined or
  // `timeoutSeconds` pass.
  static Result<std::unique_ptr<Collective>> connect(const DistributedEnv& env, const torch::Device& device,
                                                     int timeoutSeconds);
  static bool available();       // this build has c10d
  static const char* backendFor(const torch::Device& device);  // "gloo" / "nccl"

  virtual int rank() const = 0;
  virtual int size() const = 0;
  // In place: every rank ends with the element-wise sum over ranks.
  virtual void allReduceSum(torch::Tensor& tensor) = 0;
  // In place: every rank ends with rank `root`'s values.
  virtual void broadcast(torch::Tensor& tensor, int root) = 0;
  virtual void barrier() = 0;
};

}  // namespace zsi
