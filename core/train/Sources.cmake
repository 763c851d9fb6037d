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
  # The library files, not TORCH_LIBRARIES: the wheel's imported targets name dependencies (protobuf)
  # that a try_compile project does not define.
  get_filename_component(_zsi_torch_libdir "${TORCH_LIBRARY}" DIRECTORY)
  set(CMAKE_REQUIRED_INCLUDES ${TORCH_INCLUDE_DIRS} ${CUDAToolkit_INCLUDE_DIRS})
  set(CMAKE_REQUIRED_LIBRARIES "${TORCH_LIBRARY}" "${_zsi_torch_libdir}/libtorch_cpu.so" "${_zsi_torch_libdir}/libc10.so")
  set(CMAKE_REQUIRED_FLAGS "-std=c++${CMAKE_CXX_STANDARD} ${TORCH_CXX_FLAGS}")
  set(CMAKE_REQUIRED_QUIET ON)
  # Debian's imported target defines these; the wheel's does not, and its headers are empty without.
  set(CMAKE_REQUIRED_DEFINITIONS -DUSE_DISTRIBUTED -DUSE_C10D_GLOO)
  check_cxx_source_compiles([[
    #include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
    #include <torch/csrc/distributed/c10d/TCPStore.hpp>
    int main() {
      auto device = c10d::ProcessGroupGloo::createDefaultDevice();
      c10d::TCPStoreOptions options;
      return device && options.port > 0 ? 0 : 1;
    }]] ZSI_C10D_GLOO_WORKS)
  # (No default value before the check: check_cxx_source_compiles skips a variable already defined.)
  if(ZSI_C10D_GLOO_WORKS AND ZSI_TORCH_CUDA)
    list(APPEND CMAKE_REQUIRED_DEFINITIONS -DUSE_C10D_NCCL)
    list(APPEND CMAKE_REQUIRED_LIBRARIES "${_zsi_torch_libdir}/libtorch_cuda.so" "${_zsi_torch_libdir}/libc10_cuda.so")
    check_cxx_source_compiles([[
      #include <torch/csrc/distributed/c10d/ProcessGroupNCCL.hpp>
      int main() { auto o = c10d::ProcessGroupNCCL::Options::create(); return o ? 0 : 1; }]]
      ZSI_C10D_NCCL_WORKS)
  endif()
  unset(CMAKE_REQUIRED_DEFINITIONS)
  unset(CMAKE_REQUIRED_INCLUDES)
  unset(CMAKE_REQUIRED_LIBRARIES)
  unset(CMAKE_REQUIRED_FLAGS)
  unset(CMAKE_REQUIRED_QUIET)
  set(ZSI_WITH_C10D ${ZSI_C10D_GLOO_WORKS} CACHE BOOL "Multi-process training through LibTorch c10d (Gloo)")
  set(_zsi_nccl OFF)
  if(ZSI_C10D_NCCL_WORKS)
    set(_zsi_nccl ON)
  endif()
  set(ZSI_WITH_NCCL ${_zsi_nccl} CACHE BOOL "NCCL for multi-process CUDA training")
endif()
set(_zsi_c10d_defs ZSI_WITH_C10D=$<BOOL:${ZSI_WITH_C10D}> ZSI_WITH_NCCL=$<BOOL:${ZSI_WITH_NCCL}>)
if(ZSI_WITH_C10D)
  list(APPEND _zsi_c10d_defs USE_DISTRIBUTED USE_C10D_GLOO)
endif()
if(ZSI_WITH_NCCL)
  list(APPEND _zsi_c10d_defs USE_C10D_NCCL)
endif()
# Only this file sees the c10d headers, so it skips the engine's precompiled header.
set_source_files_properties(train/Collective.cpp PROPERTIES
  COMPILE_DEFINITIONS "${_zsi_c10d_defs}"
  SKIP_PRECOMPILE_HEADERS ON)
if(ZSI_WITH_C10D AND ZSI_TORCH_SYSTEM)
  find_library(ZSI_GLOO_LIBRARY gloo)
  if(ZSI_GLOO_LIBRARY)
    target_link_libraries(zsi_engine PRIVATE ${ZSI_GLOO_LIBRARY})
  endif()
endif()
message(STATUS "ZSI training: multi-process (c10d Gloo) ${ZSI_WITH_C10D}, NCCL ${ZSI_WITH_NCCL}")
