// The class catalogue and its fixed split: every colour and every shape of an unseen composition
// must be seen in other compositions, or zero-shot transfer would be impossible by construction.

#include <map>
#include <set>
#include <string>

#include "core/demo/DemoCatalog.h"
#include "tests/harness/ZsiTest.h"

using zsi::DemoCatalog;

ZSI_TEST(demo_catalog_has_all_compositions_seen_first) {
  const auto& classes = DemoCatalog::classes();
  ZSI_REQUIRE_EQ(classes.size(), DemoCatalog::colours().size() * DemoCatalog::shapes().size());
  ZSI_CHECK_EQ(classes.size(), 36u);
  ZSI_CHECK_EQ(DemoCatalog::unseenCount(), 9u);
  ZSI_CHECK_EQ(DemoCatalog::seenCount(), 27u);
  std::set<std::string> names;
  std::set<std::int64_t> ids;
  for (std::size_t i = 0; i < classes.size(); ++i) {
    const auto& c = classes[i];
    ZSI_CHECK_EQ(c.unseen, i >= DemoCatalog::seenCount());
    ZSI_CHECK_EQ(c.name, std::string(DemoCatalog::colours()[c.colour].name) + " " +
                             DemoCatalog::shapes()[c.shape].name);
    ZSI_CHECK_EQ(c.categoryId, 1 + 6 * c.colour + c.shape);
    ZSI_CHECK_EQ(DemoCatalog::classOfCategory(c.categoryId), static_cast<int>(i));
    names.insert(c.name);
    ids.insert(c.categoryId);
  }
  ZSI_CHECK_EQ(names.size(), classes.size());
  ZSI_CHECK_EQ(ids.size(), classes.size());
  ZSI_CHECK_EQ(DemoCatalog::classOfCategory(0), -1);
  ZSI_CHECK_EQ(DemoCatalog::classOfCategory(37), -1);
}

ZSI_TEST(demo_catalog_every_attribute_is_seen_elsewhere) {
  std::map<int, int> seenPerColour, seenPerShape, unseenPerColour, unseenPerShape;
  for (const auto& c : DemoCatalog::classes()) {
    if (c.unseen) {
      ++unseenPerColour[c.colour];
      ++unseenPerShape[c.shape];
    } else {
      ++seenPerColour[c.colour];
      ++seenPerShape[c.shape];
    }
  }
  for (std::size_t k = 0; k < DemoCatalog::colours().size(); ++k) {
    ZSI_CHECK(seenPerColour[static_cast<int>(k)] >= 4);
    ZSI_CHECK(unseenPerColour[static_cast<int>(k)] >= 1);  // every colour is also tested unseen
  }
  for (std::size_t k = 0; k < DemoCatalog::shapes().size(); ++k) {
    ZSI_CHECK(seenPerShape[static_cast<int>(k)] >= 4);
    ZSI_CHECK(unseenPerShape[static_cast<int>(k)] >= 1);
  }
  // Each unseen class's two words each appear in a seen class.
  for (const auto& u : DemoCatalog::classes()) {
    if (!u.unseen) continue;
    bool colourSeen = false, shapeSeen = false;
    for (const auto& s : DemoCatalog::classes()) {
      if (s.unseen) continue;
      colourSeen = colourSeen || s.colour == u.colour;
      shapeSeen = shapeSeen || s.shape == u.shape;
    }
    ZSI_CHECK(colourSeen);
    ZSI_CHECK(shapeSeen);
  }
}

ZSI_TEST(demo_catalog_words_are_colours_then_shapes) {
  const auto words = DemoCatalog::words();
  ZSI_REQUIRE_EQ(words.size(), 12u);
  ZSI_CHECK_EQ(words.front(), std::string("red"));
  ZSI_CHECK_EQ(words[6], std::string("circle"));
  ZSI_CHECK_EQ(std::set<std::string>(words.begin(), words.end()).size(), words.size());
}
