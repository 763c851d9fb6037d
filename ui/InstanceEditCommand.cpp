#include "ui/InstanceEditCommand.h"

#include "ui/ProjectDocument.h"

namespace zsi::ui {

InstanceEditCommand::InstanceEditCommand(ProjectDocument* doc, std::size_t imageIndex)
    : doc_(doc), image_(imageIndex) {
  if (const ImagePredictions* p = doc->predictions().get(imageIndex)) generation_ = p->generation;
}

const ImagePredictions* InstanceEditCommand::initialPredictions() const {
  const ImagePredictions* p = doc_->predictions().get(image_);
  return p && p->generation == generation_ ? p : nullptr;
}

ImagePredictions* InstanceEditCommand::livePredictions() const {
  ImagePredictions* p = doc_->mutablePredictions().find(image_);
  return p && p->generation == generation_ ? p : nullptr;
}

void InstanceEditCommand::notify(bool predictionsTouched) const {
  doc_->notifyAnnotationsChanged(image_);
  if (predictionsTouched) doc_->notifyPredictionsChanged(image_);
}

long long InstanceEditCommand::addedIndexOfId(const AnnotationEdits& edits, std::int64_t id) {
  const auto& added = edits.added();
  for (std::size_t i = added.size(); i-- > 0;)
    if (added[i].id == id) return static_cast<long long>(i);
  return -1;
}

}  // namespace zsi::ui
