#pragma once
// Finds files shipped in models/ (the demo class set and vocabulary): installed under
// share/zsi-studio/models, next to a build tree (build/bin/../../models) or in the source tree.

#include <QString>

namespace zsi::ui {

class DataFiles {
 public:
  // `relative` below models/, e.g. "demo/demo_classes.json"; empty when not found.
  static QString model(const QString& relative);
};

}  // namespace zsi::ui
