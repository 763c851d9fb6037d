#include "ui/ExportJob.h"

#include "core/coco/CocoReader.h"
#include "core/coco/CocoWriter.h"

namespace zsi::ui {

Result<ExportSummary> ExportJob::run(const ExportSnapshot& s, const ExportRequest& r) {
  ExportSummary summary;
  if (!s.dataset) return Error("no dataset is open");
  if (r.kind == ExportRequest::Kind::Annotations) {
    auto ds = ExportBuilder::annotations(s, r.annotations, &summary);
    if (!ds.ok()) return ds.error();
    ZSI_TRY(writeCocoDataset(ds.value(), r.path));
    auto back = loadCocoDataset(r.path);
    if (!back.ok()) return Error("the written file does not read back: " + back.error().toString()).inFile(r.path);
    for (std::size_t i = 0; i < back->annotations().size(); ++i) {
      auto m = back->annotationRleStrict(i);
      if (!m.ok()) return Error("annotation does not decode: " + m.error().toString()).inFile(r.path);
    }
    if (back->annotations().size() != summary.annotations)
      return Error("the written file has " + std::to_string(back->annotations().size()) + " annotations, expected " +
                   std::to_string(summary.annotations))
          .inFile(r.path);
    return summary;
  }
  auto dets = ExportBuilder::results(s, r.results, &summary);
  ZSI_TRY(writeCocoResults(r.path, dets));
  auto back = loadCocoResults(r.path);
  if (!back.ok()) return Error("the written file does not read back: " + back.error().toString()).inFile(r.path);
  ZSI_TRY(checkResultsImages(back.value(), *s.dataset));
  if (back->detections.size() != dets.size())
    return Error("the written file has " + std::to_string(back->detections.size()) + " detections, expected " +
                 std::to_string(dets.size()))
        .inFile(r.path);
  return summary;
}

}  // namespace zsi::ui
