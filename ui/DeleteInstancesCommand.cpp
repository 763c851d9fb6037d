#include "ui/DeleteInstancesCommand.h"

#include <QCoreApplication>

#include "ui/ProjectDocument.h"

namespace zsi::ui {

DeleteInstancesCommand::DeleteInstancesCommand(ProjectDocument* doc, std::size_t imageIndex,
                                               const std::vector<InstanceRef>& refs)
    : InstanceEditCommand(doc, imageIndex) {
  const ImagePredictions* p = initialPredictions();
  const auto& edits = doc->edits();
  bool onlyPredictions = true;
  for (const InstanceRef& r : refs) {
    Item item;
    item.ref = r;
    switch (r.source) {
      case InstanceRef::Source::GroundTruth:
        if (edits.loadedDeleted(r.index)) continue;
        onlyPredictions = false;
        break;
      case InstanceRef::Source::Annotation:
        if (r.index >= edits.added().size() || edits.added()[r.index].deleted) continue;
        onlyPredictions = false;
        break;
      case InstanceRef::Source::Prediction:
        if (!p || r.index >= p->size() || p->state[r.index] == ReviewState::Rejected) continue;
        item.before = p->state[r.index];
        if (item.before == ReviewState::Accepted) {
          item.linkedAnnotation = addedIndexOfId(edits, p->annotationId[r.index]);
          if (item.linkedAnnotation >= 0)
            item.linkedWasDeleted = edits.added()[static_cast<std::size_t>(item.linkedAnnotation)].deleted;
        }
        break;
    }
    items_.push_back(item);
  }
  const int n = static_cast<int>(items_.size());
  setText(onlyPredictions ? QCoreApplication::translate("Commands", "Reject %n prediction(s)", nullptr, n)
                          : QCoreApplication::translate("Commands", "Delete %n instance(s)", nullptr, n));
}

void DeleteInstancesCommand::apply(bool forward) {
  ImagePredictions* p = livePredictions();
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
        if (p) {
          p->state[item.ref.index] = forward ? ReviewState::Rejected : item.before;
          predictionsTouched = true;
        }
        break;
    }
  }
  notify(predictionsTouched);
}

}  // namespace zsi::ui
