#pragma once
// The bytes of models/coco/*.zsivec, compiled in. Defined in a source file CMake generates at
// build time (core/wordvec/EmbedClassVectors.cmake); a pack missing at build time has size 0.

#include <cstddef>

namespace zsi::builtin_data {

struct Blob {
  const unsigned char* data;
  std::size_t size;
};

Blob classVectors48_17();
Blob classVectors65_15();

}  // namespace zsi::builtin_data
