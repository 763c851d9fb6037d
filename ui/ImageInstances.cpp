#include "ui/ImageInstances.h"

#include "ui/ProjectDocument.h"

namespace zsi::ui {

std::vector<InstanceRow> ImageInstances::list(const ProjectDocument& doc, std::size_t imageIndex) {
  std::vector<InstanceRow> rows;
  if (!doc.hasDataset() || imageIndex >= doc.imageCount()) return rows;
  const CocoDataset& ds = doc.dataset();
  const AnnotationEdits& edits = doc.edits();

  if (!doc.isImageFolder()) {
    for (std::uint32_t a : ds.annotationsOfImage(imageIndex)) {
      if (edits.loadedDeleted(a)) continue;
      const CocoAnnotation& ann = ds.annotations()[a];
      InstanceRow r;
      r.ref = {InstanceRef::Source::GroundTruth, a};
      r.className = doc.loadedClassName(a);
      r.split = doc.classSplit(r.className);
      r.area = ann.area;
      r.bbox = ann.bbox;
      r.crowd = ann.iscrowd != 0;
      r.colour = doc.colourOf(r.className);
      rows.push_back(std::move(r));
    }
  }
  for (std::size_t i : edits.addedOfImage(imageIndex)) {
    const UserAnnotation& ua = edits.added()[i];
    if (ua.deleted) continue;
    InstanceRow r;
    r.ref = {InstanceRef::Source::Annotation, i};
    r.className = ua.className;
    r.split = doc.classSplit(r.className);
    r.score = static_cast<float>(ua.score);
    r.area = ua.area;
    r.bbox = ua.bbox;
    r.colour = doc.colourOf(r.className);
    rows.push_back(std::move(r));
  }
  if (const ImagePredictions* p = doc.predictions().get(imageIndex)) {
    const Instances& in = p->data->instances;
    const bool outdated = doc.predictionsOutdated(imageIndex);
    for (std::size_t i = 0; i < p->size(); ++i) {
      InstanceRow r;
      r.ref = {InstanceRef::Source::Prediction, i};
      r.className = p->className(i);
      r.split = doc.classSplit(r.className);
      if (r.split < 0) r.split = in.unseen[i] ? 1 : 0;
      r.score = in.scores[i];
      r.topSeen = in.topSeenScores[i];
      r.topUnseen = in.topUnseenScores[i];
      const auto& b = in.boxes[i];
      r.bbox = {b[0], b[1], b[2] - b[0], b[3] - b[1]};
      r.area = in.hasMasks() && !in.masks[i].empty() ? static_cast<double>(in.masks[i].area())
                                                     : r.bbox[2] * r.bbox[3];
      r.state = p->state[i];
      r.outdated = outdated;
      r.colour = doc.colourOf(r.className);
      rows.push_back(std::move(r));
    }
  }
  return rows;
}

}  // namespace zsi::ui
