#pragma once
// The studio's look: Qt's Fusion style with a dark palette, as image tools use so that the
// photographs and their coloured overlays stand out. Applied once at start by the application.

class QApplication;

namespace zsi::ui {

class StudioStyle {
 public:
  static void apply(QApplication& app);
};

}  // namespace zsi::ui
