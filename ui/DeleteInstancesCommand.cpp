#include "ui/DeleteInstancesCommand.h"

#include <QCoreApplication>

#include "ui/ProjectDocument.h"

namespace zsi::ui {
namespace {

long long addedIndexOfId(const AnnotationEdits& edits, std::int64_t id) {
  const auto& added = edits.added();
  for (std::size_t i = added.size(); i-- > 0;)
    if (added[i].id == id) return static_cast<long long>(i);
  return -1;
}

}  // namespace

DeleteInstancesCommand::DeleteInstancesCommand(ProjectDocument* doc, std::size_t imageIndex,
                                               const std::vector<InstanceRef>& refs)
    : doc_(doc), image_(imageIndex) {
  const ImagePredictions* p = doc->predictions().get(imageIndex);
  if (p) generation_ = p->generation;
  bool onlyPredictions = true;
  for (const InstanceRef& r : refs) {
    Item item;
    item.ref = r;
    switch (r.source) {
      case InstanceRef::Source::GroundTruth:
        if (doc->edits().loadedDeleted(r.index)) continue;
        onlyPredictions = false;
        break;
      case InstanceRef::Source::Annotation:
        if (r.index >= doc->edits().added().size() || doc->edits().added()[r.index].deleted) continue;
        onlyPredictions = false;
        break;
      case InstanceRef::Source::Prediction:
        if (!p || r.index >= p->size() || p->state[r.index] == ReviewState::Rejected) continue;
        item.before = p->state[r.index];
        if (item.before == ReviewState::Accepted) {
          item.linkedAnnotation = addedIndexOfId(doc->edits(), p->annotationId[r.index]);
          if (item.linkedAnnotation >= 0)
            item.linkedWasDeleted = doc->edits().added()[static_cast<std::size_t>(item.linkedAnnotation)].deleted;
        }
        break;
    }
    items_.push_back(item);
  }
  const int n = static_cast<int>(items_.size());
  setText(onlyPredictions ? QCoreApplication::translate("Commands", "Reject %n prediction(s)", nullptr, n)
                          : QCoreApplication::translate("Commands", "Delete %n instance(s)", nullptr, n));
}

void DeleteInstancesCommand::redo() { apply(true); }
void DeleteInstancesCommand::undo() { apply(false); }

void DeleteInstancesCommand::apply(bool forward) {
  ImagePredictions* p = doc_->mutablePredictions().find(image_);
  const bool same = p && p->generation == generation_;
  auto& edits = doc_->mutableEdits();
  bool predictionsTouched = false;
  for (const Item& item : items_) {
    switch (item.ref.source) {
      case InstanceRef::Source::GroundTruth:
        edits.setLoadedDeleted(item.ref.index, forward);
        break;
      case InstanceRef::Source::Annotation:
        if (item.ref.index < edits.added().size()) edits.addedAt(item.ref.index).deleted = forward;
        break;
      case InstanceRef::Source::Prediction:
        if (item.linkedAnnotation >= 0 &&
            static_cast<std::size_t>(item.linkedAnnotation) < edits.added().size())
          edits.addedAt(static_cast<std::size_t>(item.linkedAnnotation)).deleted =
              forward ? true : item.linkedWasDeleted;
        if (same) {
          p->state[item.ref.index] = forward ? ReviewState::Rejected : item.before;
          predictionsTouched = true;
        }
        break;
    }
  }
  doc_->notifyAnnotationsChanged(image_);
  if (predictionsTouched) doc_->notifyPredictionsChanged(image_);
}

}  // namespace zsi::ui
