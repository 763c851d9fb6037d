#include "ui/Prediction.h"

namespace zsi::ui {

const char* reviewStateName(ReviewState state) {
  switch (state) {
    case ReviewState::Pending: return "pending";
    case ReviewState::Accepted: return "accepted";
    case ReviewState::Rejected: return "rejected";
  }
  return "pending";
}

bool parseReviewState(const std::string& text, ReviewState& out) {
  for (auto s : {ReviewState::Pending, ReviewState::Accepted, ReviewState::Rejected}) {
    if (text == reviewStateName(s)) {
      out = s;
      return true;
    }
  }
  return false;
}

const std::string& ImagePredictions::className(std::size_t i) const {
  if (i < relabel.size() && !relabel[i].empty()) return relabel[i];
  const int label = data->instances.labels[i];
  static const std::string unknown = "?";
  if (label < 0 || static_cast<std::size_t>(label) >= data->classNames.size()) return unknown;
  return data->classNames[static_cast<std::size_t>(label)];
}

std::size_t ImagePredictions::pendingCount() const {
  std::size_t n = 0;
  for (auto s : state) n += s == ReviewState::Pending ? 1 : 0;
  return n;
}

}  // namespace zsi::ui
