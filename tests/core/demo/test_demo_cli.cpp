// `zsi demo make-data|make-vocab|make-classes` through their core/cli functions: exit codes,
// messages on err, and the committed models/demo files reproduced by the documented commands.

#include <sstream>

#include "core/cli/DemoCommand.h"
#include "tests/core/demo/DemoTestUtil.h"

using namespace zsi;

ZSI_TEST(demo_cli_make_vocab_and_classes_reproduce_the_committed_files) {
  const std::string dir = test::tempDir();
  std::ostringstream out, err;
  cli::DemoMakeVocabOptions v;
  v.output = dir + "/demo_vocab.txt";
  ZSI_REQUIRE_EQ(cli::runDemoMakeVocab(v, out, err), 0);
  ZSI_CHECK(test::slurp(v.output) == test::slurp(test::committedDemoFile("demo_vocab.txt")));
  cli::DemoMakeClassesOptions c;
  c.vocabulary = v.output;
  c.output = dir + "/demo_classes.json";
  ZSI_REQUIRE_EQ(cli::runDemoMakeClasses(c, out, err), 0);
  ZSI_CHECK(test::slurp(c.output) == test::slurp(test::committedDemoFile("demo_classes.json")));
  ZSI_CHECK(out.str().find("27 seen, 9 unseen") != std::string::npos);
  ZSI_CHECK(err.str().empty());
}

ZSI_TEST(demo_cli_make_data_reports_the_splits) {
  const std::string dir = test::tempDir() + "/demo";
  cli::DemoMakeDataOptions o;
  o.data.outDir = dir;
  o.data.images = 12;
  o.data.scene.size = 96;
  std::ostringstream out, err;
  ZSI_REQUIRE_EQ(cli::runDemoMakeData(o, out, err), 0);
  test::note(out.str());
  ZSI_CHECK(out.str().find("train.json") != std::string::npos);
  ZSI_CHECK(out.str().find("test_gzsi.json") != std::string::npos);
  ZSI_CHECK(err.str().find("100% done") != std::string::npos);
}

ZSI_TEST(demo_cli_bad_input_exits_non_zero_with_a_message) {
  std::ostringstream out, err;
  cli::DemoMakeDataOptions o;
  o.data.outDir = test::tempDir() + "/demo";
  o.data.scene.size = 8;
  ZSI_CHECK_EQ(cli::runDemoMakeData(o, out, err), 1);
  ZSI_CHECK(err.str().find("--size") != std::string::npos);
  std::ostringstream out2, err2;
  cli::DemoMakeVocabOptions v;
  v.output = test::tempDir() + "/v.txt";
  v.dim = 3;
  ZSI_CHECK_EQ(cli::runDemoMakeVocab(v, out2, err2), 1);
  ZSI_CHECK(err2.str().find("dim") != std::string::npos);
  std::ostringstream out3, err3;
  cli::DemoMakeClassesOptions c;
  c.vocabulary = test::tempDir() + "/missing.txt";
  c.output = test::tempDir() + "/c.json";
  ZSI_CHECK_EQ(cli::runDemoMakeClasses(c, out3, err3), 1);
  ZSI_CHECK(err3.str().find("missing.txt") != std::string::npos);
}
