#include "core/train/Collective.h"

#include <chrono>
#include <cstdlib>

#include "core/engine/TorchCompat.h"
#include "core/engine/TorchSupport.h"

#if ZSI_WITH_C10D
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>
#if ZSI_WITH_NCCL
#include <torch/csrc/distributed/c10d/ProcessGroupNCCL.hpp>
#endif
#endif

namespace zsi {

#if ZSI_WITH_C10D
namespace {

// Both expose the same collectives; we hold the backend where there is one.
#if ZSI_TORCH_C10D_BACKEND
using Backend = c10d::Backend;
#else
using Backend = c10d::ProcessGroup;
#endif

class C10dCollective final : public Collective {
 public:
  C10dCollective(c10::intrusive_ptr<c10d::Store> store, c10::intrusive_ptr<Backend> backend, int rank, int size,
                 bool hostStaging)
      : store_(std::move(store)), backend_(std::move(backend)), rank_(rank), size_(size), hostStaging_(hostStaging) {}

  int rank() const override { return rank_; }
  int size() const override { return size_; }

  void allReduceSum(torch::Tensor& t) override {
    run(t, [&](std::vector<torch::Tensor>& v) {
      c10d::AllreduceOptions opts;
      opts.reduceOp = c10d::ReduceOp::SUM;
      backend_->allreduce(v, opts)->wait();
    });
  }

  void broadcast(torch::Tensor& t, int root) override {
    run(t, [&](std::vector<torch::Tensor>& v) {
      c10d::BroadcastOptions opts;
      opts.rootRank = root;
      backend_->broadcast(v, opts)->wait();
    });
  }

  void barrier() override { backend_->barrier()->wait(); }

 private:
  template <class Fn>
  void run(torch::Tensor& t, Fn fn) {
    if (hostStaging_ && t.is_cuda()) {
      std::vector<torch::Tensor> v{t.to(torch::kCPU).contiguous()};
      fn(v);
      t.copy_(v[0]);
      return;
    }
    std::vector<torch::Tensor> v{t};
    fn(v);
  }

  c10::intrusive_ptr<c10d::Store> store_;
  c10::intrusive_ptr<Backend> backend_;
  int rank_, size_;
  bool hostStaging_;
};

}  // namespace
#endif

bool Collective::available() {
#if ZSI_WITH_C10D
  return true;
#else
  return false;
#endif
}

const char* Collective::backendFor(const torch::Device& device) {
#if ZSI_WITH_NCCL
  if (device.is_cuda()) return "nccl";
#else
  (void)device;
#endif
  return "gloo";
}

Result<std::unique_ptr<Collective>> Collective::connect(const DistributedEnv& env, const torch::Device& device,
                                                        int timeoutSeconds) {
#if ZSI_WITH_C10D
  return guardTorch("cannot join the process group at " + env.masterAddr + ":" + std::to_string(env.masterPort),
                    [&]() -> Result<std::unique_ptr<Collective>> {
    const auto timeout = std::chrono::milliseconds(static_cast<std::int64_t>(timeoutSeconds) * 1000);
    c10d::TCPStoreOptions so;
    so.port = static_cast<std::uint16_t>(env.masterPort);
    so.isServer = env.rank == 0;
    so.numWorkers = static_cast<std::size_t>(env.worldSize);
    so.waitWorkers = true;
    so.timeout = timeout;
    auto store = c10::make_intrusive<c10d::TCPStore>(env.masterAddr, so);
    c10::intrusive_ptr<c10d::Store> base = store;
    const std::string backendName = backendFor(device);
#if ZSI_WITH_NCCL
    if (backendName == "nccl") {
      auto opts = c10d::ProcessGroupNCCL::Options::create();
      opts->timeout = timeout;
      auto pg = c10::make_intrusive<c10d::ProcessGroupNCCL>(base, env.rank, env.worldSize, opts);
      return std::unique_ptr<Collective>(
          new C10dCollective(base, pg, env.rank, env.worldSize, /*hostStaging=*/false));
    }
#endif
    auto opts = c10d::ProcessGroupGloo::Options::create(timeout);
    // GLOO_SOCKET_IFNAME as PyTorch reads it; a loopback rendezvous means every rank is on this
    // machine, where the loopback device always works (the host name may not resolve).
    const char* iface = std::getenv("GLOO_SOCKET_IFNAME");
    if (iface && *iface) opts->devices.push_back(c10d::ProcessGroupGloo::createDeviceForInterface(iface));
    else if (env.masterAddr == "127.0.0.1" || env.masterAddr == "localhost")
      opts->devices.push_back(c10d::ProcessGroupGloo::createDeviceForHostname("127.0.0.1"));
    else opts->devices.push_back(c10d::ProcessGroupGloo::createDefaultDevice());
    opts->threads = 2;
    auto pg = c10::make_intrusive<c10d::ProcessGroupGloo>(base, env.rank, env.worldSize, opts);
    return std::unique_ptr<Collective>(new C10dCollective(base, pg, env.rank, env.worldSize, /*hostStaging=*/true));
  });
#else
  (void)device;
  (void)timeoutSeconds;
  return Error("this build has no distributed training: LibTorch's c10d (Gloo) was not found at build time; " +
               std::to_string(env.worldSize) + " processes were requested");
#endif
}

}  // namespace zsi
