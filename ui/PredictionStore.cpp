#include "ui/PredictionStore.h"

#include <algorithm>

namespace zsi::ui {

void PredictionStore::clear() { byImage_.clear(); }

const ImagePredictions* PredictionStore::get(std::size_t imageIndex) const {
  auto it = byImage_.find(imageIndex);
  return it == byImage_.end() ? nullptr : &it->second;
}

ImagePredictions* PredictionStore::find(std::size_t imageIndex) {
  auto it = byImage_.find(imageIndex);
  return it == byImage_.end() ? nullptr : &it->second;
}

ImagePredictions& PredictionStore::set(std::size_t imageIndex,
                                       std::shared_ptr<const PredictionData> data) {
  ImagePredictions p;
  const std::size_t n = data->instances.size();
  p.data = std::move(data);
  p.state.assign(n, ReviewState::Pending);
  p.relabel.assign(n, std::string());
  p.annotationId.assign(n, 0);
  p.generation = nextGeneration_++;
  return byImage_[imageIndex] = std::move(p);
}

void PredictionStore::restore(std::size_t imageIndex, ImagePredictions predictions) {
  predictions.generation = nextGeneration_++;
  byImage_[imageIndex] = std::move(predictions);
}

void PredictionStore::erase(std::size_t imageIndex) { byImage_.erase(imageIndex); }

std::vector<std::size_t> PredictionStore::images() const {
  std::vector<std::size_t> out;
  out.reserve(byImage_.size());
  for (const auto& [i, p] : byImage_) out.push_back(i);
  std::sort(out.begin(), out.end());
  return out;
}

std::size_t PredictionStore::instanceCount() const {
  std::size_t n = 0;
  for (const auto& [i, p] : byImage_) n += p.size();
  return n;
}

std::size_t PredictionStore::countWithKey(std::uint64_t key) const {
  std::size_t n = 0;
  for (const auto& [i, p] : byImage_) n += p.data->settingsKey == key ? 1 : 0;
  return n;
}

}  // namespace zsi::ui
