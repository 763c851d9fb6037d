#pragma once
// Names one instance of the current image for the canvas, the detections table and the undo
// commands: a loaded annotation (by its index in the dataset), an annotation made here (by its
// index in AnnotationEdits) or a prediction (by its index in the image's predictions).

#include <cstddef>
#include <cstdint>
#include <functional>

namespace zsi::ui {

struct InstanceRef {
  enum class Source : std::uint8_t { GroundTruth, Annotation, Prediction };
  Source source = Source::GroundTruth;
  std::size_t index = 0;

  bool isPrediction() const { return source == Source::Prediction; }
  bool operator==(const InstanceRef& o) const { return source == o.source && index == o.index; }
  bool operator!=(const InstanceRef& o) const { return !(*this == o); }
  bool operator<(const InstanceRef& o) const {
    return source != o.source ? source < o.source : index < o.index;
  }
};

}  // namespace zsi::ui
