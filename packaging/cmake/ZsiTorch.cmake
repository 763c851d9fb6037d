# LibTorch, whichever the build is pointed at: Debian's 1.13 (CPU; the default) or the current
# PyTorch wheel's 2.x with CUDA (packaging/torch-build.sh). Everything that differs between the two
# at the CMake level is decided here, once:
#   - the C++ standard: LibTorch 2.12 and later need C++20 in their headers;
#   - ZSI_TORCH_CUDA: whether the linked LibTorch has CUDA (the c10/cuda headers are usable only
#     then; the CUDA toolkit on the machine says nothing about the LibTorch we link);
#   - ZSI_FMT_TARGET: the wheel bundles its own fmt headers (12.x) in its include folder, which comes
#     before /usr/include, so our sources see that fmt; linking Debian's libfmt.so.9 then leaves
#     fmt 12 symbols undefined. With such a LibTorch fmt is used header-only, consistently.
# In C++, the release differences are named in core/engine/TorchCompat.h.
find_package(Torch 1.13 REQUIRED)

if(NOT CMAKE_CXX_STANDARD)
  if(Torch_VERSION VERSION_GREATER_EQUAL 2.12)
    set(CMAKE_CXX_STANDARD 20)
  else()
    set(CMAKE_CXX_STANDARD 17)
  endif()
endif()
set(CMAKE_CXX_STANDARD_REQUIRED ON)
set(CMAKE_CXX_EXTENSIONS OFF)

set(ZSI_TORCH_CUDA OFF)
if(TORCH_LIBRARIES MATCHES "torch_cuda|c10_cuda")
  set(ZSI_TORCH_CUDA ON)
endif()

# Debian's LibTorch lives in a system library folder and links the system's shared Gloo; the wheel
# carries Gloo inside libtorch_cpu (core/train/Sources.cmake).
get_filename_component(_zsi_torch_libdir "${TORCH_LIBRARY}" DIRECTORY)
set(ZSI_TORCH_SYSTEM OFF)
if(_zsi_torch_libdir IN_LIST CMAKE_CXX_IMPLICIT_LINK_DIRECTORIES)
  set(ZSI_TORCH_SYSTEM ON)
endif()

set(ZSI_FMT_TARGET fmt::fmt)
foreach(_dir IN LISTS TORCH_INCLUDE_DIRS)
  # /usr/include (Debian's LibTorch) holds Debian's own fmt, searched last: no clash there.
  if(EXISTS "${_dir}/fmt/format.h" AND NOT _dir IN_LIST CMAKE_CXX_IMPLICIT_INCLUDE_DIRECTORIES)
    set(ZSI_FMT_TARGET fmt::fmt-header-only)
  endif()
endforeach()

# One interface target carries LibTorch into ours, with its flags and the CUDA switch.
add_library(zsi_torch INTERFACE)
target_link_libraries(zsi_torch INTERFACE ${TORCH_LIBRARIES})
target_compile_definitions(zsi_torch INTERFACE ZSI_TORCH_CUDA=$<BOOL:${ZSI_TORCH_CUDA}>)
# LibTorch's ABI flag must reach every object that passes std::string across its boundary.
if(TORCH_CXX_FLAGS)
  add_compile_options(${TORCH_CXX_FLAGS})
endif()
message(STATUS "LibTorch ${Torch_VERSION} (CUDA ${ZSI_TORCH_CUDA}, system ${ZSI_TORCH_SYSTEM}), C++${CMAKE_CXX_STANDARD}, fmt via ${ZSI_FMT_TARGET}")
