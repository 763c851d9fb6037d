// The index cache: written on first open, mapped on the next, ignored when the file changed or
// the cache is damaged, and kept out of read-only folders.

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include "core/wordvec/VectorFile.h"
#include "core/wordvec/VectorFileWriter.h"
#include "tests/core/wordvec/WordvecTestUtil.h"

using namespace zsi;
namespace fs = std::filesystem;

namespace {

// The shared vectors as a word2vec binary in a fresh folder.
std::string binaryCopy(const std::string& dir) {
  auto shared = VectorFile::open(test::top1000(), test::noCache());
  ZSI_REQUIRE_OK(shared);
  auto v = WordVectors::from(*shared);
  ZSI_REQUIRE_OK(v);
  const std::string path = dir + "/news.bin";
  ZSI_REQUIRE_OK(VectorFileWriter::write(path, VectorFormat::Word2VecBinary, *v));
  return path;
}

VectorFileOptions cacheIn(const std::string& cacheDir) {
  VectorFileOptions o;
  o.minCacheBytes = 0;
  o.cacheDir = cacheDir;
  return o;
}

void requireSameIndex(const VectorFile& a, const VectorFile& b) {
  ZSI_REQUIRE_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); i += 37) {
    ZSI_CHECK(a.word(i) == b.word(i));
    ZSI_CHECK(b.find(a.word(i)) == std::optional<std::size_t>(i));
    ZSI_CHECK(*a.vector(i) == *b.vector(i));
  }
  auto q = a.vector(*a.find("dog"));
  auto na = a.nearest(q->data(), 8);
  auto nb = b.nearest(q->data(), 8);
  ZSI_REQUIRE_OK(na);
  ZSI_REQUIRE_OK(nb);
  ZSI_REQUIRE_EQ(na->size(), nb->size());
  for (std::size_t i = 0; i < na->size(); ++i) ZSI_CHECK_EQ((*na)[i].word, (*nb)[i].word);
  ZSI_CHECK(a.closestSpellings("hosue") == b.closestSpellings("hosue"));
}

}  // namespace

ZSI_TEST(cache_is_written_then_reused) {
  const std::string dir = test::tempDir();
  const std::string cacheDir = test::tempDir();
  const std::string path = binaryCopy(dir);
  auto first = VectorFile::open(path, cacheIn(cacheDir));
  ZSI_REQUIRE_OK(first);
  ZSI_CHECK(!first->indexFromCache());
  ZSI_REQUIRE(!first->cachePath().empty());
  ZSI_CHECK(fs::exists(first->cachePath()));
  ZSI_CHECK_EQ(fs::path(first->cachePath()).parent_path().string(), cacheDir);
  auto second = VectorFile::open(path, cacheIn(cacheDir));
  ZSI_REQUIRE_OK(second);
  ZSI_CHECK(second->indexFromCache());
  requireSameIndex(*first, *second);
}

ZSI_TEST(cache_goes_beside_the_file_by_default) {
  const std::string dir = test::tempDir();
  const std::string path = binaryCopy(dir);
  VectorFileOptions o;
  o.minCacheBytes = 0;
  auto f = VectorFile::open(path, o);
  ZSI_REQUIRE_OK(f);
  ZSI_CHECK_EQ(f->cachePath(), path + ".zsi-index");
  auto again = VectorFile::open(path, o);
  ZSI_REQUIRE_OK(again);
  ZSI_CHECK(again->indexFromCache());
}

ZSI_TEST(small_files_are_not_cached_by_default) {
  const std::string dir = test::tempDir();
  const std::string path = binaryCopy(dir);
  auto f = VectorFile::open(path);  // 1.2 MB, below the 16 MiB threshold
  ZSI_REQUIRE_OK(f);
  ZSI_CHECK(f->cachePath().empty());
  ZSI_CHECK(!fs::exists(path + ".zsi-index"));
}

ZSI_TEST(changed_file_invalidates_the_cache) {
  const std::string dir = test::tempDir();
  const std::string cacheDir = test::tempDir();
  const std::string path = binaryCopy(dir);
  ZSI_REQUIRE_OK(VectorFile::open(path, cacheIn(cacheDir)));
  // Same size, different bytes in the middle (a word renamed), and a new mtime.
  std::string bytes = test::slurp(path);
  const std::size_t at = bytes.find("\ndog ") + 1;
  ZSI_REQUIRE(at > 1);
  bytes.replace(at, 3, "cog");
  test::spit(path, bytes);
  struct timespec times[2] = {{0, UTIME_NOW}, {12345, 0}};
  ZSI_REQUIRE(::utimensat(AT_FDCWD, path.c_str(), times, 0) == 0);
  auto f = VectorFile::open(path, cacheIn(cacheDir));
  ZSI_REQUIRE_OK(f);
  ZSI_CHECK(!f->indexFromCache());
  ZSI_CHECK(f->find("cog").has_value());
  ZSI_CHECK(!f->find("dog").has_value());
  // Touching the file alone is a change too (the stamp includes the mtime).
  times[1] = {67890, 0};
  ZSI_REQUIRE(::utimensat(AT_FDCWD, path.c_str(), times, 0) == 0);
  auto g = VectorFile::open(path, cacheIn(cacheDir));
  ZSI_REQUIRE_OK(g);
  ZSI_CHECK(!g->indexFromCache());
  auto h = VectorFile::open(path, cacheIn(cacheDir));
  ZSI_REQUIRE_OK(h);
  ZSI_CHECK(h->indexFromCache());
}

// Writes `bytes` over `good`'s cache file, reopens: the cache must be refused and the index rebuilt
// equal to `good`'s.
void requireRebuiltFrom(const std::string& bytes, const VectorFile& good, const std::string& path,
                        const std::string& cacheDir) {
  test::spit(good.cachePath(), bytes);
  auto f = VectorFile::open(path, cacheIn(cacheDir));
  ZSI_REQUIRE_OK(f);
  ZSI_CHECK(!f->indexFromCache());
  requireSameIndex(good, *f);
}

ZSI_TEST(damaged_cache_is_rebuilt) {
  const std::string dir = test::tempDir();
  const std::string cacheDir = test::tempDir();
  const std::string path = binaryCopy(dir);
  auto first = VectorFile::open(path, cacheIn(cacheDir));
  ZSI_REQUIRE_OK(first);
  const std::string cache = first->cachePath();
  const std::string good = test::slurp(cache);
  // A flipped header byte, a truncated file, garbage: each is detected and the index rebuilt.
  std::string flipped = good;
  flipped[40] ^= 1;
  for (const std::string& bytes : {flipped, good.substr(0, good.size() / 2), std::string(100, 'x')}) {
    requireRebuiltFrom(bytes, *first, path, cacheDir);
  }
}

// Issue 27 defect 3: bytes damaged inside the cache body (not its header) were trusted, giving
// other nearest words, false "not in the vocabulary" answers or absurd offsets. Every section now
// carries a checksum in the header, so such a cache is rebuilt like any other damaged one.
ZSI_TEST(damaged_cache_body_is_rebuilt) {
  const std::string dir = test::tempDir();
  const std::string cacheDir = test::tempDir();
  const std::string path = binaryCopy(dir);
  auto first = VectorFile::open(path, cacheIn(cacheDir));
  ZSI_REQUIRE_OK(first);
  const std::string cache = first->cachePath();
  const std::string good = test::slurp(cache);
  ZSI_REQUIRE(good.size() > 4096);
  // The first section (vector offsets) starts at byte 256; the scan rows fill most of the rest.
  for (const std::size_t at : {std::size_t{256 + 3}, good.size() / 2, good.size() * 3 / 4}) {
    std::string damaged = good;
    damaged[at] ^= 0x10;
    requireRebuiltFrom(damaged, *first, path, cacheDir);
    // The rebuilt index was written back: the next open maps it again.
    auto again = VectorFile::open(path, cacheIn(cacheDir));
    ZSI_REQUIRE_OK(again);
    ZSI_CHECK(again->indexFromCache());
  }
}

ZSI_TEST(read_only_folder_uses_the_user_cache) {
  const std::string dir = test::tempDir();
  const std::string xdg = test::tempDir();
  const std::string path = binaryCopy(dir);
  ::chmod(dir.c_str(), 0555);
  ::chmod(xdg.c_str(), 0777);  // the unprivileged child below creates the cache there
  ::setenv("XDG_CACHE_HOME", xdg.c_str(), 1);
  // 0: the index went to the user cache and not next to the file; else which check failed.
  const auto openAndCheck = [&]() -> int {
    VectorFileOptions o;
    o.minCacheBytes = 0;
    auto f = VectorFile::open(path, o);
    if (!f.ok()) return 1;
    if (!test::contains(f->cachePath(), xdg + "/zsi/wordvec/news.bin-")) return 2;
    if (fs::exists(path + ".zsi-index")) return 3;
    return 0;
  };
  int code = -1;
  if (::geteuid() != 0) {
    code = openAndCheck();
  } else {
    // Root writes into a 0555 folder, and CI runs as root: there the case runs in a child that
    // has dropped to nobody (65534), for whom the folder is read-only as for any user.
    const pid_t pid = ::fork();
    ZSI_REQUIRE(pid >= 0);
    if (pid == 0) {
      if (::setgid(65534) != 0 || ::setuid(65534) != 0) ::_exit(10);
      ::_exit(openAndCheck());
    }
    int status = 0;
    ZSI_REQUIRE_EQ(::waitpid(pid, &status, 0), pid);
    code = WIFEXITED(status) ? WEXITSTATUS(status) : 100 + WTERMSIG(status);
  }
  ::chmod(dir.c_str(), 0755);
  // 1: not opened; 2: cache not in the user cache; 3: index written next to the file; 10: the
  // child could not drop root.
  ZSI_CHECK_EQ(code, 0);
}

ZSI_TEST(unwritable_cache_location_falls_back_to_the_user_cache) {
  // A folder where the cache file should go makes that location unusable, even for root.
  const std::string dir = test::tempDir();
  const std::string xdg = test::tempDir();
  const std::string path = binaryCopy(dir);
  fs::create_directory(path + ".zsi-index");
  ::setenv("XDG_CACHE_HOME", xdg.c_str(), 1);
  VectorFileOptions o;
  o.minCacheBytes = 0;
  auto f = VectorFile::open(path, o);
  ZSI_REQUIRE_OK(f);
  ZSI_CHECK(test::contains(f->cachePath(), xdg + "/zsi/wordvec/news.bin-"));
  auto again = VectorFile::open(path, o);
  ZSI_REQUIRE_OK(again);
  ZSI_CHECK(again->indexFromCache());
  ZSI_CHECK_EQ(again->cachePath(), f->cachePath());
}
