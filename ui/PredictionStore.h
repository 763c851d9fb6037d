#pragma once
// The predictions of every image that has been run, with their review state. Plain C++, used on
// the GUI thread; what other threads need they get as copies (the heavy part is shared).

#include <cstdint>
#include <memory>
#include <unordered_map>
#include <vector>

#include "ui/Prediction.h"

namespace zsi::ui {

class PredictionStore {
 public:
  void clear();
  const ImagePredictions* get(std::size_t imageIndex) const;
  ImagePredictions* find(std::size_t imageIndex);
  // Replaces the predictions of an image: every instance pending, a new generation.
  ImagePredictions& set(std::size_t imageIndex, std::shared_ptr<const PredictionData> data);
  // Restores a saved state (project file, recovery): sizes must match the data.
  void restore(std::size_t imageIndex, ImagePredictions predictions);
  void erase(std::size_t imageIndex);

  std::size_t imageCount() const { return byImage_.size(); }
  const std::unordered_map<std::size_t, ImagePredictions>& all() const { return byImage_; }
  // Image indices with predictions, ascending.
  std::vector<std::size_t> images() const;
  // Counts over all images (for the status bar and the export summary).
  std::size_t instanceCount() const;
  std::size_t countWithKey(std::uint64_t key) const;

 private:
  std::unordered_map<std::size_t, ImagePredictions> byImage_;
  std::uint64_t nextGeneration_ = 1;
};

}  // namespace zsi::ui
