#pragma once
// What a ZsiModel holds (engine-internal: torch). The trainer (core/train) reaches the network
// through ZsiModel::impl()->net.

#include <torch/torch.h>

#include "core/engine/ZsiDetector.h"
#include "core/engine/ZsiModel.h"

namespace zsi {

struct ZsiModel::Impl {
  ModelConfig config;
  ClassVectors classes;  // seen classes in training-label order, then the default unseen classes
  torch::Device device{torch::kCPU};
  ZsiDetector net{nullptr};
  bool vocabularyLoaded = true;
};

// Checkpoint metadata keys and the format version of checkpoints this build writes.
inline constexpr const char* kCheckpointFormat = "zsi-checkpoint";
inline constexpr int kCheckpointVersion = 1;
// The unseen vectors of the default class set travel with the weights under this name.
inline constexpr const char* kUnseenVectorsTensor = "classes.unseen_vectors";

}  // namespace zsi
