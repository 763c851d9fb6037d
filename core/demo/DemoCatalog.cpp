#include "core/demo/DemoCatalog.h"

namespace zsi {
namespace {

// Hues spread evenly around the wheel so that jitter and shading never carry one colour into
// another; saturation and value stay well above the backgrounds' (DemoBackground.cpp), so colour is
// always readable but objects are not the only saturated thing by a wide margin.
const std::vector<DemoColour> kColours = {
    {"red", 0, 6, 0.62, 0.92, 0.62, 0.95},     {"yellow", 55, 5, 0.62, 0.92, 0.78, 0.98},
    {"green", 120, 7, 0.55, 0.90, 0.55, 0.90}, {"cyan", 185, 6, 0.55, 0.90, 0.62, 0.95},
    {"blue", 228, 6, 0.60, 0.92, 0.62, 0.95},  {"purple", 285, 6, 0.50, 0.85, 0.55, 0.90},
};

const std::vector<DemoShape> kShapes = {
    {"circle", DemoShapeKind::Circle}, {"square", DemoShapeKind::Square},
    {"triangle", DemoShapeKind::Triangle}, {"star", DemoShapeKind::Star},
    {"hexagon", DemoShapeKind::Hexagon}, {"cross", DemoShapeKind::Cross},
};

// (colour, shape) of the unseen compositions: the diagonal and three more, so every colour keeps
// four or five seen shapes and every shape four or five seen colours.
constexpr int kUnseen[][2] = {{0, 0}, {1, 1}, {2, 2}, {3, 3}, {4, 4}, {5, 5},
                              {0, 2}, {1, 3}, {2, 4}};

bool isUnseen(int colour, int shape) {
  for (const auto& u : kUnseen)
    if (u[0] == colour && u[1] == shape) return true;
  return false;
}

std::vector<DemoClass> makeClasses() {
  std::vector<DemoClass> seen, unseen;
  for (int c = 0; c < static_cast<int>(kColours.size()); ++c) {
    for (int s = 0; s < static_cast<int>(kShapes.size()); ++s) {
      DemoClass k;
      k.name = std::string(kColours[c].name) + " " + kShapes[s].name;
      k.colour = c;
      k.shape = s;
      k.unseen = isUnseen(c, s);
      k.categoryId = 1 + static_cast<std::int64_t>(kShapes.size()) * c + s;
      (k.unseen ? unseen : seen).push_back(std::move(k));
    }
  }
  seen.insert(seen.end(), unseen.begin(), unseen.end());
  return seen;
}

}  // namespace

const std::vector<DemoColour>& DemoCatalog::colours() { return kColours; }
const std::vector<DemoShape>& DemoCatalog::shapes() { return kShapes; }

const std::vector<DemoClass>& DemoCatalog::classes() {
  static const std::vector<DemoClass> all = makeClasses();
  return all;
}

std::size_t DemoCatalog::unseenCount() { return sizeof(kUnseen) / sizeof(kUnseen[0]); }
std::size_t DemoCatalog::seenCount() { return classes().size() - unseenCount(); }

std::vector<std::string> DemoCatalog::words() {
  std::vector<std::string> w;
  for (const auto& c : kColours) w.emplace_back(c.name);
  for (const auto& s : kShapes) w.emplace_back(s.name);
  return w;
}

int DemoCatalog::classOfCategory(std::int64_t categoryId) {
  const auto& all = classes();
  for (std::size_t i = 0; i < all.size(); ++i)
    if (all[i].categoryId == categoryId) return static_cast<int>(i);
  return -1;
}

}  // namespace zsi
