# Sources of core/train (zsi_engine: LibTorch).
target_sources(zsi_engine PRIVATE
  # Plain C++ (public headers: Trainer, InferencePipeline, ValidationEval, TrainConfig, ...)
  train/AppendOnlyFile.cpp
  train/BitmapFont.cpp
  train/DistributedEnv.cpp
  train/InferencePipeline.cpp
  train/LrSchedule.cpp
  train/OverlayRenderer.cpp
  train/RunDirectory.cpp
  train/StopSignals.cpp
  train/TrainConfigJson.cpp
  train/TrainIndex.cpp
  train/ValidationEval.cpp
  # Torch: data pipeline, optimiser, checkpoints, collectives, the loop
  train/Collective.cpp
  train/SgdMomentum.cpp
  train/TrainCheckpoint.cpp
  train/TrainDataLoader.cpp
  train/TrainSampleDecoder.cpp
  train/Trainer.cpp
  train/TrainingLoop.cpp
  train/TrainingSetup.cpp
)

# Multi-process training uses LibTorch's c10d (TCPStore + ProcessGroupGloo, and ProcessGroupNCCL on
# CUDA builds). Debian's libtorch exports them; the Gloo headers come from libgloo-dev. Without
# them the engine still builds and `zsi train` runs single-process (Collective.cpp says why not).
if(NOT DEFINED ZSI_WITH_C10D)
  include(CheckCXXSourceCompiles)
  set(CMAKE_REQUIRED_INCLUDES ${TORCH_INCLUDE_DIRS})
  set(CMAKE_REQUIRED_LIBRARIES ${TORCH_LIBRARIES})
  set(CMAKE_REQUIRED_FLAGS "-std=c++17 ${TORCH_CXX_FLAGS}")
  set(CMAKE_REQUIRED_QUIET ON)
  check_cxx_source_compiles([[
    #include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
    #include <torch/csrc/distributed/c10d/TCPStore.hpp>
    int main() {
      auto device = c10d::ProcessGroupGloo::createDefaultDevice();
      c10d::TCPStoreOptions options;
      return device && options.port > 0 ? 0 : 1;
    }]] ZSI_C10D_GLOO_WORKS)
  set(ZSI_C10D_NCCL_WORKS OFF)
  if(ZSI_C10D_GLOO_WORKS AND TORCH_LIBRARIES MATCHES "torch_cuda|c10_cuda")
    set(CMAKE_REQUIRED_DEFINITIONS -DUSE_C10D_NCCL)
    check_cxx_source_compiles([[
      #include <torch/csrc/distributed/c10d/ProcessGroupNCCL.hpp>
      int main() { auto o = c10d::ProcessGroupNCCL::Options::create(); return o ? 0 : 1; }]]
      ZSI_C10D_NCCL_WORKS)
    unset(CMAKE_REQUIRED_DEFINITIONS)
  endif()
  unset(CMAKE_REQUIRED_INCLUDES)
  unset(CMAKE_REQUIRED_LIBRARIES)
  unset(CMAKE_REQUIRED_FLAGS)
  unset(CMAKE_REQUIRED_QUIET)
  set(ZSI_WITH_C10D ${ZSI_C10D_GLOO_WORKS} CACHE BOOL "Multi-process training through LibTorch c10d (Gloo)")
  set(ZSI_WITH_NCCL ${ZSI_C10D_NCCL_WORKS} CACHE BOOL "NCCL for multi-process CUDA training")
endif()
set(_zsi_c10d_defs ZSI_WITH_C10D=$<BOOL:${ZSI_WITH_C10D}> ZSI_WITH_NCCL=$<BOOL:${ZSI_WITH_NCCL}>)
if(ZSI_WITH_NCCL)
  list(APPEND _zsi_c10d_defs USE_C10D_NCCL)
endif()
# Only this file sees the c10d headers, so it skips the engine's precompiled header.
set_source_files_properties(train/Collective.cpp PROPERTIES
  COMPILE_DEFINITIONS "${_zsi_c10d_defs}"
  SKIP_PRECOMPILE_HEADERS ON)
if(ZSI_WITH_C10D)
  find_library(ZSI_GLOO_LIBRARY gloo)
  if(ZSI_GLOO_LIBRARY)
    target_link_libraries(zsi_engine PRIVATE ${ZSI_GLOO_LIBRARY})
  endif()
endif()
message(STATUS "ZSI training: multi-process (c10d Gloo) ${ZSI_WITH_C10D}, NCCL ${ZSI_WITH_NCCL}")
