#include "ui/ProjectFile.h"

#include "core/image/ImageIO.h"

#include <QDir>
#include <QFileInfo>
#include <nlohmann/json.hpp>

#include <filesystem>

#include "core/util/AtomicFile.h"
#include "core/util/JsonFields.h"
#include "core/wordvec/ClassSet.h"
#include "ui/ProjectDocument.h"

namespace zsi::ui {
namespace {

using nlohmann::json;
constexpr const char* kFormat = "zsi-studio-project";

std::string relativeTo(const std::string& path, const std::string& baseDir) {
  if (path.empty() || baseDir.empty()) return path;
  return QDir(QString::fromStdString(baseDir)).relativeFilePath(QString::fromStdString(path)).toStdString();
}

std::string resolve(const std::string& path, const std::string& baseDir) {
  if (path.empty() || std::filesystem::path(path).is_absolute()) return path;
  return QDir::cleanPath(QDir(QString::fromStdString(baseDir)).filePath(QString::fromStdString(path)))
      .toStdString();
}

json rleJson(const Rle& rle) {
  return json{{"size", {rle.h, rle.w}}, {"counts", rleToString(rle)}};
}

json instancesJson(const ImagePredictions& p) {
  const Instances& in = p.data->instances;
  json items = json::array();
  for (std::size_t i = 0; i < p.size(); ++i) {
    json m = nullptr;
    if (in.hasMasks() && !in.masks[i].empty()) {
      const InstanceMask& mk = in.masks[i];
      Rle crop = rleEncodeRowMajor(mk.pixels.data(), static_cast<std::uint32_t>(mk.height),
                                   static_cast<std::uint32_t>(mk.width));
      m = json{{"x", mk.x}, {"y", mk.y}, {"w", mk.width}, {"h", mk.height}, {"counts", rleToString(crop)}};
    }
    const auto& b = in.boxes[i];
    items.push_back(json{{"label", in.labels[i]},
                         {"score", in.scores[i]},
                         {"top_seen", in.topSeenScores[i]},
                         {"top_unseen", in.topUnseenScores[i]},
                         {"unseen", in.unseen[i] != 0},
                         {"box", {b[0], b[1], b[2], b[3]}},
                         {"mask", m},
                         {"state", reviewStateName(p.state[i])},
                         {"relabel", p.relabel[i]},
                         {"annotation_id", p.annotationId[i]}});
  }
  return items;
}

// Reading: every failure names the field.
struct Reader {
  std::string file;
  Error fail(const std::string& field, const std::string& message) const {
    return Error(message).inFile(file).forField(field);
  }
  template <class T>
  Result<T> get(const json& obj, const char* key, const std::string& where, T fallback, bool required = false) const {
    auto it = obj.find(key);
    const std::string field = where.empty() ? key : where + "." + key;
    if (it == obj.end() || it->is_null()) {
      if (required) return fail(field, "missing");
      return fallback;
    }
    try {
      return it->get<T>();
    } catch (const json::exception&) {
      return fail(field, "has the wrong type");
    }
  }
};

Result<ImagePredictions> readPredictions(const Reader& r, const json& rec, const std::string& where) {
  auto data = std::make_shared<PredictionData>();
  Instances& in = data->instances;
  auto key = r.get<std::string>(rec, "key", where, "0");
  if (!key.ok()) return key.error();
  try {
    data->settingsKey = std::stoull(key.value(), nullptr, 16);
  } catch (...) {
    return r.fail(where + ".key", "expected a hexadecimal number");
  }
  auto settings = r.get<std::string>(rec, "settings", where, "");
  auto ms = r.get<double>(rec, "ms", where, 0.0);
  auto width = r.get<int>(rec, "width", where, 0, true);
  auto height = r.get<int>(rec, "height", where, 0, true);
  auto classes = r.get<std::vector<std::string>>(rec, "classes", where, {}, true);
  for (const Status& s : {Status(settings.ok() ? Status() : settings.error()), Status(ms.ok() ? Status() : ms.error()),
                          Status(width.ok() ? Status() : width.error()), Status(height.ok() ? Status() : height.error()),
                          Status(classes.ok() ? Status() : classes.error())})
    if (!s.ok()) return s.error();
  data->settingsText = settings.value();
  data->milliseconds = ms.value();
  data->classNames = classes.value();
  // Masks are decoded at their size: both sizes are checked before any allocation, the image's
  // against the pixel limit of every decode path, each mask against its image.
  if (width.value() < 0 || height.value() < 0) return r.fail(where + ".width", "negative image size");
  auto limit = imagePixelLimit();
  if (!limit.ok()) return r.fail(where + ".width", limit.error().message);
  if (static_cast<std::uint64_t>(width.value()) * static_cast<std::uint64_t>(height.value()) > limit.value())
    return r.fail(where + ".width", "the image size " + std::to_string(width.value()) + "x" +
                                        std::to_string(height.value()) + " is over the pixel limit of " +
                                        std::to_string(limit.value()));
  in.imageWidth = width.value();
  in.imageHeight = height.value();
  ImagePredictions p;
  auto items = rec.find("instances");
  if (items == rec.end() || !items->is_array()) return r.fail(where + ".instances", "expected a list");
  bool anyMask = false;
  std::vector<InstanceMask> masks;
  for (std::size_t i = 0; i < items->size(); ++i) {
    const json& it = (*items)[i];
    const std::string w = where + ".instances[" + std::to_string(i) + "]";
    if (!it.is_object()) return r.fail(w, "expected an object");
    auto label = r.get<int>(it, "label", w, 0, true);
    auto box = r.get<std::vector<float>>(it, "box", w, {}, true);
    auto state = r.get<std::string>(it, "state", w, "pending");
    if (!label.ok()) return label.error();
    if (!box.ok()) return box.error();
    if (!state.ok()) return state.error();
    if (label.value() < 0 || static_cast<std::size_t>(label.value()) >= data->classNames.size())
      return r.fail(w + ".label", "is not an index of \"classes\"");
    if (box->size() != 4) return r.fail(w + ".box", "expected 4 numbers");
    ReviewState rs;
    if (!parseReviewState(state.value(), rs)) return r.fail(w + ".state", "expected pending, accepted or rejected");
    in.labels.push_back(label.value());
    in.boxes.push_back({box->at(0), box->at(1), box->at(2), box->at(3)});
    in.scores.push_back(it.value("score", 0.0f));
    in.topSeenScores.push_back(it.value("top_seen", 0.0f));
    in.topUnseenScores.push_back(it.value("top_unseen", 0.0f));
    in.unseen.push_back(it.value("unseen", false) ? 1 : 0);
    InstanceMask mk;
    auto m = it.find("mask");
    if (m != it.end() && m->is_object()) {
      mk.x = m->value("x", 0);
      mk.y = m->value("y", 0);
      mk.width = m->value("w", 0);
      mk.height = m->value("h", 0);
      if (mk.width < 0 || mk.height < 0) return r.fail(w + ".mask", "negative size");
      if (mk.x < 0 || mk.y < 0 || mk.x > in.imageWidth - mk.width || mk.y > in.imageHeight - mk.height)
        return r.fail(w + ".mask", "the " + std::to_string(mk.width) + "x" + std::to_string(mk.height) + " mask at (" +
                                       std::to_string(mk.x) + ", " + std::to_string(mk.y) + ") does not fit the " +
                                       std::to_string(in.imageWidth) + "x" + std::to_string(in.imageHeight) +
                                       " image");
      auto rle = rleFromString(m->value("counts", std::string()), static_cast<std::uint32_t>(mk.height),
                               static_cast<std::uint32_t>(mk.width));
      if (!rle.ok()) return r.fail(w + ".mask.counts", rle.error().message);
      auto px = rleDecodeRowMajor(rle.value());
      if (!px.ok()) return r.fail(w + ".mask.counts", px.error().message);
      mk.pixels = std::move(px.value());
      anyMask = true;
    }
    masks.push_back(std::move(mk));
    p.state.push_back(rs);
    p.relabel.push_back(it.value("relabel", std::string()));
    p.annotationId.push_back(it.value("annotation_id", std::int64_t{0}));
  }
  if (anyMask) in.masks = std::move(masks);
  p.data = std::move(data);
  return p;
}

}  // namespace

ProjectSnapshot ProjectFile::capture(const ProjectDocument& doc) {
  ProjectSnapshot s;
  s.datasetPath = doc.datasetPath().toStdString();
  s.imageRoot = doc.imageRoot().toStdString();
  s.imageFolder = doc.isImageFolder();
  if (!doc.classSet().background.empty()) s.classSetJson = doc.classSet().toJson();
  s.modelPath = doc.modelPath().toStdString();
  s.device = doc.device().toStdString();
  s.inference = doc.inference();
  s.currentImageId = doc.currentImageId();
  s.originPath = doc.projectPath().toStdString();
  if (!doc.hasDataset()) return s;
  const CocoDataset& ds = doc.dataset();
  const AnnotationEdits& edits = doc.edits();
  for (std::size_t i = 0; i < ds.annotations().size(); ++i)
    if (edits.loadedDeleted(i)) s.deletedIds.push_back(ds.annotations()[i].id);
  for (const auto& [i, name] : edits.relabels()) s.relabels.emplace_back(ds.annotations()[i].id, name);
  std::sort(s.relabels.begin(), s.relabels.end());
  for (const UserAnnotation& a : edits.added()) s.added.emplace_back(ds.images()[a.imageIndex].id, a);
  for (std::size_t i : doc.predictions().images())
    s.predictions.emplace_back(ds.images()[i].id, *doc.predictions().get(i));
  return s;
}

std::string ProjectFile::toJson(const ProjectSnapshot& s, const std::string& baseDir) {
  json j;
  j["format"] = kFormat;
  j["version"] = ProjectSnapshot::kFormatVersion;
  j["dataset"] = {{"annotations", relativeTo(s.datasetPath, baseDir)},
                  {"images", relativeTo(s.imageRoot, baseDir)},
                  {"image_folder", s.imageFolder}};
  j["classes"] = s.classSetJson.empty() ? json(nullptr) : json::parse(s.classSetJson);
  j["model"] = {{"checkpoint", relativeTo(s.modelPath, baseDir)}, {"device", s.device}};
  j["inference"] = {{"mode", inferenceModeName(s.inference.mode)},
                    {"score_threshold", s.inference.scoreThreshold},
                    {"nms_iou", s.inference.nmsIou},
                    {"seen_bias", s.inference.seenBias}};
  j["view"] = {{"image_id", s.currentImageId}};
  if (baseDir.empty() && !s.originPath.empty()) j["origin"] = s.originPath;
  json relabelled = json::array();
  for (const auto& [id, name] : s.relabels) relabelled.push_back({{"id", id}, {"class", name}});
  json added = json::array();
  for (const auto& [imageId, a] : s.added) {
    json rec{{"id", a.id},         {"image_id", imageId}, {"class", a.className}, {"bbox", a.bbox},
             {"area", a.area},     {"score", a.score},    {"deleted", a.deleted}};
    rec["segmentation"] = a.mask.h > 0 ? rleJson(a.mask) : json(nullptr);
    added.push_back(std::move(rec));
  }
  j["edits"] = {{"deleted", s.deletedIds}, {"relabelled", relabelled}, {"added", added}};
  json preds = json::array();
  char key[32];
  for (const auto& [imageId, p] : s.predictions) {
    std::snprintf(key, sizeof key, "%016llx", static_cast<unsigned long long>(p.data->settingsKey));
    preds.push_back({{"image_id", imageId},
                     {"key", key},
                     {"settings", p.data->settingsText},
                     {"ms", p.data->milliseconds},
                     {"width", p.data->instances.imageWidth},
                     {"height", p.data->instances.imageHeight},
                     {"classes", p.data->classNames},
                     {"instances", instancesJson(p)}});
  }
  j["predictions"] = std::move(preds);
  return j.dump(1);
}

Status ProjectFile::write(const ProjectSnapshot& snapshot, const std::string& path, bool relativePaths) {
  const std::string base =
      relativePaths ? QFileInfo(QString::fromStdString(path)).absolutePath().toStdString() : std::string();
  return writeFileAtomic(path, toJson(snapshot, base));
}

Result<ProjectSnapshot> ProjectFile::read(const std::string& path) {
  auto text = readFile(path);
  if (!text.ok()) return text.error();
  return parse(text.value(), path);
}

namespace {

Result<ProjectSnapshot> parseProject(const std::string& text, const std::string& path) {
  Reader r{path};
  json j;
  try {
    j = json::parse(text);
  } catch (const json::parse_error& e) {
    const auto [line, col] = jsonErrorLineColumn(text, e.byte);
    return Error("not valid JSON").inFile(path).at(line, col);
  }
  if (!j.is_object() || j.value("format", std::string()) != kFormat)
    return Error("not a ZSI Studio project (\"format\" is not \"" + std::string(kFormat) + "\")").inFile(path);
  auto versionField = r.get<int>(j, "version", "", 0);
  if (!versionField.ok()) return versionField.error();
  const int version = versionField.value();
  if (version > ProjectSnapshot::kFormatVersion)
    return r.fail("version", "version " + std::to_string(version) +
                                 " was written by a newer ZSI Studio; this one reads up to " +
                                 std::to_string(ProjectSnapshot::kFormatVersion));
  if (version < 1) return r.fail("version", "missing or not a positive integer");

  const std::string base = QFileInfo(QString::fromStdString(path)).absolutePath().toStdString();
  ProjectSnapshot s;
  const json empty = json::object();
  const json& ds = j.contains("dataset") && j["dataset"].is_object() ? j["dataset"] : empty;
  auto annotations = r.get<std::string>(ds, "annotations", "dataset", "");
  auto images = r.get<std::string>(ds, "images", "dataset", "", true);
  if (!annotations.ok()) return annotations.error();
  if (!images.ok()) return images.error();
  s.datasetPath = resolve(annotations.value(), base);
  s.imageRoot = resolve(images.value(), base);
  s.imageFolder = ds.value("image_folder", false);
  if (j.contains("classes") && !j["classes"].is_null()) {
    s.classSetJson = j["classes"].dump();
    auto cs = ClassSet::fromJson(s.classSetJson, path);
    if (!cs.ok()) {
      Error e = cs.error();
      e.field = "classes" + (e.field.empty() ? std::string() : "." + e.field);
      e.line = e.column = 0;
      return e;
    }
  }
  const json& model = j.contains("model") && j["model"].is_object() ? j["model"] : empty;
  s.modelPath = resolve(model.value("checkpoint", std::string()), base);
  s.device = model.value("device", std::string("cpu"));
  const json& inf = j.contains("inference") && j["inference"].is_object() ? j["inference"] : empty;
  auto mode = parseInferenceMode(inf.value("mode", std::string("gzsi")));
  if (!mode.ok()) return r.fail("inference.mode", mode.error().message);
  s.inference.mode = mode.value();
  s.inference.scoreThreshold = inf.value("score_threshold", 0.05);
  s.inference.nmsIou = inf.value("nms_iou", 0.5);
  s.inference.seenBias = inf.value("seen_bias", 0.0);
  s.originPath = j.value("origin", std::string());
  if (j.contains("view") && j["view"].is_object()) s.currentImageId = j["view"].value("image_id", std::int64_t{-1});

  const json& edits = j.contains("edits") && j["edits"].is_object() ? j["edits"] : empty;
  auto deleted = r.get<std::vector<std::int64_t>>(edits, "deleted", "edits", {});
  if (!deleted.ok()) return deleted.error();
  s.deletedIds = deleted.value();
  if (edits.contains("relabelled")) {
    const json& list = edits["relabelled"];
    if (!list.is_array()) return r.fail("edits.relabelled", "expected a list");
    for (std::size_t i = 0; i < list.size(); ++i) {
      const std::string w = "edits.relabelled[" + std::to_string(i) + "]";
      auto id = r.get<std::int64_t>(list[i], "id", w, 0, true);
      auto cls = r.get<std::string>(list[i], "class", w, "", true);
      if (!id.ok()) return id.error();
      if (!cls.ok()) return cls.error();
      s.relabels.emplace_back(id.value(), cls.value());
    }
  }
  if (edits.contains("added")) {
    const json& list = edits["added"];
    if (!list.is_array()) return r.fail("edits.added", "expected a list");
    for (std::size_t i = 0; i < list.size(); ++i) {
      const json& rec = list[i];
      const std::string w = "edits.added[" + std::to_string(i) + "]";
      auto id = r.get<std::int64_t>(rec, "id", w, 0, true);
      auto imageId = r.get<std::int64_t>(rec, "image_id", w, 0, true);
      auto cls = r.get<std::string>(rec, "class", w, "", true);
      auto bbox = r.get<std::array<double, 4>>(rec, "bbox", w, {}, true);
      if (!id.ok()) return id.error();
      if (!imageId.ok()) return imageId.error();
      if (!cls.ok()) return cls.error();
      if (!bbox.ok()) return bbox.error();
      UserAnnotation a;
      a.id = id.value();
      a.className = cls.value();
      a.bbox = bbox.value();
      a.area = rec.value("area", 0.0);
      a.score = rec.value("score", -1.0);
      a.deleted = rec.value("deleted", false);
      if (rec.contains("segmentation") && rec["segmentation"].is_object()) {
        const json& seg = rec["segmentation"];
        auto size = r.get<std::array<std::uint32_t, 2>>(seg, "size", w + ".segmentation", {}, true);
        if (!size.ok()) return size.error();
        // Its image is known only once the dataset is loaded; the pixel limit bounds the decode.
        auto limit = imagePixelLimit();
        if (!limit.ok()) return r.fail(w + ".segmentation.size", limit.error().message);
        if (std::uint64_t{size->at(0)} * size->at(1) > limit.value())
          return r.fail(w + ".segmentation.size", "the mask size is over the pixel limit of " +
                                                      std::to_string(limit.value()));
        auto rle = rleFromString(seg.value("counts", std::string()), size->at(0), size->at(1));
        if (!rle.ok()) return r.fail(w + ".segmentation.counts", rle.error().message);
        a.mask = rle.value();
      }
      s.added.emplace_back(imageId.value(), std::move(a));
    }
  }
  if (j.contains("predictions")) {
    const json& list = j["predictions"];
    if (!list.is_array()) return r.fail("predictions", "expected a list");
    for (std::size_t i = 0; i < list.size(); ++i) {
      const std::string w = "predictions[" + std::to_string(i) + "]";
      if (!list[i].is_object()) return r.fail(w, "expected an object");
      auto imageId = r.get<std::int64_t>(list[i], "image_id", w, 0, true);
      if (!imageId.ok()) return imageId.error();
      // value() throws on a field of the wrong type: the record is named, with nlohmann's reason.
      Result<ImagePredictions> p = Error("");
      try {
        p = readPredictions(r, list[i], w);
      } catch (const json::exception& e) {
        return r.fail(w, std::string("a field has the wrong type or value: ") + e.what());
      }
      if (!p.ok()) return p.error();
      s.predictions.emplace_back(imageId.value(), std::move(p.value()));
    }
  }
  return s;
}

}  // namespace

Result<ProjectSnapshot> ProjectFile::parse(const std::string& text, const std::string& path) {
  // Any other field of the wrong type (nlohmann's value() throws) is an error too, never an
  // exception that would leave the studio waiting for the load.
  try {
    return parseProject(text, path);
  } catch (const json::exception& e) {
    return Error(std::string("a field has the wrong type or value: ") + e.what()).inFile(path);
  }
}

void ProjectFile::apply(ProjectDocument& doc, const ProjectSnapshot& s, std::vector<std::string>* warnings) {
  auto warn = [&](const std::string& w) {
    if (warnings) warnings->push_back(w);
  };
  if (!s.classSetJson.empty()) {
    auto cs = ClassSet::fromJson(s.classSetJson, "project");
    if (cs.ok()) doc.setClassSet(std::move(cs.value()));
  }
  doc.setInference(s.inference);
  doc.setCurrentImageId(s.currentImageId);
  if (!doc.hasDataset()) return;
  const CocoDataset& ds = doc.dataset();
  AnnotationEdits& edits = doc.mutableEdits();
  for (std::int64_t id : s.deletedIds) {
    auto i = ds.annotationIndex(id);
    if (i) edits.setLoadedDeleted(*i, true);
    else warn("deleted annotation " + std::to_string(id) + " is not in the dataset");
  }
  for (const auto& [id, name] : s.relabels) {
    auto i = ds.annotationIndex(id);
    if (i) edits.setLoadedRelabel(*i, name);
    else warn("relabelled annotation " + std::to_string(id) + " is not in the dataset");
  }
  for (const auto& [imageId, a] : s.added) {
    auto i = ds.imageIndex(imageId);
    if (!i) {
      warn("annotation " + std::to_string(a.id) + ": image " + std::to_string(imageId) + " is not in the dataset");
      continue;
    }
    UserAnnotation copy = a;
    copy.imageIndex = *i;
    if (copy.id < edits.nextId()) copy.id = edits.nextId();
    edits.push(std::move(copy));
  }
  for (const auto& [imageId, p] : s.predictions) {
    auto i = ds.imageIndex(imageId);
    if (!i) {
      warn("predictions of image " + std::to_string(imageId) + ", which is not in the dataset");
      continue;
    }
    doc.mutablePredictions().restore(*i, p);
  }
  doc.notifyAnnotationsChanged(static_cast<std::size_t>(-1));
  doc.notifyPredictionsChanged(static_cast<std::size_t>(-1));
}

}  // namespace zsi::ui
