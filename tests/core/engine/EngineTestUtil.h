#pragma once
// Helpers shared by the engine tests: configs, class vectors, synthetic scenes. Header-only.

#include <cmath>
#include <random>
#include <string>
#include <vector>

#include <torch/torch.h>

#include "core/engine/ClassSetConversion.h"
#include "core/engine/ClassVectors.h"
#include "core/engine/ModelConfig.h"
#include "core/engine/TorchSupport.h"
#include "core/image/Image.h"
#include "core/wordvec/ClassMatrix.h"
#include "core/wordvec/ClassSet.h"
#include "tests/harness/ZsiTest.h"

namespace zsi::test {

// The device of ZSI_TEST_DEVICE (testDevice()). A device asked for but absent fails the case:
// a GPU check that quietly ran on the CPU would prove nothing.
inline torch::Device testTorchDevice() {
  auto d = parseDevice(testDevice());
  if (!d.ok()) {
    reportFailure(__FILE__, __LINE__, "ZSI_TEST_DEVICE: " + d.error().toString());
    throw RequireFailed{};
  }
  if (!d->is_cpu()) note("on device " + d->str());
  return d.value();
}

inline std::string modelConfigPath(const std::string& name) {
  return std::string(ZSI_SOURCE_DIR) + "/models/configs/" + name;
}

inline ModelConfig loadConfigOrDie(const std::string& name) {
  auto c = loadModelConfig(modelConfigPath(name));
  ZSI_REQUIRE_OK(c);
  return c.value();
}

// Random class vectors of the official norm, the first `numSeen` seen.
inline ClassVectors randomClasses(int numSeen, int numUnseen, int dim, unsigned seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> nd;
  ClassVectors cv;
  cv.dim = dim;
  for (int i = 0; i < numSeen + numUnseen; ++i) {
    std::vector<float> v(dim);
    for (auto& x : v) x = nd(rng);
    auto st = cv.add((i < numSeen ? "seen" : "unseen") + std::to_string(i), v, i >= numSeen);
    ZSI_REQUIRE_OK(st);
  }
  cv.background.assign(dim, 0.0f);
  for (int i = 0; i < numSeen + numUnseen; ++i)
    for (int d = 0; d < dim; ++d) cv.background[d] += cv.row(i)[d] / (numSeen + numUnseen);
  return cv;
}

// The official 48/17 matrix (300 × 66, one class per column) with its class list, read the way
// every class file is read (core/wordvec), then converted.
inline ClassVectors official4817() {
  auto set = ClassSet::fromZsiMatrix(sharedData("zsi/word_w2v_withbg_48_17.txt"), sharedData("zsi/classes_48_17.csv"));
  ZSI_REQUIRE_OK(set);
  auto cv = toClassVectors(set.value());
  ZSI_REQUIRE_OK(cv);
  return cv.value();
}

inline double maxAbsDiff(const torch::Tensor& a, const torch::Tensor& b) {
  return (a.to(torch::kDouble) - b.to(torch::kDouble)).abs().max().item<double>();
}

}  // namespace zsi::test
