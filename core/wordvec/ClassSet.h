#pragma once
// A class set: the ordered classes a ZSI model scores against (name, word vector, seen or unseen,
// display colour, optional COCO id, how the vector was made) plus the background vector and the
// norm the class vectors are scaled to. Shared by the engine, the trainer, the demo generator,
// the CLI and the studio's classes panel; plain data, no torch.
//
// Saved as a small versioned JSON file (format "zsi-classset", version 1):
//
//   { "format": "zsi-classset", "version": 1, "name": "COCO 48/17", "dim": 300,
//     "norm": 0.76663, "source_vectors": "GoogleNews-vectors-negative300.bin",
//     "background": [300 numbers],
//     "classes": [ { "name": "zebra", "unseen": true, "colour": "#3fa34d", "coco_id": 24,
//                    "rule": "exact token", "tokens": ["zebra"], "vector": [300 numbers] }, ... ] }
//
// A set made with the mean-of-words rule also carries "multi_word_rule": "mean of words".
// Vectors are float32 written in their shortest exact decimal form, so a save/load round trip
// reproduces them bit for bit. "coco_id", "rule", "tokens" and "colour" may be left out.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/util/Result.h"
#include "core/wordvec/ClassColour.h"
#include "core/wordvec/MultiWordRule.h"

namespace zsi {

struct ClassMatrix;
struct NameEmbedding;

struct ClassSetEntry {
  std::string name;
  std::vector<float> vector;        // length ClassSet::dim()
  bool unseen = false;
  ClassColour colour;
  std::int64_t cocoId = 0;          // COCO category id; 0 = none
  std::string rule;                 // how the vector was made ("head word", "ZSI matrix", ...)
  std::vector<std::string> tokens;  // the vocabulary tokens it came from, when known
};

class ClassSet {
 public:
  static constexpr int kFormatVersion = 1;

  std::string name;                    // shown to people ("COCO 48/17")
  double norm = 0;                     // the length class vectors are scaled to (a model setting)
  std::string sourceVectors;           // the file the vectors came from
  // How names typed later are embedded ("multi_word_rule" in the JSON; absent = head word first).
  MultiWordRule multiWord = MultiWordRule::HeadWordFirst;
  std::vector<float> background;       // length dim(); the model's background word vector
  std::vector<ClassSetEntry> classes;  // in model order (the official sets: seen, then unseen)

  std::size_t size() const { return classes.size(); }
  std::size_t dim() const { return background.size(); }
  std::size_t seenCount() const;
  std::size_t unseenCount() const;
  std::vector<std::size_t> seenIndices() const;
  std::vector<std::size_t> unseenIndices() const;
  // Index of a class by name (exact first, then ignoring ASCII case); -1 when absent.
  int find(std::string_view className) const;

  // Appends a class embedded from a vocabulary; its colour is the next palette colour.
  void add(const NameEmbedding& embedding, bool unseen);
  // Background = mean of the class vectors: how the official ZSI files were built.
  void setBackgroundToClassMean();

  // Dimensions agree, values are finite, names are non-empty and unique, norm > 0.
  Status validate() const;

  // The matrix the ZSI heads use: column 0 background, then the classes in order.
  ClassMatrix toMatrix() const;

  std::string toJson() const;
  // `path` names the file in errors (line and column of a syntax error, field of a bad value).
  static Result<ClassSet> fromJson(std::string_view text, const std::string& path);
  Status save(const std::string& path) const;  // atomic
  static Result<ClassSet> load(const std::string& path);

  // Imports an official ZSI matrix (word_w2v_withbg_*.txt) with its class list. The vectors are
  // kept exactly as in the file. `norm` defaults to the mean norm of the class columns.
  static Result<ClassSet> fromZsiMatrix(const std::string& matrixPath,
                                        const std::string& classListPath,
                                        std::optional<double> norm = std::nullopt);
};

}  // namespace zsi
