// Model configs as data: the shipped files load, every key round-trips, unknown keys and wrong
// types are refused with the key path, quirk modes set their switches.

#include "core/engine/ModelConfig.h"
#include "tests/core/engine/EngineTestUtil.h"

using namespace zsi;

ZSI_TEST(shipped_configs_load) {
  auto c48 = zsi::test::loadConfigOrDie("zsi_48_17_r101.json");
  ZSI_CHECK_EQ(c48.classes.numSeen, 48);
  ZSI_CHECK_EQ(c48.classes.vocabularySize, 4717);
  ZSI_CHECK_EQ(c48.backbone.stageBlocks[2], 23);
  ZSI_CHECK(c48.quirks.official);
  ZSI_CHECK(c48.quirks.maskConvs == MaskConvs::LastOnly);
  ZSI_CHECK(c48.quirks.unseenRegression == UnseenRegression::SameIndex);
  ZSI_CHECK(c48.quirks.gzsdMerge == GzsdMerge::Separate);
  ZSI_CHECK(!c48.maskHead.syncBg);
  auto c65 = zsi::test::loadConfigOrDie("zsi_65_15_r101.json");
  ZSI_CHECK_EQ(c65.classes.numSeen, 65);
  ZSI_CHECK(c65.maskHead.syncBg);
  auto r50 = zsi::test::loadConfigOrDie("zsi_48_17_r50.json");
  ZSI_CHECK(r50.backbone.stageBlocks == std::vector<int>({3, 4, 6, 3}));
  ZSI_CHECK_EQ(r50.classes.vocabularySize, 4717);
  ZSI_CHECK(!r50.quirks.official);
  auto small = zsi::test::loadConfigOrDie("small_cpu.json");
  ZSI_CHECK(!small.quirks.official);
  ZSI_CHECK(small.quirks.maskConvs == MaskConvs::Chained);
  ZSI_CHECK_EQ(small.fpn.outChannels, 64);
  // Keys not listed in the small config take the official values.
  ZSI_CHECK_EQ(small.rpn.anchorStrides.size(), 5u);
  ZSI_CHECK_NEAR(small.boxHead.targetStds[2], 0.2, 1e-12);
}

ZSI_TEST(config_round_trips_through_json) {
  for (const char* name : {"zsi_48_17_r101.json", "zsi_65_15_r101.json", "zsi_48_17_r50.json", "small_cpu.json"}) {
    auto c = zsi::test::loadConfigOrDie(name);
    auto text = modelConfigToJson(c);
    auto again = parseModelConfig(text, "round trip");
    ZSI_REQUIRE_OK(again);
    ZSI_CHECK_EQ(modelConfigToJson(again.value()), text);
  }
}

ZSI_TEST(config_test_time_scoring_keys) {
  auto r = parseModelConfig(R"({"format": "zsi-model-config", "version": 1,
                                "test": {"direct_scoring": true, "seen_bias": 0.15}})");
  ZSI_REQUIRE_OK(r);
  ZSI_CHECK(r->test.directScoring);
  ZSI_CHECK_NEAR(r->test.seenBias, 0.15, 1e-12);
  auto again = parseModelConfig(modelConfigToJson(r.value()), "round trip");
  ZSI_REQUIRE_OK(again);
  ZSI_CHECK_NEAR(again->test.seenBias, 0.15, 1e-12);
  auto d = parseModelConfig(R"({"format": "zsi-model-config", "version": 1})");
  ZSI_REQUIRE_OK(d);
  ZSI_CHECK_EQ(d->test.seenBias, 0.0);  // official: no calibration
  auto bad = parseModelConfig(R"({"format": "zsi-model-config", "version": 1, "test": {"seen_bias": "high"}})");
  ZSI_REQUIRE(!bad.ok());
  ZSI_CHECK_EQ(bad.error().field, std::string("test.seen_bias"));
}

ZSI_TEST(config_unknown_key_is_refused_with_its_path) {
  auto r = parseModelConfig(R"({"format": "zsi-model-config", "version": 1,
                                "rpn": {"train": {"sampler": {"num": 256, "pos_fractoin": 0.5}}}})",
                            "my.json");
  ZSI_REQUIRE(!r.ok());
  ZSI_CHECK_EQ(r.error().field, std::string("rpn.train.sampler.pos_fractoin"));
  ZSI_CHECK_EQ(r.error().file, std::string("my.json"));
  ZSI_CHECK(r.error().message.find("unknown key") != std::string::npos);
}

ZSI_TEST(config_type_and_value_errors_name_the_field) {
  auto wrongType = parseModelConfig(R"({"format": "zsi-model-config", "version": 1, "fpn": {"out_channels": "256"}})");
  ZSI_REQUIRE(!wrongType.ok());
  ZSI_CHECK_EQ(wrongType.error().field, std::string("fpn.out_channels"));
  auto badEnum = parseModelConfig(R"({"format": "zsi-model-config", "version": 1, "quirks": {"gzsd_merge": "both"}})");
  ZSI_REQUIRE(!badEnum.ok());
  ZSI_CHECK_EQ(badEnum.error().field, std::string("quirks.gzsd_merge"));
  auto badStrides = parseModelConfig(R"({"format": "zsi-model-config", "version": 1, "rpn": {"anchor_strides": [4, 8, 16, 32]}})");
  ZSI_REQUIRE(!badStrides.ok());
  ZSI_CHECK_EQ(badStrides.error().field, std::string("rpn.anchor_strides"));
  auto badVersion = parseModelConfig(R"({"format": "zsi-model-config", "version": 7})");
  ZSI_REQUIRE(!badVersion.ok());
  ZSI_CHECK_EQ(badVersion.error().field, std::string("version"));
  auto noFormat = parseModelConfig(R"({"version": 1})");
  ZSI_CHECK(!noFormat.ok());
  auto broken = parseModelConfig("{\n  \"format\": \"zsi-model-config\",\n  \"version\": 1,,\n}", "b.json");
  ZSI_REQUIRE(!broken.ok());
  ZSI_CHECK_EQ(broken.error().line, 3);
}

ZSI_TEST(config_official_mode_with_overrides) {
  auto r = parseModelConfig(R"({"format": "zsi-model-config", "version": 1,
                                "quirks": {"mode": "official", "gzsd_merge": "joint"}})");
  ZSI_REQUIRE_OK(r);
  ZSI_CHECK(r->quirks.official);
  ZSI_CHECK(r->quirks.gzsdMerge == GzsdMerge::Joint);
  ZSI_CHECK(r->quirks.maskConvs == MaskConvs::LastOnly);
  ZSI_CHECK(r->quirks.backgroundInit == BackgroundInit::Given);
  auto d = parseModelConfig(R"({"format": "zsi-model-config", "version": 1})");
  ZSI_REQUIRE_OK(d);
  ZSI_CHECK(d->quirks.unseenRegression == UnseenRegression::ScoreWeighted);
  ZSI_CHECK(d->quirks.backgroundInit == BackgroundInit::SeenMeanOrthogonal);
}

ZSI_TEST(class_vectors_from_the_official_matrix) {
  auto cv = zsi::test::official4817();
  ZSI_CHECK_EQ(cv.dim, 300);
  ZSI_CHECK_EQ(cv.size(), 65u);
  ZSI_CHECK_EQ(cv.seenCount(), 48u);
  ZSI_CHECK_EQ(cv.unseenCount(), 17u);
  ZSI_CHECK_NEAR(cv.norm, 0.76663, 1e-4);
  double bg = 0;
  for (float v : cv.background) bg += v * v;
  ZSI_CHECK_NEAR(std::sqrt(bg), 0.32356, 1e-4);
  ZSI_CHECK_EQ(cv.names[0], std::string("person"));
  ZSI_CHECK(cv.isUnseen(64));
  // The same file without its class list (`zsi import --word-vectors`): numbered classes.
  const std::string path = zsi::test::sharedData("zsi/word_w2v_withbg_48_17.txt");
  auto matrix = ClassMatrix::read(path);
  ZSI_REQUIRE_OK(matrix);
  auto numbered = toClassVectors(matrix.value(), 48, path);
  ZSI_REQUIRE_OK(numbered);
  ZSI_CHECK_EQ(numbered->names[47], std::string("class48"));
  ZSI_CHECK_EQ(numbered->seenCount(), 48u);
  ZSI_CHECK_NEAR(numbered->norm, 0.76663, 1e-4);
  ZSI_CHECK(numbered->vectors == cv.vectors);
  ZSI_CHECK(numbered->background == cv.background);
  auto bad = toClassVectors(matrix.value(), 70, path);
  ZSI_REQUIRE(!bad.ok());
  ZSI_CHECK(bad.error().toString().find("word_w2v_withbg_48_17.txt") != std::string::npos);
}
