#include "core/engine/Safetensors.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstring>
#include <limits>

#include "core/util/AtomicFile.h"

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "safetensors I/O assumes a little-endian host"
#endif

namespace zsi {
namespace {

constexpr std::uint64_t kMaxHeader = 100u << 20;  // the reference implementation's limit

}  // namespace

std::size_t safetensorsDtypeSize(const std::string& d) {
  if (d == "F64" || d == "I64" || d == "U64") return 8;
  if (d == "F32" || d == "I32" || d == "U32") return 4;
  if (d == "F16" || d == "BF16" || d == "I16" || d == "U16") return 2;
  if (d == "I8" || d == "U8" || d == "BOOL") return 1;
  return 0;
}

std::int64_t SafetensorsEntry::numel() const {
  std::int64_t n = 1;
  for (auto s : shape) n *= s;
  return n;
}

const SafetensorsEntry* SafetensorsFile::find(const std::string& name) const {
  for (const auto& e : entries)
    if (e.name == name) return &e;
  return nullptr;
}

Result<SafetensorsFile> parseSafetensors(std::string bytes, const std::string& source) {
  auto fail = [&](const std::string& m) { return Error(m).inFile(source); };
  if (bytes.size() < 8) return fail("not a safetensors file: shorter than its 8-byte header length");
  std::uint64_t n = 0;
  for (int i = 7; i >= 0; --i) n = (n << 8) | static_cast<unsigned char>(bytes[i]);
  if (n > kMaxHeader) return fail("not a safetensors file: header length " + std::to_string(n) + " is implausible");
  if (n > bytes.size() - 8)
    return fail("truncated safetensors file: the header needs " + std::to_string(n) + " bytes, the file has " +
                std::to_string(bytes.size() - 8));
  nlohmann::json header;
  try {
    header = nlohmann::json::parse(bytes.begin() + 8, bytes.begin() + 8 + static_cast<long>(n));
  } catch (const nlohmann::json::exception& e) {
    return fail(std::string("safetensors header is not valid JSON: ") + e.what());
  }
  if (!header.is_object()) return fail("safetensors header is not a JSON object");
  SafetensorsFile f;
  f.data = bytes.substr(8 + n);
  for (auto it = header.begin(); it != header.end(); ++it) {
    const std::string& name = it.key();
    const auto& v = it.value();
    if (name == "__metadata__") {
      if (!v.is_object()) return fail("__metadata__ must be an object of strings");
      for (auto m = v.begin(); m != v.end(); ++m) {
        if (!m.value().is_string()) return Error("metadata values must be strings").inFile(source).forField(m.key());
        f.metadata[m.key()] = m.value().get<std::string>();
      }
      continue;
    }
    auto bad = [&](const std::string& m) { return Error(m).inFile(source).forField("tensor '" + name + "'"); };
    if (!v.is_object() || !v.contains("dtype") || !v.contains("shape") || !v.contains("data_offsets"))
      return bad("expected an object with dtype, shape and data_offsets");
    SafetensorsEntry e;
    e.name = name;
    if (!v["dtype"].is_string()) return bad("dtype must be a string");
    e.dtype = v["dtype"].get<std::string>();
    const std::size_t esize = safetensorsDtypeSize(e.dtype);
    if (esize == 0) return bad("unknown dtype '" + e.dtype + "'");
    if (!v["shape"].is_array()) return bad("shape must be a list");
    std::uint64_t numel = 1;
    for (const auto& s : v["shape"]) {
      if (!s.is_number_unsigned() && !(s.is_number_integer() && s.get<std::int64_t>() >= 0))
        return bad("shape entries must be non-negative integers");
      const auto d = s.get<std::uint64_t>();
      if (d != 0 && numel > std::numeric_limits<std::uint64_t>::max() / d) return bad("shape overflows");
      numel *= d;
      e.shape.push_back(static_cast<std::int64_t>(d));
    }
    const auto& off = v["data_offsets"];
    if (!off.is_array() || off.size() != 2 || !off[0].is_number_unsigned() || !off[1].is_number_unsigned())
      return bad("data_offsets must be [begin, end]");
    e.begin = off[0].get<std::uint64_t>();
    e.end = off[1].get<std::uint64_t>();
    if (e.end < e.begin) return bad("data_offsets end before they begin");
    if (e.end - e.begin != numel * esize)
      return bad("data_offsets span " + std::to_string(e.end - e.begin) + " bytes, shape and dtype need " +
                 std::to_string(numel * esize));
    f.entries.push_back(std::move(e));
  }
  std::sort(f.entries.begin(), f.entries.end(),
            [](const SafetensorsEntry& a, const SafetensorsEntry& b) { return a.begin < b.begin || (a.begin == b.begin && a.end < b.end); });
  std::uint64_t cursor = 0;
  for (const auto& e : f.entries) {
    if (e.begin != cursor)
      return Error(e.begin < cursor ? "tensor data overlaps the previous tensor" : "hole in the tensor data before this tensor")
          .inFile(source).forField("tensor '" + e.name + "'");
    if (e.end > f.data.size())
      return Error("truncated safetensors file: the tensor needs bytes up to " + std::to_string(e.end) +
                   ", the data section has " + std::to_string(f.data.size()))
          .inFile(source).forField("tensor '" + e.name + "'");
    cursor = e.end;
  }
  if (cursor != f.data.size())
    return fail(std::to_string(f.data.size() - cursor) + " bytes after the last tensor");
  return f;
}

Result<SafetensorsFile> readSafetensors(const std::string& path) {
  auto bytes = readFile(path);
  if (!bytes.ok()) return bytes.error();
  return parseSafetensors(std::move(bytes.value()), path);
}

Status writeSafetensors(const std::string& path, const std::map<std::string, std::string>& metadata,
                        const std::vector<SafetensorsTensor>& tensors) {
  nlohmann::ordered_json header = nlohmann::ordered_json::object();
  if (!metadata.empty()) header["__metadata__"] = metadata;
  std::uint64_t offset = 0;
  for (const auto& t : tensors) {
    const std::size_t esize = safetensorsDtypeSize(t.dtype);
    if (esize == 0) return Error("unknown dtype '" + t.dtype + "'").forField("tensor '" + t.name + "'");
    std::uint64_t numel = 1;
    for (auto s : t.shape) numel *= static_cast<std::uint64_t>(s);
    if (numel * esize != t.bytes)
      return Error("byte count does not match shape and dtype").forField("tensor '" + t.name + "'");
    if (header.contains(t.name)) return Error("duplicate tensor name").forField("tensor '" + t.name + "'");
    header[t.name] = {{"dtype", t.dtype}, {"shape", t.shape}, {"data_offsets", {offset, offset + t.bytes}}};
    offset += t.bytes;
  }
  std::string text = header.dump();
  text.append((8 - text.size() % 8) % 8, ' ');
  auto w = AtomicFileWriter::open(path);
  if (!w.ok()) return w.error();
  unsigned char len[8];
  std::uint64_t n = text.size();
  for (int i = 0; i < 8; ++i) len[i] = static_cast<unsigned char>((n >> (8 * i)) & 0xff);
  w->write(len, 8);
  w->write(text);
  for (const auto& t : tensors) w->write(t.data, t.bytes);
  return w->commit();
}

}  // namespace zsi
