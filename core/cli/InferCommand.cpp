#include "core/cli/InferCommand.h"

#include <fmt/format.h>

#include <chrono>
#include <filesystem>

#include "core/cli/CliFail.h"
#include "core/cli/TrainConsole.h"
#include "core/coco/CocoReader.h"
#include "core/engine/ClassSetConversion.h"
#include "core/train/InferencePipeline.h"
#include "core/train/RunDirectory.h"
#include "core/train/StopSignals.h"
#include "core/util/AtomicFile.h"
#include "core/wordvec/BuiltinClassSets.h"

namespace zsi::cli {
namespace {

namespace fs = std::filesystem;

int usage(std::ostream& err, const std::string& m) {
  err << "zsi infer: " << m << "\n";
  return 2;
}

std::string folded(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// The classes to score: a class set (with colours and COCO ids) or the checkpoint's own.
struct Scoring {
  ClassVectors vectors;
  std::vector<std::int64_t> cocoIds;  // per class, 0 = none
  std::vector<ClassColour> colours;
  std::string name;
};

Result<Scoring> scoringClasses(const InferCommandOptions& o, const ZsiModel& model) {
  Scoring s;
  const std::string id = !o.split.empty() ? o.split : o.classes;
  if (id.empty()) {
    s.vectors = model.classes();
    s.name = "the checkpoint's classes";
    for (std::size_t i = 0; i < s.vectors.size(); ++i) {
      s.cocoIds.push_back(0);
      s.colours.push_back(ClassColour::palette(i));
    }
    return s;
  }
  auto set = loadClassSet(id);
  if (!set.ok()) return set.error();
  auto v = toClassVectors(set.value());
  if (!v.ok()) return Error(v.error().message).inFile(id);
  s.vectors = std::move(v).value();
  s.name = "class set '" + set->name + "'";
  for (const auto& c : set->classes) {
    s.cocoIds.push_back(c.cocoId);
    s.colours.push_back(c.colour);
  }
  const int dims = model.config().classes.semanticDims;
  if (s.vectors.dim != dims)
    return Error("the class set does not match the checkpoint: its vectors have dimension " +
                 std::to_string(s.vectors.dim) + ", the model's " + std::to_string(dims))
        .inFile(id);
  return s;
}

// Seen classes scored with the model's own training classifiers must be among them.
Status checkSeenClasses(const Scoring& s, const ZsiModel& model, InferenceMode mode, const std::string& id,
                        std::ostream& err) {
  if (!modeHasSeen(mode)) {
    if (s.vectors.unseenCount() == 0)
      return Error(std::string("mode ") + inferenceModeName(mode) + " detects unseen classes, and " + s.name +
                   " has none: use gzsd/gzsi, or give --classes/--split with unseen classes")
          .inFile(id);
    return okStatus();
  }
  const auto& m = model.classes();
  std::vector<std::string> missing;
  for (int i : s.vectors.seenIndices()) {
    const std::string& name = s.vectors.names[static_cast<std::size_t>(i)];
    const int f = m.find(name);
    if (f < 0 || m.isUnseen(static_cast<std::size_t>(f))) missing.push_back(name);
  }
  if (missing.empty()) return okStatus();
  if (s.vectors.seenCount() == m.seenCount()) {
    err << "zsi infer: warning: " << missing.size() << " seen class name(s) of " << s.name
        << " are not the checkpoint's (first: '" << missing[0] << "'); seen classes are matched by order\n";
    return okStatus();
  }
  std::string list;
  for (std::size_t i = 0; i < missing.size() && i < 5; ++i) list += (i ? ", " : "") + missing[i];
  return Error("the class set does not match the checkpoint: " + std::to_string(missing.size()) +
               " of its seen classes are not among the model's " + std::to_string(m.seenCount()) +
               " training classes (" + list + (missing.size() > 5 ? ", ..." : "") + ")")
      .inFile(id);
}

}  // namespace

int runInferCommand(const InferCommandOptions& o, std::ostream& out, std::ostream& err) {
  if (o.model.empty() || o.out.empty() || o.images.empty()) return usage(err, "--model, --images and --out are required");
  if (!o.classes.empty() && !o.split.empty()) return usage(err, "give --classes or --split, not both");
  if (o.batch < 1) return usage(err, "--batch must be at least 1");
  auto mode = parseInferenceMode(o.mode);
  if (!mode.ok()) return usage(err, mode.error().message);

  // Everything that can be wrong with the input is found before the first image runs.
  auto modelPath = resolveModelCheckpoint(o.model);
  if (!modelPath.ok()) return fail(err, modelPath.error(), "zsi infer");
  auto model = ZsiModel::load(modelPath.value(), o.device);
  if (!model.ok()) return fail(err, model.error(), "zsi infer");
  if (modeHasMasks(*mode) && !model->config().maskHead.enabled)
    return fail(err, Error(std::string("mode ") + o.mode + " needs masks and this model has no mask head: use " +
                           (modeHasSeen(*mode) ? "gzsd" : "zsd"))
                         .inFile(modelPath.value()), "zsi infer");
  auto scoring = scoringClasses(o, model.value());
  if (!scoring.ok()) return fail(err, scoring.error(), "zsi infer");
  if (auto st = checkSeenClasses(scoring.value(), model.value(), *mode, !o.split.empty() ? o.split : o.classes, err);
      !st.ok())
    return fail(err, st.error(), "zsi infer");

  InferenceRequest req;
  req.detect.mode = *mode;
  req.detect.scoreThreshold = o.scoreThr;
  if (!o.scoring.empty()) req.detect.directScoring = o.scoring == "direct";
  req.detect.seenBias = o.seenBias;
  req.batch = o.batch;
  req.workers = std::max(1, o.workers);
  req.overlaysDir = o.overlays;
  req.overlayMinScore = o.overlayScoreThr;
  std::vector<InferenceImage> images;
  std::vector<int> keep;  // classes scored: unseen only in zsd/zsi
  const auto& sv = scoring->vectors;
  for (std::size_t i = 0; i < sv.size(); ++i)
    if (modeHasSeen(*mode) || sv.isUnseen(i)) keep.push_back(static_cast<int>(i));
  req.classes = sv.subset(keep);
  for (int k : keep) req.colours.push_back(scoring->colours[static_cast<std::size_t>(k)]);
  if (!o.coco.empty()) {
    auto gt = loadCocoDataset(o.coco);
    if (!gt.ok()) return fail(err, gt.error(), "zsi infer");
    auto list = listDatasetImages(gt.value(), o.coco, o.images, static_cast<std::size_t>(std::max(0, o.maxImages)));
    if (!list.ok()) return fail(err, list.error(), "zsi infer");
    images = std::move(list).value();
    std::vector<std::string> unmatched;
    for (int k : keep) {
      std::int64_t id = 0;
      for (const auto& c : gt->categories())
        if (c.name == sv.names[static_cast<std::size_t>(k)]) id = c.id;
      if (id == 0)
        for (const auto& c : gt->categories())
          if (folded(c.name) == folded(sv.names[static_cast<std::size_t>(k)])) id = c.id;
      if (id == 0) unmatched.push_back(sv.names[static_cast<std::size_t>(k)]);
      req.categoryIds.push_back(id);
    }
    if (unmatched.size() == keep.size())
      return fail(err, Error("no class of " + scoring->name + " is a category of the ground truth (by name)")
                           .inFile(o.coco), "zsi infer");
    if (!unmatched.empty())
      err << "zsi infer: warning: " << unmatched.size() << " class(es) are not categories of " << o.coco
          << " and are not written (first: '" << unmatched[0] << "')\n";
  } else {
    auto list = listImageFolder(o.images);
    if (!list.ok()) return fail(err, list.error(), "zsi infer");
    images = std::move(list).value();
    if (o.maxImages > 0 && images.size() > static_cast<std::size_t>(o.maxImages)) images.resize(o.maxImages);
    bool allCoco = true;
    for (int k : keep) allCoco = allCoco && scoring->cocoIds[static_cast<std::size_t>(k)] > 0;
    for (std::size_t j = 0; j < keep.size(); ++j)
      req.categoryIds.push_back(allCoco ? scoring->cocoIds[static_cast<std::size_t>(keep[j])]
                                        : static_cast<std::int64_t>(keep[j]) + 1);
    if (!allCoco) err << "zsi infer: category_id = 1-based position of the class in " << scoring->name << "\n";
  }
  {
    // The output must be writable before the work starts (the probe leaves nothing behind).
    auto probe = AtomicFileWriter::open(o.out);
    if (!probe.ok()) return fail(err, probe.error(), "zsi infer");
  }

  const bool live = o.progress >= 0 ? o.progress == 1 : TrainConsole::stdoutIsTerminal();
  TrainConsole console(out, live);
  StopSignals signals;
  Progress progress;
  progress.cancel = signals.flag();
  const auto start = std::chrono::steady_clock::now();
  int lastDecile = -1;
  progress.onProgress = [&](double f, const std::string&) {
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const std::size_t done = static_cast<std::size_t>(f * static_cast<double>(images.size()) + 0.5);
    const double eta = f > 0 ? secs * (1 - f) / f : 0;
    if (live) {
      console.progress(fmt::format("infer {} {}/{} {:.2f} img/s ETA {}", TrainConsole::bar(f, 20), done,
                                   images.size(), secs > 0 ? static_cast<double>(done) / secs : 0.0,
                                   TrainConsole::duration(eta)));
    } else if (static_cast<int>(f * 10) != lastDecile) {
      lastDecile = static_cast<int>(f * 10);
      console.line(fmt::format("{:3.0f}% {}/{} images", f * 100, done, images.size()));
    }
  };
  console.line(fmt::format("{} images, mode {}, {} classes ({}), model {} on {}", images.size(), o.mode,
                           req.classes.size(), scoring->name, modelPath.value(), model->deviceName()));
  auto result = runInference(model.value(), images, req, progress);
  console.finish();
  if (!result.ok()) {
    if (result.error().message == kCancelledMessage) {
      err << "zsi infer: cancelled; no results written\n";
      return 130;
    }
    return fail(err, result.error(), "zsi infer");
  }
  CocoResultsWriteOptions wo;
  wo.segmentation = modeHasMasks(*mode);
  auto written = writeCocoResults(o.out, result->detections, wo);
  if (!written.ok()) return fail(err, written.error(), "zsi infer");
  out << "wrote " << result->detections.size() << " detections to " << o.out << "\n";
  out << formatInferenceTimes(result->times) << "\n";
  return 0;
}

}  // namespace zsi::cli
