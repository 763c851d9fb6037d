#include <sys/resource.h>

#include <csignal>
#include <filesystem>

#include <fstream>
#include <string>

#include "core/util/AtomicFile.h"
#include "core/util/Error.h"
#include "core/util/Result.h"
#include "tests/harness/ZsiTest.h"

using namespace zsi;

ZSI_TEST(error_to_string_leaves_out_unknown_parts) {
  ZSI_CHECK_EQ(Error("bad").toString(), std::string("bad"));
  ZSI_CHECK_EQ(Error("bad").inFile("a.json").toString(), std::string("a.json: bad"));
  ZSI_CHECK_EQ(Error("bad").inFile("a.json").at(3, 7).forField("annotation id 5: bbox").toString(),
               std::string("a.json:3:7: annotation id 5: bbox: bad"));
}

ZSI_TEST(result_holds_value_or_error) {
  Result<int> good(42);
  ZSI_REQUIRE(good.ok());
  ZSI_CHECK_EQ(*good, 42);
  Result<int> bad(Error("nope"));
  ZSI_CHECK(!bad.ok());
  ZSI_CHECK_EQ(bad.error().message, std::string("nope"));
  Status s;
  ZSI_CHECK(s.ok());
}

ZSI_TEST(atomic_write_replaces_whole_file) {
  std::string dir = test::tempDir();
  std::string path = dir + "/out.txt";
  ZSI_REQUIRE_OK(writeFileAtomic(path, "first version"));
  ZSI_REQUIRE_OK(writeFileAtomic(path, "second"));
  auto text = readFile(path);
  ZSI_REQUIRE_OK(text);
  ZSI_CHECK_EQ(*text, std::string("second"));
}

ZSI_TEST(atomic_writer_discards_uncommitted_data) {
  std::string dir = test::tempDir();
  std::string path = dir + "/keep.txt";
  ZSI_REQUIRE_OK(writeFileAtomic(path, "old"));
  {
    auto w = AtomicFileWriter::open(path);
    ZSI_REQUIRE_OK(w);
    w->write("new data that is never committed");
  }  // destroyed without commit, as after an exception
  ZSI_CHECK_EQ(*readFile(path), std::string("old"));
  // No temporary file is left behind.
  int entries = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    (void)e;
    ++entries;
  }
  ZSI_CHECK_EQ(entries, 1);
}

ZSI_TEST(atomic_write_into_missing_directory_names_the_file) {
  auto s = writeFileAtomic("/nonexistent-dir-zsi/x.json", "data");
  ZSI_REQUIRE(!s.ok());
  ZSI_CHECK(s.error().toString().find("/nonexistent-dir-zsi/x.json") != std::string::npos);
}

ZSI_TEST(atomic_write_failure_keeps_old_file) {
  // Simulate a full disk: a file-size limit makes write() fail (EFBIG) part-way, as ENOSPC would.
  std::string dir = test::tempDir();
  std::string path = dir + "/project.json";
  ZSI_REQUIRE_OK(writeFileAtomic(path, "old contents"));
  std::signal(SIGXFSZ, SIG_IGN);
  rlimit old {};
  ::getrlimit(RLIMIT_FSIZE, &old);
  rlimit tiny = old;
  tiny.rlim_cur = 4096;
  ::setrlimit(RLIMIT_FSIZE, &tiny);
  std::string big(3 << 20, 'x');
  Status s = writeFileAtomic(path, big);
  ::setrlimit(RLIMIT_FSIZE, &old);
  ZSI_REQUIRE(!s.ok());
  ZSI_CHECK(s.error().toString().find(path) != std::string::npos);
  ZSI_CHECK_EQ(*readFile(path), std::string("old contents"));
}

ZSI_TEST(read_file_errors_name_the_path) {
  auto r = readFile("/definitely/missing/file.txt");
  ZSI_REQUIRE(!r.ok());
  ZSI_CHECK(r.error().toString().find("/definitely/missing/file.txt") != std::string::npos);
  auto d = readFile("/tmp");
  ZSI_CHECK(!d.ok());
}
