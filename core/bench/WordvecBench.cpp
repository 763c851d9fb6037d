// Word-vector benchmark: a synthetic word2vec binary the size of GoogleNews (3M words x 300,
// 3.6 GB, written outside the repository) is indexed, reopened from its cache, looked up and
// searched. References measured in the same run: reading the file once (the floor of a first
// open), from disk (the file dropped from the page cache with posix_fadvise) and from memory,
// and a plain float32 scan of every vector (what the 4-bit nearest-word scan replaces). The
// machine may be shared: CPU times are printed beside wall times.
//
//   bench_wordvec [--dir DIR] [--words N] [--dim D] [--queries Q] [--keep]

#include <fcntl.h>
#include <unistd.h>

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "core/bench/BenchUtil.h"
#include "core/wordvec/NameEmbedder.h"
#include "core/wordvec/VectorFile.h"

using zsi::bench::median;

namespace {

using Clock = std::chrono::steady_clock;
double since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

struct Args {
  std::string dir = "/tmp/zsi-bench-wordvec";
  std::size_t words = 3000000;
  std::size_t dim = 300;
  std::size_t queries = 20;
  bool keep = false;
};

// Word i: a random stem and i in base 26 (unique), a third of them phrases joined by '_', so the
// name lengths spread like a real vocabulary's.
std::string wordName(std::size_t i, std::mt19937_64& rng) {
  std::string w;
  const int stem = static_cast<int>(rng() % 7);
  for (int k = 0; k < stem; ++k) w += static_cast<char>('a' + rng() % 26);
  std::size_t x = i;
  do {
    w += static_cast<char>('a' + x % 26);
    x /= 26;
  } while (x > 0);
  if (rng() % 3 == 0) {
    w += '_';
    const int second = 2 + static_cast<int>(rng() % 7);
    for (int k = 0; k < second; ++k) w += static_cast<char>('a' + rng() % 26);
  }
  if (rng() % 10 == 0) w[0] = static_cast<char>(w[0] - 32);  // some capitalised
  return w;
}

void writeSynthetic(const Args& a, const std::string& path, std::vector<std::string>* sample) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) {
    std::perror(path.c_str());
    std::exit(1);
  }
  std::vector<char> buffer(16 << 20);
  std::setvbuf(f, buffer.data(), _IOFBF, buffer.size());
  std::fprintf(f, "%zu %zu\n", a.words, a.dim);
  std::mt19937_64 rng(42);
  std::vector<float> v(a.dim);
  std::uint64_t s = 0x9e3779b97f4a7c15ull;
  for (std::size_t i = 0; i < a.words; ++i) {
    const std::string w = wordName(i, rng);
    if (i % (a.words / 1000 + 1) == 0) sample->push_back(w);
    for (auto& x : v) {  // xorshift: fast, and vectors need no statistical quality here
      s ^= s << 13;
      s ^= s >> 7;
      s ^= s << 17;
      x = static_cast<float>(static_cast<std::int64_t>(s >> 11) - (1ll << 52)) / static_cast<float>(1ll << 52);
    }
    std::fwrite(w.data(), 1, w.size(), f);
    std::fputc(' ', f);
    std::fwrite(v.data(), sizeof(float), v.size(), f);
    std::fputc('\n', f);
  }
  std::fclose(f);
}

// Drops the file's pages from the page cache (only this file's), so the next read is from disk.
void dropCache(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY);
  ::fdatasync(fd);
  ::posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
  ::close(fd);
}

double cpuNow() {
  timespec t{};
  ::clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

double readOnce(const std::string& path) {
  const auto t = Clock::now();
  int fd = ::open(path.c_str(), O_RDONLY);
  std::vector<char> buf(8 << 20);
  std::size_t total = 0;
  for (ssize_t n; (n = ::read(fd, buf.data(), buf.size())) > 0;) total += static_cast<std::size_t>(n);
  ::close(fd);
  (void)total;
  return since(t);
}

void fail(const zsi::Error& e) {
  std::fprintf(stderr, "error: %s\n", e.toString().c_str());
  std::exit(1);
}

// The machine is shared: the load average says how much of it the run had.
std::string loadAverage() {
  std::FILE* f = std::fopen("/proc/loadavg", "r");
  if (!f) return "?";
  char buf[64] = {};
  const std::size_t n = std::fread(buf, 1, sizeof buf - 1, f);
  std::fclose(f);
  std::string s(buf, n);
  return s.substr(0, s.find(' '));
}

}  // namespace

int main(int argc, char** argv) {
  Args a;
  for (int i = 1; i < argc; ++i) {
    const std::string k = argv[i];
    auto next = [&] { return i + 1 < argc ? std::string(argv[++i]) : std::string(); };
    if (k == "--dir") a.dir = next();
    else if (k == "--words") a.words = std::stoul(next());
    else if (k == "--dim") a.dim = std::stoul(next());
    else if (k == "--queries") a.queries = std::stoul(next());
    else if (k == "--keep") a.keep = true;
    else {
      std::fprintf(stderr, "usage: bench_wordvec [--dir DIR] [--words N] [--dim D] [--queries Q] [--keep]\n");
      return 2;
    }
  }
  std::filesystem::create_directories(a.dir);
  const std::string path = a.dir + "/synthetic-w2v.bin";
  const std::string cacheDir = a.dir + "/cache";
  std::filesystem::remove_all(cacheDir);
  std::filesystem::create_directories(cacheDir);
  std::vector<std::string> sample;
  auto t = Clock::now();
  writeSynthetic(a, path, &sample);
  const double writeS = since(t);
  const double gb = static_cast<double>(std::filesystem::file_size(path)) / 1e9;
  const unsigned hw = std::thread::hardware_concurrency();
  fmt::print("synthetic word2vec binary: {} words x {} = {:.2f} GB, written in {:.1f} s; {} hardware threads; "
             "load average {}\n",
             a.words, a.dim, gb, writeS, hw, loadAverage());

  dropCache(path);
  const double readCold = readOnce(path);
  const double readWarm = readOnce(path);
  fmt::print("reference: read the file once: from disk {:.2f} s ({:.2f} GB/s), from the page cache {:.2f} s\n",
             readCold, gb / readCold, readWarm);

  zsi::VectorFileOptions noCache;
  noCache.useCache = false;
  double buildS[2], buildCpu[2];
  for (int cold = 1; cold >= 0; --cold) {
    if (cold) dropCache(path);
    t = Clock::now();
    const double c0 = cpuNow();
    auto built = zsi::VectorFile::open(path, noCache);
    if (!built) fail(built.error());
    buildS[cold] = since(t);
    buildCpu[cold] = cpuNow() - c0;
  }

  zsi::VectorFileOptions cached;
  cached.cacheDir = cacheDir;
  t = Clock::now();
  auto first = zsi::VectorFile::open(path, cached);
  if (!first) fail(first.error());
  const double firstS = since(t);
  const auto cacheBytes = std::filesystem::file_size(first->cachePath());
  first = zsi::Error("released");

  t = Clock::now();
  auto reopened = zsi::VectorFile::open(path, cached);
  if (!reopened) fail(reopened.error());
  const double reopenS = since(t);
  if (!reopened->indexFromCache()) fail(zsi::Error("the reopen did not use the cache"));
  zsi::VectorFile& f = *reopened;

  // 1,000 lookups: the sampled words (900) and misses (100), each with its vector read.
  std::vector<std::string> keys(sample.begin(), sample.begin() + std::min<std::size_t>(900, sample.size()));
  for (int i = 0; keys.size() < 1000; ++i) keys.push_back("zz-missing-" + std::to_string(i));
  std::vector<float> v(a.dim);
  std::size_t hits = 0;
  t = Clock::now();
  for (const auto& k : keys) {
    if (auto idx = f.find(k)) {
      ++hits;
      if (!f.vector(*idx, v.data())) fail(zsi::Error("vector"));
    }
  }
  const double lookupS = since(t);

  // Nearest words: the first query pages the 4-bit copy in; the rest are warm.
  std::vector<double> nearest2, nearest1, nearestCpu2;
  for (unsigned threads : {2u, 1u}) {
    zsi::VectorFileOptions o = cached;
    o.threads = threads;
    auto g = zsi::VectorFile::open(path, o);
    if (!g) fail(g.error());
    for (std::size_t q = 0; q <= a.queries; ++q) {
      auto idx = g->find(sample[(q * 37) % sample.size()]);
      if (!g->vector(*idx, v.data())) fail(zsi::Error("vector"));
      t = Clock::now();
      const double c0 = cpuNow();
      auto near = g->nearest(v.data(), 5, {*idx});
      const double s = since(t);
      if (!near) fail(near.error());
      if (q > 0) (threads == 2 ? nearest2 : nearest1).push_back(s);
      if (q > 0 && threads == 2) nearestCpu2.push_back(cpuNow() - c0);
    }
  }

  // Reference: exact float32 scan of every vector in the mapped file, one thread.
  t = Clock::now();
  {
    double best = -2;
    std::vector<float> row(a.dim);
    for (std::size_t i = 0; i < f.size(); ++i) {
      if (!f.vector(i, row.data())) fail(zsi::Error("vector"));
      double dot = 0, n = 0;
      for (std::size_t d = 0; d < a.dim; ++d) {
        dot += static_cast<double>(row[d]) * v[d];
        n += static_cast<double>(row[d]) * row[d];
      }
      best = std::max(best, dot / std::sqrt(n));
    }
    (void)best;
  }
  const double floatScanS = since(t);

  // Closest spellings of unknown names (length-bucketed, bounded distance).
  std::vector<double> spell;
  for (std::size_t q = 0; q < 10; ++q) {
    std::string w = sample[(q * 91) % sample.size()];
    std::swap(w[0], w[1]);
    w += 'x';
    t = Clock::now();
    auto s = f.closestSpellings(w, 5);
    spell.push_back(since(t));
  }

  fmt::print("first open from disk, index build (no cache): {:.2f} s (CPU {:.2f} s) = {:.2f} x reading it once from disk\n",
             buildS[1], buildCpu[1], buildS[1] / readCold);
  fmt::print("first open from memory, index build         : {:.2f} s (CPU {:.2f} s) = {:.2f} x reading it once from memory\n",
             buildS[0], buildCpu[0], buildS[0] / readWarm);
  fmt::print("first open, index build + cache write      : {:.2f} s (cache {:.2f} GB)\n", firstS,
             static_cast<double>(cacheBytes) / 1e9);
  fmt::print("reopen (cached index)                      : {:.3f} s\n", reopenS);
  fmt::print("1,000 lookups ({} hits, vectors read)      : {:.2f} ms total\n", hits, lookupS * 1e3);
  fmt::print("nearest 5 words, 2 threads, median of {}    : {:.1f} ms (max {:.1f}; CPU {:.1f} ms)\n", nearest2.size(),
             median(nearest2) * 1e3, *std::max_element(nearest2.begin(), nearest2.end()) * 1e3,
             median(nearestCpu2) * 1e3);
  fmt::print("nearest 5 words, 1 thread, median of {}     : {:.1f} ms\n", nearest1.size(), median(nearest1) * 1e3);
  fmt::print("reference: exact float32 scan, 1 thread    : {:.1f} ms = {:.1f} x the 2-thread 4-bit scan\n",
             floatScanS * 1e3, floatScanS / median(nearest2));
  fmt::print("closest spellings, median of 10            : {:.1f} ms\n", median(spell) * 1e3);
  fmt::print("load average at the end: {}\n", loadAverage());
  if (!a.keep) {
    std::filesystem::remove(path);
    std::filesystem::remove_all(cacheDir);
  }
  return 0;
}
