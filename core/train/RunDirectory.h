#pragma once
// The folder of one training run:
//
//   config.json     the resolved training config (model inlined)     written once
//   classes.json    the class set trained with                       written once
//   run.json        data paths and launch facts (for --resume)        written once
//   metrics.jsonl   one JSON object per line (docs/TRAINING.md)       appended
//   train.log       the same story for people                         appended
//   checkpoints/iter_00001234.safetensors         the model (zsi infer --model reads it)
//   checkpoints/iter_00001234.state.safetensors   optimiser, schedule, data order, RNG
//   checkpoints/latest                            the stem of the newest complete checkpoint
//
// Every file but the two logs is written atomically, and `latest` is replaced only after both
// files of its checkpoint are on disk, so a run killed at any moment leaves the previous
// checkpoint intact. Plain C++.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/util/Result.h"

namespace zsi {

class RunDirectory {
 public:
  // A new run: creates the folder (and parents) and checks it is writable by creating and
  // removing a probe file. Refuses a folder that already holds a run (metrics.jsonl or
  // checkpoints/latest or any complete checkpoint), naming --resume.
  static Result<RunDirectory> createFresh(const std::string& path);
  // An existing run to continue: it must hold config.json and be writable.
  static Result<RunDirectory> openExisting(const std::string& path);
  // Only the writability probe (creating the folder when missing).
  static Status checkWritable(const std::string& path);
  // The layout of a run folder for reading only (other ranks of a run; no checks, no writes).
  static RunDirectory readOnly(const std::string& path) { return RunDirectory(path); }

  const std::string& path() const { return path_; }
  std::string file(const std::string& name) const;
  std::string checkpointsDir() const;

  static std::string checkpointStem(std::int64_t iteration);  // "iter_00001234"
  std::string modelPath(const std::string& stem) const;
  std::string statePath(const std::string& stem) const;

  // The stem `latest` names; nullopt when there is no checkpoint yet.
  Result<std::optional<std::string>> latest() const;
  // The checkpoint --resume continues from: the one `latest` names, else (the pointer missing,
  // empty or naming an incomplete checkpoint) the newest complete one; an error when there is none,
  // so that a resumed run never starts over beside an earlier run's checkpoints.
  Result<std::string> resumeCheckpoint() const;
  // Atomically points `latest` at a checkpoint whose two files are written.
  Status setLatest(const std::string& stem) const;
  // Deletes all but the `keepLast` newest checkpoints (by iteration; never the latest one), and
  // files of incomplete checkpoints newer than the latest (left by a killed run); complete ones
  // above the pointer are never deleted (they may be an earlier run's). keepLast 0 keeps all.
  void prune(int keepLast) const;
  // Stems of the complete checkpoints (both files present), oldest first.
  std::vector<std::string> checkpoints() const;

 private:
  friend Result<std::string> resolveModelCheckpoint(const std::string&);
  explicit RunDirectory(std::string path) : path_(std::move(path)) {}
  std::string path_;
};

// `zsi infer --model` accepts a checkpoint file or a run folder (its latest checkpoint).
Result<std::string> resolveModelCheckpoint(const std::string& fileOrRunDir);

}  // namespace zsi
