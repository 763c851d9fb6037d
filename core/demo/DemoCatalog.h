#pragma once
// What the demo benchmark is made of: colours, shapes, and their compositions ("red circle") as
// classes, with the fixed zero-shot split. The unseen compositions are chosen so that every
// colour and every shape is still seen in at least four other compositions: the model can learn
// what "red" and "star" look like, never "red star" itself.
//
// Class order (the order of the class set and of the COCO categories): seen classes, then unseen,
// each colour-major. Category id = 1 + 6 * colour + shape, so an id names the same composition
// whichever split is used.

#include <cstdint>
#include <string>
#include <vector>

namespace zsi {

enum class DemoShapeKind { Circle, Square, Triangle, Star, Hexagon, Cross };

struct DemoColour {
  const char* name;
  double hue;        // degrees, the centre of the colour's range
  double hueJitter;  // +- degrees per object
  double satMin, satMax;
  double valMin, valMax;
};

struct DemoShape {
  const char* name;
  DemoShapeKind kind;
};

struct DemoClass {
  std::string name;    // "red circle"
  int colour = 0;      // index into DemoCatalog::colours()
  int shape = 0;       // index into DemoCatalog::shapes()
  bool unseen = false;
  std::int64_t categoryId = 0;
};

class DemoCatalog {
 public:
  static const std::vector<DemoColour>& colours();
  static const std::vector<DemoShape>& shapes();
  // Seen classes first, then unseen (see above).
  static const std::vector<DemoClass>& classes();
  static std::size_t seenCount();
  static std::size_t unseenCount();
  // The attribute words the vocabulary must hold: colour names, then shape names.
  static std::vector<std::string> words();
  // Index into classes() of a category id; -1 when unknown.
  static int classOfCategory(std::int64_t categoryId);
};

}  // namespace zsi
