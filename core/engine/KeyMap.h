#pragma once
// A weight-name map as data (models/import/*.json): how the tensor names of a foreign state dict
// (mmdetection v1, torchvision) become ours. Plain C++.
//
//   { "format": "zsi-key-map", "version": 1, "description": "...",
//     "target_prefix": "backbone.",            // which of our tensors the import must cover ("" = all;
//                                              // a list such as ["backbone.", "neck."] covers each)
//     "rules":    [ {"from": "neck.lateral_convs.{i}.conv.{*}", "to": "neck.lateral_convs.{i}.{*}"} ],
//     "ignore":   [ {"key": "bbox_head.fc_res.{*}", "why": "created but never used"} ],
//     "optional": [ {"key": "{*}.num_batches_tracked", "why": "absent from old checkpoints"} ],
//     "derived":  [ {"key": "seen_vectors", "why": "from the word-vector file"} ] }
//
// Patterns: {i} matches a run of digits, {*} any text; the first rule that matches wins.

#include <optional>
#include <string>
#include <vector>

#include "core/util/Result.h"

namespace zsi {

class KeyMap {
 public:
  static Result<KeyMap> load(const std::string& path);
  static Result<KeyMap> parse(const std::string& jsonText, const std::string& source);

  // Our name for a foreign key; nullopt when no rule matches.
  std::optional<std::string> map(const std::string& foreignKey) const;
  // The reason a foreign key is deliberately dropped; nullopt when it is not.
  std::optional<std::string> ignoreReason(const std::string& foreignKey) const;
  // Our tensors the import may leave alone: absent from some sources, or filled from elsewhere.
  bool isOptionalTarget(const std::string& ourKey) const;
  bool isDerivedTarget(const std::string& ourKey) const;
  // Whether the import must give `ourKey` a value: it starts with one of the target prefixes.
  bool coversTarget(const std::string& ourKey) const;
  const std::string& description() const { return description_; }

 private:
  struct Rule {
    std::string from, to;
  };
  struct Pattern {
    std::string key, why;
  };
  std::string description_;
  std::vector<std::string> targetPrefixes_{""};
  std::vector<Rule> rules_;
  std::vector<Pattern> ignore_, optional_, derived_;
};

// Matches `pattern` against `text`; on success the captures in order ({i} and {*}).
bool matchKeyPattern(const std::string& pattern, const std::string& text, std::vector<std::string>* captures);

}  // namespace zsi
