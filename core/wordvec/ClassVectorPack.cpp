#include "core/wordvec/ClassVectorPack.h"

#include <cstring>

#include "core/wordvec/Hash64.h"

namespace zsi {
namespace {

static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "class vector packs are little-endian");

constexpr char kMagic[8] = {'Z', 'S', 'I', 'C', 'V', 'E', 'C', '1'};
constexpr std::size_t kHeader = 64;

template <class T>
void put(std::string* out, std::size_t at, T v) {
  std::memcpy(out->data() + at, &v, sizeof v);
}
template <class T>
T take(const unsigned char* p) {
  T v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

}  // namespace

std::uint64_t ClassVectorPack::hashNames(const std::vector<std::string>& names) {
  std::string joined;
  for (std::size_t i = 0; i < names.size(); ++i) joined += (i ? "\n" : "") + names[i];
  return hash64(joined);
}

std::string ClassVectorPack::serialize() const {
  const std::size_t payload = columns.size() * dim * sizeof(float);
  std::string out(kHeader + payload, '\0');
  std::memcpy(out.data(), kMagic, sizeof kMagic);
  put<std::uint32_t>(&out, 8, 1);
  put<std::uint32_t>(&out, 12, dim);
  put<std::uint32_t>(&out, 16, static_cast<std::uint32_t>(columns.size()));
  put<double>(&out, 24, norm);
  std::memcpy(out.data() + 32, splitId.data(), std::min<std::size_t>(splitId.size(), 15));
  put<std::uint64_t>(&out, 48, namesHash);
  for (std::size_t c = 0; c < columns.size(); ++c)
    std::memcpy(out.data() + kHeader + c * dim * sizeof(float), columns[c].data(), dim * sizeof(float));
  put<std::uint64_t>(&out, 56, hash64(out.data() + kHeader, payload));
  return out;
}

Result<ClassVectorPack> ClassVectorPack::parse(const unsigned char* data, std::size_t size, const std::string& what) {
  auto bad = [&](const std::string& m) { return Error("not a valid class vector pack: " + m).inFile(what); };
  if (size < kHeader || std::memcmp(data, kMagic, sizeof kMagic) != 0) return bad("wrong magic or too short");
  if (take<std::uint32_t>(data + 8) != 1) return bad("unsupported version");
  ClassVectorPack p;
  p.dim = take<std::uint32_t>(data + 12);
  const std::uint32_t cols = take<std::uint32_t>(data + 16);
  p.norm = take<double>(data + 24);
  p.splitId.assign(reinterpret_cast<const char*>(data + 32), strnlen(reinterpret_cast<const char*>(data + 32), 16));
  p.namesHash = take<std::uint64_t>(data + 48);
  const std::uint64_t payload = static_cast<std::uint64_t>(cols) * p.dim * sizeof(float);
  if (p.dim == 0 || cols == 0 || size - kHeader != payload) return bad("size does not match its header");
  if (take<std::uint64_t>(data + 56) != hash64(data + kHeader, static_cast<std::size_t>(payload)))
    return bad("checksum mismatch (damaged)");
  p.columns.assign(cols, std::vector<float>(p.dim));
  for (std::uint32_t c = 0; c < cols; ++c)
    std::memcpy(p.columns[c].data(), data + kHeader + static_cast<std::size_t>(c) * p.dim * sizeof(float),
                p.dim * sizeof(float));
  return p;
}

}  // namespace zsi
