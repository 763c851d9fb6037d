#pragma once
// `zsi import`: bring weights made elsewhere into a ZSI Studio checkpoint (safetensors).
//   official   — an official ZSI checkpoint (ZSI_48_17.pth / ZSI_65_15.pth, mmdetection v1 names,
//                or its safetensors conversion) + the class vectors (+ the vocabulary matrix)
//   backbone   — torchvision ImageNet ResNet weights into a fresh model (training starts there)
//   vocabulary — the vocabulary matrix (vocabulary_w2v.txt, 300 × 4717) into a checkpoint
// Prints what was imported and ignored on `out`, errors on `err`.

#include <ostream>
#include <string>

namespace zsi::cli {

struct ImportCommandOptions {
  std::string what;          // official | backbone | vocabulary
  std::string config;        // --config: built-in name or file (official, backbone)
  std::string weights;       // --weights: .pth (zip format) or .safetensors (official, backbone)
  std::string classes;       // --classes: 48_17, 65_15 or a class-set JSON
  std::string wordVectors;   // --word-vectors: an official matrix file (instead of --classes)
  std::string vocabulary;    // --vocabulary: vocabulary_w2v.txt (official, vocabulary)
  std::string model;         // --model: the checkpoint to add the vocabulary to (vocabulary)
  std::string keyMap;        // --key-map: built-in name or file; default per kind
  std::string quirks;        // --quirks sound|official: override the config's quirk mode
  std::string out;           // --out: the checkpoint to write
};

// Exit code: 0 done, 1 bad input (message on err).
int runImportCommand(const ImportCommandOptions& options, std::ostream& out, std::ostream& err);

}  // namespace zsi::cli
