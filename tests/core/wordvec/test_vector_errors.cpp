// Truncated and inconsistent files give clear errors naming the file and the position; none crash.

#include <cstring>

#include "core/wordvec/VectorFile.h"
#include "core/wordvec/VectorFileWriter.h"
#include "tests/core/wordvec/WordvecTestUtil.h"

using namespace zsi;

namespace {

// A small vocabulary (the first 20 shared words) in `format`, as bytes.
std::string smallFile(VectorFormat format, const std::string& name) {
  auto shared = VectorFile::open(test::top1000(), test::noCache());
  ZSI_REQUIRE_OK(shared);
  auto v = WordVectors::from(*shared, 20);
  ZSI_REQUIRE_OK(v);
  const std::string path = test::tempDir() + "/" + name;
  ZSI_REQUIRE_OK(VectorFileWriter::write(path, format, *v));
  return test::slurp(path);
}

// Opens `bytes` written to a file called `name`; the open must fail. Returns the message.
std::string openError(const std::string& bytes, const std::string& name, const std::string& classList = "") {
  const std::string path = test::tempDir() + "/" + name;
  test::spit(path, bytes);
  VectorFileOptions o = test::noCache();
  o.classList = classList;
  auto f = VectorFile::open(path, o);
  ZSI_REQUIRE(!f.ok());
  const std::string msg = f.error().toString();
  test::note(msg);
  ZSI_CHECK(test::contains(msg, path));
  return msg;
}

std::string replaceLine(const std::string& text, int lineNo, const std::string& with) {
  std::size_t begin = 0;
  for (int l = 1; l < lineNo; ++l) begin = text.find('\n', begin) + 1;
  const std::size_t end = text.find('\n', begin);
  return text.substr(0, begin) + with + text.substr(end);
}

std::string lineOf(const std::string& text, int lineNo) {
  std::size_t begin = 0;
  for (int l = 1; l < lineNo; ++l) begin = text.find('\n', begin) + 1;
  return text.substr(begin, text.find('\n', begin) - begin);
}

}  // namespace

ZSI_TEST(binary_truncated_inside_a_vector) {
  const std::string bin = smallFile(VectorFormat::Word2VecBinary, "v.bin");
  const std::string msg = openError(bin.substr(0, bin.size() - 700), "cut.bin");
  ZSI_CHECK(test::contains(msg, "record 20"));
  ZSI_CHECK(test::contains(msg, "truncated"));
}

ZSI_TEST(binary_with_fewer_records_than_its_header) {
  std::string bin = smallFile(VectorFormat::Word2VecBinary, "v.bin");
  bin.replace(0, 2, "25");  // "20 300" -> "25 300"
  const std::string msg = openError(bin, "few.bin");
  ZSI_CHECK(test::contains(msg, "announces 25"));
  ZSI_CHECK(test::contains(msg, "ends after 20"));
}

ZSI_TEST(binary_with_more_data_than_its_header) {
  std::string bin = smallFile(VectorFormat::Word2VecBinary, "v.bin");
  bin.replace(0, 2, "19");
  const std::string msg = openError(bin, "more.bin");
  ZSI_CHECK(test::contains(msg, "data after the 19 vectors"));
}

ZSI_TEST(binary_with_a_short_vector) {
  // Record 3 loses its last float: every record after it is out of step.
  std::string bin = smallFile(VectorFormat::Word2VecBinary, "v.bin");
  std::size_t pos = bin.find('\n') + 1;
  for (int r = 0; r < 3; ++r) pos = bin.find(' ', pos) + 1 + 1200 + 1;
  bin.erase(pos - 1 - 4, 4);
  const std::string msg = openError(bin, "short.bin");
  ZSI_CHECK(test::contains(msg, "record"));
}

ZSI_TEST(binary_header_with_a_wrong_dimension) {
  std::string bin = smallFile(VectorFormat::Word2VecBinary, "v.bin");
  bin.replace(0, 6, "20 301");
  openError(bin, "dim.bin");
}

ZSI_TEST(text_with_a_short_vector_names_the_line) {
  std::string txt = smallFile(VectorFormat::Word2VecText, "v.txt");
  std::string line5 = lineOf(txt, 5);
  line5 = line5.substr(0, line5.rfind(' '));  // drop the last number
  const std::string msg = openError(replaceLine(txt, 5, line5), "short.txt");
  ZSI_CHECK(test::contains(msg, ":5:"));
  ZSI_CHECK(test::contains(msg, "expected a word and 300 numbers, found 299"));
}

ZSI_TEST(text_header_with_a_wrong_dimension) {
  std::string txt = smallFile(VectorFormat::Word2VecText, "v.txt");
  txt.replace(0, 6, "20 299");
  const std::string msg = openError(txt, "dim.txt");
  ZSI_CHECK(test::contains(msg, ":2:"));
  ZSI_CHECK(test::contains(msg, "found 300 numbers"));
  ZSI_CHECK(test::contains(msg, "from the header"));
}

ZSI_TEST(text_with_fewer_or_more_lines_than_its_header) {
  std::string txt = smallFile(VectorFormat::Word2VecText, "v.txt");
  std::string fewer = txt;
  fewer.replace(0, 2, "30");
  ZSI_CHECK(test::contains(openError(fewer, "few.txt"), "announces 30 vectors, but the file ends after 20"));
  std::string more = txt;
  more.replace(0, 2, "10");
  const std::string msg = openError(more, "more.txt");
  ZSI_CHECK(test::contains(msg, ":12:"));
  ZSI_CHECK(test::contains(msg, "more lines than the 10 vectors"));
}

ZSI_TEST(text_with_a_bad_number_names_line_and_column) {
  std::string txt = smallFile(VectorFormat::Word2VecText, "v.txt");
  std::string line3 = lineOf(txt, 3);
  const std::size_t sp = line3.find(' ');
  const std::size_t sp2 = line3.find(' ', sp + 1);
  line3 = line3.substr(0, sp2 + 1) + "0.1x" + line3.substr(line3.find(' ', sp2 + 1));
  const std::string msg = openError(replaceLine(txt, 3, line3), "bad.txt");
  ZSI_CHECK(test::contains(msg, ":3:" + std::to_string(sp2 + 2) + ":"));
  ZSI_CHECK(test::contains(msg, "'0.1x' is not a number"));
}

ZSI_TEST(text_with_nan_is_rejected) {
  std::string txt = smallFile(VectorFormat::GloVeText, "g.txt");
  std::string line2 = lineOf(txt, 2);
  line2 = line2.substr(0, line2.rfind(' ')) + " nan";
  ZSI_CHECK(test::contains(openError(replaceLine(txt, 2, line2), "nan.txt"), "not a finite number"));
}

ZSI_TEST(glove_with_an_inconsistent_line) {
  std::string txt = smallFile(VectorFormat::GloVeText, "g.txt");
  std::string line7 = lineOf(txt, 7);
  line7 = line7.substr(0, line7.rfind(' '));
  const std::string msg = openError(replaceLine(txt, 7, line7), "g.txt");
  ZSI_CHECK(test::contains(msg, ":7:"));
  ZSI_CHECK(test::contains(msg, "from line 1"));
}

ZSI_TEST(bad_headers) {
  ZSI_CHECK(test::contains(openError("1000\nthe 1 2\n", "h1.txt"), ":1:1:"));
  ZSI_CHECK(test::contains(openError("abc 300\n", "h2.txt"), "neither a header"));
  ZSI_CHECK(test::contains(openError("10 0\n", "h3.txt"), "dimension 0"));
  ZSI_CHECK(test::contains(openError("10 99999999\n", "h4.txt"), "dimension 99999999"));
  ZSI_CHECK(test::contains(openError("", "empty.txt"), "empty"));
  ZSI_CHECK(test::contains(openError(std::string("\x1f\x8b\x08\x00 rest", 9), "v.bin.gz"), "gzip"));
  ZSI_CHECK(test::contains(openError(std::string(4000, '\0'), "zeros.bin"), "neither a header"));
}

ZSI_TEST(matrix_errors) {
  const std::string dir = test::tempDir();
  test::spit(dir + "/names.txt", "a\nb\n");
  ZSI_CHECK(test::contains(openError("1,2,3\n4,5,6\n", "m.txt"), "class list"));
  const std::string ragged = openError("1,2,3\n4,5\n", "r.txt", dir + "/names.txt");
  ZSI_CHECK(test::contains(ragged, ":2:"));
  ZSI_CHECK(test::contains(ragged, "2 values on this line, but line 1 has 3"));
  ZSI_CHECK(test::contains(openError("1,x,3\n", "x.txt", dir + "/names.txt"), ":1:3:"));
  const std::string count = openError("1,2,3,4\n5,6,7,8\n", "c.txt", dir + "/names.txt");
  ZSI_CHECK(test::contains(count, "names 2 classes"));
  ZSI_CHECK(test::contains(count, "has 4 columns"));
}

ZSI_TEST(files_that_do_not_exist_or_are_folders) {
  auto missing = VectorFile::open(test::tempDir() + "/nope.bin", test::noCache());
  ZSI_REQUIRE(!missing.ok());
  ZSI_CHECK(test::contains(missing.error().toString(), "nope.bin"));
  auto dir = VectorFile::open(test::tempDir(), test::noCache());
  ZSI_REQUIRE(!dir.ok());
  ZSI_CHECK(test::contains(dir.error().toString(), "not a regular file"));
}

ZSI_TEST(garbage_never_crashes) {
  // Cut a valid file at many points and flip bytes: every open either works or reports an error.
  const std::string bin = smallFile(VectorFormat::Word2VecBinary, "v.bin");
  const std::string txt = smallFile(VectorFormat::Word2VecText, "v.txt");
  const std::string dir = test::tempDir();
  int errors = 0, opened = 0;
  for (const std::string* src : {&bin, &txt}) {
    for (std::size_t cut = 0; cut < src->size(); cut += 997) {
      std::string bytes = src->substr(0, cut);
      if (cut % 2 == 1 && !bytes.empty()) bytes[cut / 3] ^= 0x5a;
      test::spit(dir + "/g", bytes);
      auto f = VectorFile::open(dir + "/g", test::noCache());
      f.ok() ? ++opened : ++errors;
    }
  }
  test::note(std::to_string(errors) + " errors, " + std::to_string(opened) + " opened");
  ZSI_CHECK(errors > 0);
}
