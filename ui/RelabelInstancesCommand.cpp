#include "ui/RelabelInstancesCommand.h"

#include <QCoreApplication>

#include "ui/ProjectDocument.h"

namespace zsi::ui {

RelabelInstancesCommand::RelabelInstancesCommand(ProjectDocument* doc, std::size_t imageIndex,
                                                 const std::vector<InstanceRef>& refs,
                                                 const std::string& className)
    : InstanceEditCommand(doc, imageIndex), className_(className) {
  const ImagePredictions* p = initialPredictions();
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
          item.linkedAnnotation = addedIndexOfId(edits, p->annotationId[r.index]);
          if (item.linkedAnnotation >= 0)
            item.linkedBefore = edits.added()[static_cast<std::size_t>(item.linkedAnnotation)].className;
        }
        break;
    }
    items_.push_back(item);
  }
  setText(QCoreApplication::translate("Commands", "Relabel %n instance(s) as %1", nullptr,
                                      static_cast<int>(items_.size()))
              .arg(QString::fromStdString(className)));
}

void RelabelInstancesCommand::apply(bool forward) {
  ImagePredictions* p = livePredictions();
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
        if (p) {
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
  notify(predictionsTouched);
}

}  // namespace zsi::ui
