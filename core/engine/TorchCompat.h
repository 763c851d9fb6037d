#pragma once
// Every difference between the LibTorch releases the engine builds against (Debian's 1.13 CPU and
// the current PyTorch wheel's 2.x with CUDA) is named here, once. Code tests these names, never
// TORCH_VERSION_* itself, so a new release means reading one file. Engine-internal.

#include <torch/version.h>

#define ZSI_TORCH_AT_LEAST(major, minor) \
  ((TORCH_VERSION_MAJOR > (major)) || (TORCH_VERSION_MAJOR == (major) && TORCH_VERSION_MINOR >= (minor)))

// 2.0 split the c10d communication backends (Gloo, NCCL) from the ProcessGroup front; both expose
// the same collectives (core/train/Collective.cpp holds the backend).
#define ZSI_TORCH_C10D_BACKEND ZSI_TORCH_AT_LEAST(2, 0)

// 2.4 replaced the per-device-kind autocast switches (set_enabled, set_cpu_enabled) by functions
// that take a device type (core/engine/TorchSupport.cpp, AutocastGuard).
#define ZSI_TORCH_AUTOCAST_DEVICE_TYPED ZSI_TORCH_AT_LEAST(2, 4)

// Whether the LibTorch we link has CUDA, decided by CMake (packaging/cmake/ZsiTorch.cmake). Debian's
// CPU LibTorch ships the c10/cuda headers too, and a machine with the CUDA toolkit makes them
// compile, so neither header presence nor the toolkit may decide it.
#ifndef ZSI_TORCH_CUDA
#define ZSI_TORCH_CUDA 0
#endif
