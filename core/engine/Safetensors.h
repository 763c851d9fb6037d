#pragma once
// The safetensors file format (the common weights format of the ecosystem), read and written by
// our own code: 8-byte little-endian header length N, N bytes of JSON header
// {"__metadata__": {string: string}, name: {"dtype", "shape", "data_offsets": [begin, end]}},
// then the raw little-endian tensor bytes, offsets relative to the end of the header. Plain C++:
// no torch here (Checkpoint maps entries to tensors).

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/util/Result.h"

namespace zsi {

// Bytes per element of a safetensors dtype ("F32", "BF16", "I64", ...); 0 when unknown.
std::size_t safetensorsDtypeSize(const std::string& dtype);

struct SafetensorsEntry {
  std::string name;
  std::string dtype;
  std::vector<std::int64_t> shape;
  std::uint64_t begin = 0;  // into SafetensorsFile::data
  std::uint64_t end = 0;

  std::int64_t numel() const;
};

struct SafetensorsFile {
  std::map<std::string, std::string> metadata;
  std::vector<SafetensorsEntry> entries;  // sorted by begin offset
  std::string data;                       // the byte section after the header

  const SafetensorsEntry* find(const std::string& name) const;
  const char* bytes(const SafetensorsEntry& e) const { return data.data() + e.begin; }
};

// Checks everything (header length, JSON, dtypes, shapes, offsets inside the data and tiling it
// without holes or overlaps); a truncated file is an error naming the first tensor cut off.
Result<SafetensorsFile> parseSafetensors(std::string fileBytes, const std::string& source);
Result<SafetensorsFile> readSafetensors(const std::string& path);

struct SafetensorsTensor {
  std::string name;
  std::string dtype;
  std::vector<std::int64_t> shape;
  const void* data = nullptr;
  std::size_t bytes = 0;
};

// Atomic write (zsi::AtomicFileWriter); the header is padded with spaces to a multiple of 8.
Status writeSafetensors(const std::string& path, const std::map<std::string, std::string>& metadata,
                        const std::vector<SafetensorsTensor>& tensors);

}  // namespace zsi
