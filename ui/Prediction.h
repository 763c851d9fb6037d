#pragma once
// What the engine found on one image, and the review decisions on it. Plain C++.
//
// PredictionData is immutable once made and shared (document, autosave snapshots, overlay
// workers read it from other threads); the review state beside it is small and copied freely.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/engine/Instances.h"

namespace zsi::ui {

enum class ReviewState : std::uint8_t { Pending = 0, Accepted = 1, Rejected = 2 };

const char* reviewStateName(ReviewState state);  // "pending", "accepted", "rejected"
bool parseReviewState(const std::string& text, ReviewState& out);

struct PredictionData {
  Instances instances;
  std::vector<std::string> classNames;  // label -> name: the class set the engine scored against
  // Identifies model, class set and settings (InferenceSettings::key); results made with another
  // key are outdated.
  std::uint64_t settingsKey = 0;
  std::string settingsText;  // for people: "gzsi, score >= 0.05, NMS 0.50, bias 0.00"
  double milliseconds = 0;   // network + scoring time
};

struct ImagePredictions {
  std::shared_ptr<const PredictionData> data;
  std::vector<ReviewState> state;          // one per instance
  std::vector<std::string> relabel;        // empty: the engine's class
  std::vector<std::int64_t> annotationId;  // the annotation an accepted prediction became
  std::uint64_t generation = 0;            // changes whenever `data` is replaced

  std::size_t size() const { return state.size(); }
  const std::string& className(std::size_t i) const;
  std::size_t pendingCount() const;
  bool reviewed() const { return pendingCount() == 0; }
};

}  // namespace zsi::ui
