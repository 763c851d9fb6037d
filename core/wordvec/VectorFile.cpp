#include "core/wordvec/VectorFile.h"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <thread>

#include <fmt/format.h>

#include "core/util/Log.h"
#include "core/wordvec/ClassList.h"
#include "core/wordvec/ClassMatrix.h"
#include "core/wordvec/Hash64.h"
#include "core/wordvec/MappedFile.h"
#include "core/wordvec/NearestScan.h"
#include "core/wordvec/SpellingSuggester.h"
#include "core/wordvec/VectorFileIndexer.h"
#include "core/wordvec/VectorIndex.h"
#include "core/wordvec/VectorIndexBuilder.h"

namespace zsi {

struct VectorFileImpl {
  std::string path;
  VectorFormat format = VectorFormat::Word2VecText;
  MappedFile source;
  std::vector<float> matrix;  // ZSI class matrix: the class vectors, one after another
  const unsigned char* data = nullptr;
  std::size_t dataSize = 0;
  bool floats = false;  // vectors are raw float32 (binary, matrix) rather than text
  VectorIndex index;
  std::string cachePath;
  unsigned threads = 1;
};

namespace {

namespace fs = std::filesystem;

unsigned threadCount(unsigned requested) {
  if (requested > 0) return requested;
  return std::max(1u, std::min(8u, std::thread::hardware_concurrency()));
}

std::string userCacheDir() {
  if (const char* x = std::getenv("XDG_CACHE_HOME"); x && *x) return std::string(x) + "/zsi/wordvec";
  if (const char* h = std::getenv("HOME"); h && *h) return std::string(h) + "/.cache/zsi/wordvec";
  return {};
}

// Cache files in a shared folder carry a hash of the absolute path so two files of the same name
// in different folders do not overwrite each other's index.
std::string cacheNameIn(const std::string& dir, const std::string& path) {
  std::error_code ec;
  const fs::path abs = fs::weakly_canonical(fs::absolute(path, ec), ec);
  return fmt::format("{}/{}-{:016x}.zsi-index", dir, fs::path(path).filename().string(),
                     hash64(abs.string()));
}

bool writableDir(const std::string& dir) { return ::access(dir.c_str(), W_OK | X_OK) == 0; }

// Candidate cache locations, most preferred first.
std::vector<std::string> cacheCandidates(const std::string& path, const VectorFileOptions& o) {
  if (!o.cacheDir.empty()) return {cacheNameIn(o.cacheDir, path)};
  std::vector<std::string> out{path + ".zsi-index"};
  const std::string user = userCacheDir();
  if (!user.empty()) out.push_back(cacheNameIn(user, path));
  return out;
}

Status openMatrix(VectorFileImpl* x, const std::string& path, const VectorFileOptions& options) {
  if (options.classList.empty())
    return Error("this is a ZSI class matrix (one class per column); its class names come from a "
                 "separate class list: pass one (--class-list, e.g. classes_48_17.csv)")
        .inFile(path);
  auto matrix = ClassMatrix::parse(
      std::string_view(reinterpret_cast<const char*>(x->source.data()), x->source.size()), path);
  if (!matrix) return matrix.error();
  auto list = ClassList::read(options.classList);
  if (!list) return list.error();
  auto cols = list->resolve(matrix->columns.size(), path);
  if (!cols) return cols.error();
  const std::size_t n = cols->classes.size(), dim = matrix->dim;
  if (dim > kMaxVectorDim) return Error("more than " + std::to_string(kMaxVectorDim) + " lines").inFile(path);
  VectorIndexBuilder builder(static_cast<std::uint32_t>(dim), n);
  builder.appendRows(n);
  x->matrix.resize(n * dim);
  for (std::size_t i = 0; i < n; ++i) {
    const auto& col = matrix->columns[cols->columns[i]];
    std::copy(col.begin(), col.end(), x->matrix.begin() + static_cast<std::ptrdiff_t>(i * dim));
    const float scale = NearestScan::quantizeRow(col.data(), dim, builder.scanRow(i));
    if (std::isnan(scale)) return Error("class '" + cols->classes[i]->name + "': values too large").inFile(path);
    *builder.scanScale(i) = scale;
    ZSI_TRY(builder.addName(cols->classes[i]->name, i * dim * sizeof(float)));
  }
  x->index = builder.finish();
  x->data = reinterpret_cast<const unsigned char*>(x->matrix.data());
  x->dataSize = x->matrix.size() * sizeof(float);
  x->floats = true;
  return okStatus();
}

Status openVocabulary(VectorFileImpl* x, const VectorFileHeader& header,
                      const VectorFileOptions& options, const Progress& progress) {
  const auto stamp = VectorSourceStamp::of(x->source, static_cast<std::uint32_t>(header.format));
  const bool cache = options.useCache && x->source.size() >= options.minCacheBytes;
  std::vector<std::string> candidates = cache ? cacheCandidates(x->path, options) : std::vector<std::string>{};
  for (const auto& c : candidates) {
    if (!fs::exists(c)) continue;
    auto loaded = VectorIndex::loadCache(c, stamp);
    if (loaded && loaded->dim() == header.dim) {
      x->index = std::move(*loaded);
      x->cachePath = c;
      return okStatus();
    }
    if (!loaded) logDebug(loaded.error().toString());
  }
  auto built = VectorFileIndexer::build(x->source, header, x->threads, progress);
  if (!built) return built.error();
  x->index = std::move(*built);
  for (const auto& c : candidates) {
    const std::string dir = fs::path(c).parent_path().string();
    std::error_code ec;
    if (!options.cacheDir.empty() || c != candidates.front()) fs::create_directories(dir, ec);
    if (!writableDir(dir.empty() ? "." : dir)) continue;
    Status saved = x->index.saveCache(c, stamp);
    if (saved) {
      x->cachePath = c;
      break;
    }
    logWarning("cannot save the word-vector index: " + saved.error().toString());
  }
  return okStatus();
}

}  // namespace

Result<VectorFile> VectorFile::open(const std::string& path, const VectorFileOptions& options,
                                    const Progress& progress) {
  auto impl = std::make_unique<VectorFileImpl>();
  impl->path = path;
  impl->threads = threadCount(options.threads);
  auto source = MappedFile::open(path);
  if (!source) return source.error();
  impl->source = std::move(*source);
  auto header = detectVectorFormat(path, impl->source.data(), impl->source.size());
  if (!header) return header.error();
  impl->format = header->format;
  if (header->format == VectorFormat::ZsiClassMatrix) {
    ZSI_TRY(openMatrix(impl.get(), path, options));
  } else {
    impl->data = impl->source.data();
    impl->dataSize = impl->source.size();
    impl->floats = header->format == VectorFormat::Word2VecBinary;
    ZSI_TRY(openVocabulary(impl.get(), *header, options, progress));
  }
  return VectorFile(std::move(impl));
}

VectorFile::VectorFile(std::unique_ptr<VectorFileImpl> impl) : impl_(std::move(impl)) {}
VectorFile::VectorFile(VectorFile&&) noexcept = default;
VectorFile& VectorFile::operator=(VectorFile&&) noexcept = default;
VectorFile::~VectorFile() = default;

const std::string& VectorFile::path() const { return impl_->path; }
VectorFormat VectorFile::format() const { return impl_->format; }
std::size_t VectorFile::size() const { return impl_->index.size(); }
std::size_t VectorFile::dim() const { return impl_->index.dim(); }
bool VectorFile::indexFromCache() const { return impl_->index.fromCache(); }
const std::string& VectorFile::cachePath() const { return impl_->cachePath; }
std::uint64_t VectorFile::duplicateWords() const { return impl_->index.duplicates(); }
std::string_view VectorFile::word(std::size_t index) const { return impl_->index.name(index); }
std::optional<std::size_t> VectorFile::find(std::string_view word) const { return impl_->index.find(word); }

Status VectorFile::vector(std::size_t index, float* out) const {
  if (index >= size()) return Error("word index " + std::to_string(index) + " out of range").inFile(path());
  Status s = VectorFileIndexer::decode(impl_->data, impl_->dataSize, impl_->floats,
                                       impl_->index.vectorOffset(index), impl_->index.dim(), out);
  if (!s) return Error(s.error().message).inFile(path()).forField("word '" + std::string(word(index)) + "'");
  return okStatus();
}

Result<std::vector<float>> VectorFile::vector(std::size_t index) const {
  std::vector<float> v(dim());
  ZSI_TRY(vector(index, v.data()));
  return v;
}

Result<std::vector<WordNeighbour>> VectorFile::nearest(const float* query, std::size_t k,
                                                       std::vector<std::size_t> exclude) const {
  const std::size_t d = dim();
  double qn = 0;
  for (std::size_t i = 0; i < d; ++i) qn += static_cast<double>(query[i]) * query[i];
  if (!(qn > 0) || !std::isfinite(qn)) return Error("the query vector is zero or not finite");
  qn = std::sqrt(qn);
  std::sort(exclude.begin(), exclude.end());
  // 4-bit scores are within about 0.02 of the true cosine; re-ranking a generous candidate list
  // with the exact vectors (a hundred reads) makes the top k exact in practice: on the shared
  // GoogleNews words the exact top 5 is always within the scan's top 20 (test four_bit_scan_quality).
  const std::size_t candidates = std::max<std::size_t>(128, 16 * k);
  const auto approx = NearestScan::topCandidates(impl_->index.scanRows(), impl_->index.scanScales(),
                                                 size(), d, query, candidates, exclude, impl_->threads);
  std::vector<WordNeighbour> out;
  std::vector<float> v(d);
  for (const auto& c : approx) {
    ZSI_TRY(vector(c.index, v.data()));
    double dot = 0, vn = 0;
    for (std::size_t i = 0; i < d; ++i) {
      dot += static_cast<double>(v[i]) * query[i];
      vn += static_cast<double>(v[i]) * v[i];
    }
    const float cosine = vn > 0 ? static_cast<float>(dot / (std::sqrt(vn) * qn)) : 0.f;
    out.push_back({c.index, std::string(word(c.index)), cosine});
  }
  std::sort(out.begin(), out.end(), [](const WordNeighbour& a, const WordNeighbour& b) {
    return a.cosine > b.cosine || (a.cosine == b.cosine && a.index < b.index);
  });
  if (out.size() > k) out.resize(k);
  return out;
}

std::vector<std::string> VectorFile::closestSpellings(std::string_view word, std::size_t max) const {
  std::vector<std::string> out;
  for (const auto& s : SpellingSuggester::closest(impl_->index, word, max))
    out.emplace_back(this->word(s.index));
  return out;
}

}  // namespace zsi
