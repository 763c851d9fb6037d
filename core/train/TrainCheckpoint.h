#pragma once
// A training checkpoint = two files in the run's checkpoints/ folder plus the `latest` pointer:
//  * <stem>.safetensors: the model exactly as ZsiModel::save writes it (zsi infer reads it);
//  * <stem>.state.safetensors: everything else a resume needs — the optimiser's momentum buffers
//    ("momentum.<parameter>"), the CPU generator state of LibTorch ("rng.cpu", U8) and, in the
//    metadata ("format": "zsi-train-state"), the position: iterations done, epoch and step of
//    the next step, images seen, elapsed time, seed, world size and global batch.
// Written in that order, each atomically, then `latest` (atomically): a kill at any moment leaves
// the previous complete checkpoint in place. Engine-internal (torch).

#include <cstdint>
#include <string>

#include "core/engine/ZsiModel.h"
#include "core/train/RunDirectory.h"
#include "core/train/SgdMomentum.h"
#include "core/util/Result.h"

namespace zsi {

struct TrainPosition {
  std::int64_t iteration = 0;    // optimiser steps done
  std::int64_t epoch = 0;        // epoch of the next step (0-based)
  std::int64_t stepInEpoch = 0;  // step of the next step within its epoch
  std::int64_t imagesSeen = 0;   // over all processes
  double elapsedSeconds = 0;     // training time before this checkpoint (all sessions)
  std::uint64_t seed = 0;
  int worldSize = 1;
  int globalBatch = 1;
};

// Saves, points `latest` at it and prunes to `keepLast`. Returns the model file's path.
Result<std::string> saveTrainCheckpoint(const RunDirectory& run, const ZsiModel& model, const SgdMomentum& optimiser,
                                        const TrainPosition& position, int keepLast);

// Loads the checkpoint `latest` names into the model and the optimiser (and LibTorch's CPU
// generator); returns its position. Errors name the file and the tensor.
Result<TrainPosition> loadTrainCheckpoint(const RunDirectory& run, const std::string& stem, ZsiModel& model,
                                          SgdMomentum& optimiser);

}  // namespace zsi
