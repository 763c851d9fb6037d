#pragma once
// The public face of the ZSI engine: plain C++, no torch, safe to include from ui/ and app/.
//
//   auto model = zsi::ZsiModel::load("models/demo.safetensors", "cpu");
//   zsi::InferenceSession session(*model);
//   session.run(image);                                   // the network, once per image
//   auto found = session.detect(classes, {zsi::InferenceMode::Gzsi});  // cheap, repeatable
//
// A ZsiModel holds the weights (model), an InferenceSession the per-image state (session). A model
// may be shared by sessions on different threads; one session is used by one thread at a time.
// Copies of a ZsiModel share the same weights.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/engine/ClassVectors.h"
#include "core/engine/Instances.h"
#include "core/engine/ModelConfig.h"
#include "core/engine/contrastive/PatchEmbeddings.h"
#include "core/image/Image.h"
#include "core/util/Progress.h"
#include "core/util/Result.h"
#include "core/wordvec/ClassMatrix.h"

namespace zsi {

// ZSD: unseen classes, boxes. ZSI: unseen classes, boxes and masks. GZSD/GZSI: seen and unseen.
enum class InferenceMode { Zsd, Zsi, Gzsd, Gzsi };
const char* inferenceModeName(InferenceMode mode);  // "zsd", "zsi", "gzsd", "gzsi"
Result<InferenceMode> parseInferenceMode(const std::string& name);
inline bool modeHasMasks(InferenceMode m) { return m == InferenceMode::Zsi || m == InferenceMode::Gzsi; }
inline bool modeHasSeen(InferenceMode m) { return m == InferenceMode::Gzsd || m == InferenceMode::Gzsi; }

struct DetectOptions {
  InferenceMode mode = InferenceMode::Zsi;
  std::optional<double> scoreThreshold;  // default: the config's test.score_thr
  std::optional<double> nmsIou;          // default: test.nms_iou
  std::optional<int> maxDetections;      // default: test.max_per_img
  // Subtracted from seen-class scores in GZSD/GZSI (calibrated stacking); default: the config's
  // test.seen_bias (0 = official).
  std::optional<double> seenBias;
  std::optional<bool> directScoring;  // default: the config's test.direct_scoring
};

// Milliseconds of each stage of the last run/detect (whisper.cpp-style per-stage timings).
struct InferenceTimings {
  double preprocess = 0, network = 0, scoring = 0, masks = 0;
};

class ZsiModel {
 public:
  // A freshly initialised model. `trainingClasses`: the seen classes it is trained on (their count
  // must equal config.classes.num_seen) plus, optionally, unseen classes kept as its default
  // evaluation set. `device`: "cpu", "cuda", "cuda:N" or "auto".
  static Result<ZsiModel> create(const ModelConfig& config, const ClassVectors& trainingClasses,
                                 const std::string& device = "cpu");
  // A checkpoint written by save() (safetensors with the config and classes in its metadata).
  static Result<ZsiModel> load(const std::string& path, const std::string& device = "cpu");

  // Atomic safetensors save of every parameter and buffer, the config and the class set.
  Status save(const std::string& path) const;
  // Loads tensors of a checkpoint into this model; every missing, unexpected, mis-shaped or
  // mis-typed tensor is reported at once, by name.
  Status loadWeights(const std::string& path);

  const ModelConfig& config() const;
  // The training classes: seen classes (in training-label order), then the default unseen ones.
  const ClassVectors& classes() const;
  std::string deviceName() const;
  std::int64_t parameterCount() const;           // all parameters (frozen ones included)
  std::int64_t trainableParameterCount() const;  // requires_grad
  bool needsVocabulary() const;                  // config has a vocabulary not yet loaded
  // Sets the fixed vocabulary matrix (D × V, one word per column: vocabulary_w2v.txt read with
  // ClassMatrix::read, the format of the official class-vector files).
  Status setVocabulary(const ClassMatrix& matrix);

  // One image, end to end (a session used once).
  Result<Instances> infer(const Image& image, const ClassVectors& classes, const DetectOptions& options = {},
                          const Progress* progress = nullptr) const;
  // The contrastive head's patch embeddings of one image, for inspection (PatchAnalysis.h turns
  // them into colours, similarity maps and projections). Errors when the config has no head.
  Result<PatchEmbeddings> patchEmbeddings(const Image& image, const Progress* progress = nullptr) const;

  struct Impl;
  std::shared_ptr<Impl> impl() const { return impl_; }
  explicit ZsiModel(std::shared_ptr<Impl> impl) : impl_(std::move(impl)) {}

 private:
  std::shared_ptr<Impl> impl_;
};

class InferenceSession {
 public:
  explicit InferenceSession(const ZsiModel& model);
  ~InferenceSession();
  InferenceSession(InferenceSession&&) noexcept;
  InferenceSession& operator=(InferenceSession&&) noexcept;

  // Runs the network on an image and keeps its features and box-head outputs.
  Status run(const Image& image, const Progress* progress = nullptr);
  // The network once for several images (one per session, all of the same model), batched and
  // padded to a common size; afterwards each session is as after run() (added for `zsi infer
  // --batch`). The padding may change outputs in the last bits compared with run().
  static Status runBatch(std::vector<InferenceSession*>& sessions, const std::vector<const Image*>& images,
                         const Progress* progress = nullptr);
  bool hasImage() const;
  // Scores the cached outputs against a class set (any number of seen/unseen classes: the score of
  // a class is a dot product with its vector), runs NMS and, for ZSI/GZSI, the mask head on the
  // final boxes. Cheap compared with run(): call it again to re-score or add classes.
  Result<Instances> detect(const ClassVectors& classes, const DetectOptions& options = {});
  const InferenceTimings& timings() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace zsi
