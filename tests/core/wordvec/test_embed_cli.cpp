// `zsi embed` and `zsi classset ...` through their core/cli functions.

#include <sstream>

#include "core/cli/EmbedClassSet.h"
#include "core/cli/EmbedCommand.h"
#include "core/cli/WordvecConvert.h"
#include "core/wordvec/VectorFile.h"
#include "core/wordvec/ClassSet.h"
#include "tests/core/wordvec/WordvecTestUtil.h"

using namespace zsi;

ZSI_TEST(embed_prints_rule_norm_nearest_and_class_cosines) {
  cli::EmbedOptions o;
  o.vectors = test::top1000();
  o.classes = "48_17";
  o.noCache = true;
  o.names = {"dog", "sports ball", "hosue"};
  std::ostringstream out, err;
  const int code = cli::runEmbed(o, out, err);
  test::note(out.str().substr(0, 1200));
  test::note(err.str());
  ZSI_CHECK_EQ(code, 1);  // "hosue" is unknown
  const std::string text = out.str();
  ZSI_CHECK(test::contains(text, "word2vec text, 1000 words, dimension 300"));
  ZSI_CHECK(test::contains(text, "norm: 0.76663 (from class set COCO 48/17)"));
  ZSI_CHECK(test::contains(text, "rule:    exact token 'dog'"));
  ZSI_CHECK(test::contains(text, "rule:    head word 'ball'"));
  ZSI_CHECK(test::contains(text, "nearest: cat "));
  ZSI_CHECK(test::contains(text, "+1.0000  dog (unseen)"));  // its own class in the set
  ZSI_CHECK(test::contains(text, "+0.4826  horse (seen)"));
  ZSI_CHECK(test::contains(err.str(), "'hosue' is not in the vocabulary"));
  ZSI_CHECK(test::contains(err.str(), "closest spellings: house"));
}

ZSI_TEST(embed_norm_option_and_bad_inputs) {
  cli::EmbedOptions o;
  o.vectors = test::top1000();
  o.noCache = true;
  o.norm = 2.0;
  o.names = {"car"};
  std::ostringstream out, err;
  ZSI_CHECK_EQ(cli::runEmbed(o, out, err), 0);
  ZSI_CHECK(test::contains(out.str(), "norm: 2 (from --norm)"));
  ZSI_CHECK(!test::contains(out.str(), "cosine to the classes"));

  std::ostringstream out2, err2;
  o.vectors = test::tempDir() + "/none.bin";
  ZSI_CHECK_EQ(cli::runEmbed(o, out2, err2), 1);
  ZSI_CHECK(test::contains(err2.str(), "none.bin"));

  std::ostringstream out3, err3;
  o.vectors = test::top1000();
  o.classes = test::tempDir() + "/missing.json";
  ZSI_CHECK_EQ(cli::runEmbed(o, out3, err3), 1);
  ZSI_CHECK(test::contains(err3.str(), "missing.json"));
}

ZSI_TEST(embed_reads_a_zsi_matrix_with_its_class_list) {
  cli::EmbedOptions o;
  o.vectors = test::officialMatrix("65_15");
  o.classList = test::officialClasses("65_15");
  o.names = {"Hair Drier"};
  std::ostringstream out, err;
  ZSI_CHECK_EQ(cli::runEmbed(o, out, err), 0);
  ZSI_CHECK(test::contains(out.str(), "ZSI class matrix, 80 words"));
  ZSI_CHECK(test::contains(out.str(), "case variant"));
}

ZSI_TEST(classset_import_create_show_pack) {
  const std::string dir = test::tempDir();
  std::ostringstream out, err;
  cli::ClassSetImportOptions imp;
  imp.matrix = test::officialMatrix("48_17");
  imp.classList = test::officialClasses("48_17");
  imp.output = dir + "/imported.json";
  imp.name = "imported";
  ZSI_CHECK_EQ(cli::runClassSetImport(imp, out, err), 0);
  auto imported = ClassSet::load(imp.output);
  ZSI_REQUIRE_OK(imported);
  ZSI_CHECK_EQ(imported->unseenCount(), std::size_t{17});

  cli::ClassSetCreateOptions cr;
  cr.vectors = test::top1000();
  cr.noCache = true;
  cr.seen = {"dog", "car"};
  cr.unseen = {"sports ball"};
  cr.output = dir + "/mine.json";
  ZSI_CHECK_EQ(cli::runClassSetCreate(cr, out, err), 0);
  auto mine = ClassSet::load(cr.output);
  ZSI_REQUIRE_OK(mine);
  ZSI_CHECK_EQ(mine->size(), std::size_t{3});
  ZSI_CHECK_EQ(mine->norm, 0.76663);  // the official norm, from the built-in set
  ZSI_CHECK(mine->classes[2].unseen);

  cr.unseen = {"zebra"};
  cr.output = dir + "/never.json";
  std::ostringstream err2;
  ZSI_CHECK_EQ(cli::runClassSetCreate(cr, out, err2), 1);
  ZSI_CHECK(test::contains(err2.str(), "nothing written"));

  std::ostringstream shown;
  cli::ClassSetShowOptions show;
  show.set = "65_15";
  show.output = dir + "/builtin.json";
  ZSI_CHECK_EQ(cli::runClassSetShow(show, shown, err), 0);
  ZSI_CHECK(test::contains(shown.str(), "COCO 65/15: 80 classes (65 seen, 15 unseen), dimension 300, norm 0.76663"));
  ZSI_CHECK(test::contains(shown.str(), "hair drier"));
  ZSI_REQUIRE_OK(ClassSet::load(show.output));

  // The documented command regenerates the committed packs exactly.
  for (const char* split : {"48_17", "65_15"}) {
    cli::ClassSetPackOptions p;
    p.matrix = test::officialMatrix(split);
    p.classList = test::officialClasses(split);
    p.split = split;
    p.norm = 0.76663;
    p.output = dir + "/" + split + ".zsivec";
    ZSI_CHECK_EQ(cli::runClassSetPack(p, out, err), 0);
    ZSI_CHECK(test::slurp(p.output) ==
              test::slurp(std::string(ZSI_SOURCE_DIR) + "/models/coco/zsi_w2v_" + split + ".zsivec"));
  }
  cli::ClassSetPackOptions wrong;
  wrong.matrix = test::officialMatrix("48_17");
  wrong.classList = test::officialClasses("48_17");
  wrong.split = "65_15";
  wrong.norm = 0.76663;
  wrong.output = dir + "/wrong.zsivec";
  std::ostringstream err3;
  ZSI_CHECK_EQ(cli::runClassSetPack(wrong, out, err3), 1);
  ZSI_CHECK(test::contains(err3.str(), "split 65_15 has 80"));
}

ZSI_TEST(wordvec_convert_whole_first_n_and_listed_words) {
  const std::string dir = test::tempDir();
  std::ostringstream out, err;
  cli::WordvecConvertOptions o;
  o.vectors = test::top1000();
  o.format = "word2vec-bin";
  o.top = 100;
  o.output = dir + "/top100.bin";
  ZSI_REQUIRE_EQ(cli::runWordvecConvert(o, out, err), 0);
  auto small = VectorFile::open(o.output, test::noCache());
  ZSI_REQUIRE_OK(small);
  ZSI_CHECK(small->format() == VectorFormat::Word2VecBinary);
  ZSI_CHECK_EQ(small->size(), std::size_t{100});
  auto full = VectorFile::open(test::top1000(), test::noCache());
  ZSI_CHECK(*small->vector(7) == *full->vector(7));

  test::spit(dir + "/animals.txt", "dog\ncat\r\n\nhorse\n");
  o.top = 0;
  o.words = dir + "/animals.txt";
  o.format = "zsi-matrix";
  o.output = dir + "/animals.txt.matrix";
  ZSI_REQUIRE_EQ(cli::runWordvecConvert(o, out, err), 0);
  VectorFileOptions withList = test::noCache();
  withList.classList = o.output + ".names.txt";
  auto animals = VectorFile::open(o.output, withList);
  ZSI_REQUIRE_OK(animals);
  ZSI_CHECK_EQ(animals->size(), std::size_t{3});
  ZSI_CHECK_EQ(std::string(animals->word(2)), std::string("horse"));
  ZSI_CHECK(*animals->vector(2) == *full->vector(*full->find("horse")));

  test::spit(dir + "/typo.txt", "dog\nhosue\n");
  o.words = dir + "/typo.txt";
  o.output = dir + "/never.bin";
  std::ostringstream err2;
  ZSI_CHECK_EQ(cli::runWordvecConvert(o, out, err2), 1);
  ZSI_CHECK(test::contains(err2.str(), "typo.txt:2: 'hosue' (closest: house"));
  o.format = "nope";
  ZSI_CHECK_EQ(cli::runWordvecConvert(o, out, err2), 1);
}
