#include "ui/AcceptPredictionsCommand.h"

#include <QCoreApplication>

#include "ui/ProjectDocument.h"

namespace zsi::ui {

UserAnnotation annotationFromPrediction(const ImagePredictions& p, std::size_t i,
                                        std::size_t imageIndex) {
  const Instances& in = p.data->instances;
  UserAnnotation a;
  a.imageIndex = imageIndex;
  a.className = p.className(i);
  a.score = in.scores[i];
  if (in.hasMasks() && !in.masks[i].empty()) {
    a.mask = in.maskRle(i);
    a.area = static_cast<double>(rleArea(a.mask));
    a.bbox = rleToBbox(a.mask);
  }
  if (a.area <= 0) {  // no mask (a detection mode) or an empty one: the box stands for it
    const auto& b = in.boxes[i];
    a.mask = Rle();
    a.bbox = {b[0], b[1], b[2] - b[0], b[3] - b[1]};
    a.area = a.bbox[2] * a.bbox[3];
  }
  return a;
}

AcceptPredictionsCommand::AcceptPredictionsCommand(ProjectDocument* doc, std::size_t imageIndex,
                                                   const std::vector<std::size_t>& indices)
    : InstanceEditCommand(doc, imageIndex) {
  if (const ImagePredictions* p = initialPredictions()) {
    for (std::size_t i : indices) {
      if (i >= p->size() || p->state[i] == ReviewState::Accepted) continue;
      items_.push_back({i, p->state[i], annotationFromPrediction(*p, i, imageIndex)});
    }
  }
  setText(items_.size() == 1
              ? QCoreApplication::translate("Commands", "Accept %1").arg(QString::fromStdString(
                    items_.front().annotation.className))
              : QCoreApplication::translate("Commands", "Accept %n predictions", nullptr,
                                            static_cast<int>(items_.size())));
}

void AcceptPredictionsCommand::apply(bool forward) {
  ImagePredictions* p = livePredictions();
  auto& edits = doc_->mutableEdits();
  if (forward) {
    for (auto& item : items_) {
      item.annotation.id = edits.nextId();
      edits.push(item.annotation);
      if (p) {
        p->state[item.prediction] = ReviewState::Accepted;
        p->annotationId[item.prediction] = item.annotation.id;
      }
    }
  } else {
    for (auto it = items_.rbegin(); it != items_.rend(); ++it) {
      edits.pop();
      if (p) {
        p->state[it->prediction] = it->before;
        p->annotationId[it->prediction] = 0;
      }
    }
  }
  notify(p != nullptr);
}

}  // namespace zsi::ui
