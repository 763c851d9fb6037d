// Class sets: JSON round trips and errors, import of the official matrices, and the built-in
// COCO sets equal to the official matrices column for column.

#include <cstring>

#include "core/coco/ZsiSplit.h"
#include "core/wordvec/BuiltinClassSets.h"
#include "core/wordvec/ClassMatrix.h"
#include "core/wordvec/ClassSet.h"
#include "core/wordvec/ClassVectorPack.h"
#include "core/wordvec/NameEmbedder.h"
#include "core/wordvec/VectorFile.h"
#include "tests/core/wordvec/WordvecTestUtil.h"

using namespace zsi;

namespace {

bool sameBits(const std::vector<float>& a, const std::vector<float>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
}

void requireEqualSets(const ClassSet& a, const ClassSet& b) {
  ZSI_CHECK_EQ(a.name, b.name);
  ZSI_CHECK_EQ(a.norm, b.norm);
  ZSI_CHECK_EQ(a.sourceVectors, b.sourceVectors);
  ZSI_CHECK(sameBits(a.background, b.background));
  ZSI_REQUIRE_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    const auto &x = a.classes[i], &y = b.classes[i];
    ZSI_CHECK_EQ(x.name, y.name);
    ZSI_CHECK(sameBits(x.vector, y.vector));
    ZSI_CHECK_EQ(x.unseen, y.unseen);
    ZSI_CHECK(x.colour == y.colour);
    ZSI_CHECK_EQ(x.cocoId, y.cocoId);
    ZSI_CHECK_EQ(x.rule, y.rule);
    ZSI_CHECK(x.tokens == y.tokens);
  }
}

std::string loadError(const std::string& json) {
  auto s = ClassSet::fromJson(json, "set.json");
  ZSI_REQUIRE(!s.ok());
  const std::string msg = s.error().toString();
  test::note(msg);
  return msg;
}

const std::string kSmall = R"({"format": "zsi-classset", "version": 1, "name": "tiny", "dim": 2, "norm": 1,
  "background": [0.5, 0.5],
  "classes": [{"name": "a", "vector": [1, 0]}, {"name": "b", "unseen": true, "vector": [0, 1]}]})";

}  // namespace

ZSI_TEST(acceptance_builtin_sets_equal_the_official_matrices) {
  for (auto [which, split] : {std::pair{BuiltinSplit::Coco48_17, "48_17"}, std::pair{BuiltinSplit::Coco65_15, "65_15"}}) {
    auto set = builtinClassSet(which);
    ZSI_REQUIRE_OK(set);
    const auto cols = test::officialColumns(split);
    const auto list = test::officialClassList(split);
    ZSI_REQUIRE_EQ(set->size() + 1, cols.size());
    ZSI_CHECK(sameBits(set->background, cols[0]));
    std::size_t mismatched = 0;
    for (const auto& c : list) {
      if (c.column == 0) continue;
      const auto& e = set->classes[static_cast<std::size_t>(c.column - 1)];
      if (e.name != c.name || e.cocoId != c.cocoId || e.unseen != (c.split == "unseen") ||
          !sameBits(e.vector, cols[static_cast<std::size_t>(c.column)]))
        ++mismatched;
    }
    test::note(std::string(split) + ": " + std::to_string(set->seenCount()) + " seen, " +
               std::to_string(set->unseenCount()) + " unseen, " + std::to_string(mismatched) + " columns differ");
    ZSI_CHECK_EQ(mismatched, std::size_t{0});
    ZSI_CHECK_EQ(set->norm, 0.76663);
    // Written back as a ZSI matrix, the set is the official file, byte for byte.
    ZSI_CHECK(set->toMatrix().toText() == test::slurp(test::officialMatrix(split)));
  }
  ZSI_CHECK_EQ(builtinClassSet(BuiltinSplit::Coco48_17)->seenCount(), std::size_t{48});
  ZSI_CHECK_EQ(builtinClassSet(BuiltinSplit::Coco65_15)->unseenCount(), std::size_t{15});
}

ZSI_TEST(builtin_sets_by_id) {
  auto a = loadClassSet("48_17");
  auto b = loadClassSet("coco-65-15");
  ZSI_REQUIRE_OK(a);
  ZSI_REQUIRE_OK(b);
  ZSI_CHECK_EQ(a->size(), std::size_t{65});
  ZSI_CHECK_EQ(b->size(), std::size_t{80});
  ZSI_CHECK_EQ(a->find("Hair Drier"), -1);
  ZSI_CHECK(b->find("Hair Drier") >= 0);
  ZSI_CHECK(!loadClassSet(test::tempDir() + "/missing.json").ok());
}

ZSI_TEST(import_official_matrix_then_json_round_trip) {
  auto set = ClassSet::fromZsiMatrix(test::officialMatrix("65_15"), test::officialClasses("65_15"), 0.76663);
  ZSI_REQUIRE_OK(set);
  ZSI_CHECK_EQ(set->size(), std::size_t{80});
  ZSI_CHECK_EQ(set->unseenCount(), std::size_t{15});
  ZSI_CHECK_EQ(set->classes[0].name, std::string("person"));
  ZSI_CHECK_EQ(set->classes[0].cocoId, std::int64_t{1});
  set->name = "COCO 65/15 \"imported\"";
  set->classes[3].tokens = {"motorcycle", "motorbike"};
  const std::string path = test::tempDir() + "/coco.json";
  ZSI_REQUIRE_OK(set->save(path));
  const std::string text = test::slurp(path);
  test::note("JSON size " + std::to_string(text.size()) + " bytes");
  ZSI_CHECK(test::contains(text, "\"format\": \"zsi-classset\""));
  ZSI_CHECK(test::contains(text, "\"norm\": 0.76663"));
  auto back = ClassSet::load(path);
  ZSI_REQUIRE_OK(back);
  requireEqualSets(*set, *back);
  // Without --norm the import measures the class columns: 0.76663 to the file's precision.
  auto measured = ClassSet::fromZsiMatrix(test::officialMatrix("48_17"), test::officialClasses("48_17"));
  ZSI_REQUIRE_OK(measured);
  ZSI_CHECK_NEAR(measured->norm, 0.76663, 1e-6);
}

ZSI_TEST(multi_word_rule_is_saved_with_the_set) {
  auto set = ClassSet::fromZsiMatrix(test::officialMatrix("48_17"), test::officialClasses("48_17"), 0.76663);
  ZSI_REQUIRE_OK(set);
  // The default (the official rule) leaves the file as before; the mean rule is written and read.
  ZSI_CHECK(!test::contains(set->toJson(), "multi_word_rule"));
  set->multiWord = MultiWordRule::MeanOfWords;
  const std::string text = set->toJson();
  ZSI_CHECK(test::contains(text, "\"multi_word_rule\": \"mean of words\""));
  auto back = ClassSet::fromJson(text, "mem.json");
  ZSI_REQUIRE_OK(back);
  ZSI_CHECK(back->multiWord == MultiWordRule::MeanOfWords);
  std::string bad = text;
  bad.replace(bad.find("mean of words"), 13, "sideways");
  auto refused = ClassSet::fromJson(bad, "bad.json");
  ZSI_REQUIRE(!refused.ok());
  ZSI_CHECK(test::contains(refused.error().toString(), "multi_word_rule"));
}

ZSI_TEST(import_plzsd_list_without_background_column) {
  auto set = ClassSet::fromZsiMatrix(test::sharedData("zsi/plzsd_word_w2v.txt"),
                                     test::sharedData("zsi/plzsd_cls_names_test_coco.csv"));
  ZSI_REQUIRE_OK(set);
  ZSI_CHECK_EQ(set->size(), std::size_t{80});
  // The background is the mean of the 80 classes, as in the ZSI files (max diff 4.5e-9 there;
  // the PL-ZSD file has 6 decimals).
  const auto cols = test::officialColumns("65_15");
  double maxDiff = 0;
  for (std::size_t i = 0; i < 300; ++i) maxDiff = std::max(maxDiff, std::fabs(static_cast<double>(set->background[i]) - cols[0][i]));
  test::note("background vs ZSI column 0: max |diff| " + test::show(maxDiff));
  ZSI_CHECK(maxDiff < 1e-6);
}

ZSI_TEST(json_errors_name_the_field_or_position) {
  ZSI_REQUIRE_OK(ClassSet::fromJson(kSmall, "set.json"));
  ZSI_CHECK(test::contains(loadError("{\"format\": \"zsi-classset\",\n  \"version\": 1,,}"), "set.json:2:"));
  ZSI_CHECK(test::contains(loadError("[1,2]"), "expected a JSON object"));
  std::string s = kSmall;
  ZSI_CHECK(test::contains(loadError(std::string(kSmall).replace(s.find("\"version\": 1"), 12, "\"version\": 7")),
                           "version 7 is not supported"));
  ZSI_CHECK(test::contains(loadError(std::string(kSmall).replace(s.find("[0, 1]"), 6, "[0, 1, 2]")),
                           "classes[1].vector: has 3 values, expected 2"));
  ZSI_CHECK(test::contains(loadError(std::string(kSmall).replace(s.find("[0, 1]"), 6, "[0, \"x\"]")),
                           "classes[1] ('b').vector[1]: expected a number"));
  ZSI_CHECK(test::contains(loadError(std::string(kSmall).replace(s.find("\"norm\": 1"), 9, "\"norm\": -1")),
                           "norm: must be a positive number"));
  ZSI_CHECK(test::contains(loadError(std::string(kSmall).replace(s.find("\"name\": \"b\""), 11, "\"name\": \"A\"")),
                           "appears twice"));
  ZSI_CHECK(test::contains(loadError(std::string(kSmall).replace(s.find("\"unseen\": true"), 14, "\"unseen\": 1")),
                           "classes[1] ('b').unseen: expected true or false"));
  ZSI_CHECK(test::contains(loadError(std::string(kSmall).replace(s.find("\"format\": \"zsi-classset\""), 24, "\"format\": \"coco\"")),
                           "is not a class set"));
  ZSI_CHECK(test::contains(loadError(std::string(kSmall).replace(s.find("\"dim\": 2"), 8, "\"dim\": 3")), "dim is 3"));
}

ZSI_TEST(sets_made_from_a_vocabulary) {
  auto vocab = VectorFile::open(test::top1000(), test::noCache());
  ZSI_REQUIRE_OK(vocab);
  NameEmbedder embedder(*vocab, 0.76663);
  ClassSet set;
  set.norm = 0.76663;
  set.sourceVectors = test::top1000();
  set.add(*embedder.embed("dog"), false);
  set.add(*embedder.embed("sports ball"), true);
  set.setBackgroundToClassMean();
  ZSI_REQUIRE_OK(set.validate());
  ZSI_CHECK_EQ(set.classes[1].rule, std::string("head word"));
  ZSI_CHECK(set.classes[1].tokens == std::vector<std::string>{"ball"});
  ZSI_CHECK(set.classes[0].colour != set.classes[1].colour);
  ZSI_CHECK_NEAR(set.background[7], (set.classes[0].vector[7] + set.classes[1].vector[7]) / 2, 1e-7);
  const std::string path = test::tempDir() + "/mine.json";
  ZSI_REQUIRE_OK(set.save(path));
  auto back = ClassSet::load(path);
  ZSI_REQUIRE_OK(back);
  requireEqualSets(set, *back);
  ZSI_CHECK(back->seenIndices() == std::vector<std::size_t>{0});
  ZSI_CHECK(back->unseenIndices() == std::vector<std::size_t>{1});
}

ZSI_TEST(pack_round_trip_and_damage) {
  auto set = ClassSet::fromZsiMatrix(test::officialMatrix("48_17"), test::officialClasses("48_17"), 0.76663);
  ZSI_REQUIRE_OK(set);
  auto pack = packBuiltinClassSet(*set, BuiltinSplit::Coco48_17);
  ZSI_REQUIRE_OK(pack);
  const std::string bytes = pack->serialize();
  ZSI_CHECK_EQ(bytes.size(), std::size_t{64 + 66 * 300 * 4});
  auto back = ClassVectorPack::parse(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), "p");
  ZSI_REQUIRE_OK(back);
  ZSI_CHECK_EQ(back->splitId, std::string("48_17"));
  ZSI_CHECK_EQ(back->norm, 0.76663);
  ZSI_CHECK(back->columns == pack->columns);
  // The committed pack is exactly what the documented command makes from the official files.
  ZSI_CHECK(bytes == test::slurp(std::string(ZSI_SOURCE_DIR) + "/models/coco/zsi_w2v_48_17.zsivec"));
  std::string damaged = bytes;
  damaged[1000] ^= 1;
  auto bad = ClassVectorPack::parse(reinterpret_cast<const unsigned char*>(damaged.data()), damaged.size(), "p");
  ZSI_REQUIRE(!bad.ok());
  ZSI_CHECK(test::contains(bad.error().message, "checksum"));
  // A set whose classes are not the split's is refused.
  set->classes[2].name = "bike";
  auto refused = packBuiltinClassSet(*set, BuiltinSplit::Coco48_17);
  ZSI_REQUIRE(!refused.ok());
  ZSI_CHECK(test::contains(refused.error().message, "class 3 is 'bike'"));
  ZSI_CHECK(!packBuiltinClassSet(*set, BuiltinSplit::Coco65_15).ok());
}

ZSI_TEST(class_colours) {
  ZSI_CHECK(ClassColour::fromHex("#3fA34d") == (ClassColour{0x3f, 0xa3, 0x4d}));
  ZSI_CHECK_EQ((ClassColour{0x3f, 0xa3, 0x4d}.hex()), std::string("#3fa34d"));
  ZSI_CHECK(!ClassColour::fromHex("#12345").has_value());
  ZSI_CHECK(!ClassColour::fromHex("#12345g").has_value());
  for (std::size_t i = 0; i < 80; ++i) ZSI_CHECK(ClassColour::palette(i) != ClassColour::palette(i + 1));
}
