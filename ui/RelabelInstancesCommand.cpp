#include "ui/RelabelInstancesCommand.h"

#include <QCoreApplication>

#include "ui/ProjectDocument.h"

namespace zsi::ui {

RelabelInstancesCommand::RelabelInstancesCommand(ProjectDocument* doc, std::size_t imageIndex,
                                                 const std::vector<InstanceRef>& refs,
                                                 const std::string& className)
    : doc_(doc), image_(imageIndex), className_(className) {
  const ImagePredictions* p = doc->predictions().get(imageIndex);
  if (p) generation_ = p->generation;
  const auto& edits = doc->edits();
  for (const InstanceRef& r : refs) {
    Item item;
    item.ref = r;
    switch (r.source) {
      case InstanceRef::Source::GroundTruth: {
        if (doc->loadedClassName(r.index) == className) continue;
        const std::string* prev = edits.loadedRelabel(r.index);
        item.before = prev ? *prev : std::string();
        break;
      }
      case InstanceRef::Source::Annotation:
        if (r.index >= edits.added().size() || edits.added()[r.index].className == className) continue;
        item.before = edits.added()[r.index].className;
        break;
      case InstanceRef::Source::Prediction:
        if (!p || r.index >= p->size() || p->className(r.index) == className) continue;
        item.before = p->relabel[r.index];
        if (p->state[r.index] == ReviewState::Accepted) {
          for (std::size_t a = edits.added().size(); a-- > 0;)
            if (edits.added()[a].id == p->annotationId[r.index]) {
              item.linkedAnnotation = static_cast<long long>(a);
              item.linkedBefore = edits.added()[a].className;
              break;
            }
        }
        break;
    }
    items_.push_back(item);
  }
  setText(QCoreApplication::translate("Commands", "Relabel %n instance(s) as %1", nullptr,
                                      static_cast<int>(items_.size()))
              .arg(QString::fromStdString(className)));
}

void RelabelInstancesCommand::redo() { apply(true); }
void RelabelInstancesCommand::undo() { apply(false); }

void RelabelInstancesCommand::apply(bool forward) {
  ImagePredictions* p = doc_->mutablePredictions().find(image_);
  const bool same = p && p->generation == generation_;
  auto& edits = doc_->mutableEdits();
  bool predictionsTouched = false;
  for (const Item& item : items_) {
    switch (item.ref.source) {
      case InstanceRef::Source::GroundTruth:
        edits.setLoadedRelabel(item.ref.index, forward ? className_ : item.before);
        break;
      case InstanceRef::Source::Annotation:
        if (item.ref.index < edits.added().size())
          edits.addedAt(item.ref.index).className = forward ? className_ : item.before;
        break;
      case InstanceRef::Source::Prediction:
        if (same) {
          p->relabel[item.ref.index] = forward ? className_ : item.before;
          predictionsTouched = true;
        }
        if (item.linkedAnnotation >= 0 &&
            static_cast<std::size_t>(item.linkedAnnotation) < edits.added().size())
          edits.addedAt(static_cast<std::size_t>(item.linkedAnnotation)).className =
              forward ? className_ : item.linkedBefore;
        break;
    }
  }
  doc_->notifyAnnotationsChanged(image_);
  if (predictionsTouched) doc_->notifyPredictionsChanged(image_);
}

}  // namespace zsi::ui
