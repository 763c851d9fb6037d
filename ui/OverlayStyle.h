#pragma once
// How overlays are drawn: what is shown and how strongly. Read from and written to Settings by
// the main window; the canvas and the compositor only read it.

namespace zsi::ui {

struct InstanceRow;

struct OverlayStyle {
  double opacity = 0.45;  // fills; outlines are opaque
  bool groundTruth = true;
  bool predictions = true;
  bool seen = true;
  bool unseen = true;
  bool rejected = false;
  bool boxes = true;
  bool labels = true;

  bool operator==(const OverlayStyle& o) const {
    return opacity == o.opacity && groundTruth == o.groundTruth && predictions == o.predictions &&
           seen == o.seen && unseen == o.unseen && rejected == o.rejected && boxes == o.boxes &&
           labels == o.labels;
  }
  bool operator!=(const OverlayStyle& o) const { return !(*this == o); }
  bool shows(const InstanceRow& row) const;
};

}  // namespace zsi::ui
