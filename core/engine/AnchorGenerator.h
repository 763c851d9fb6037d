#pragma once
// Anchors of one FPN level (spec §3). Legacy = mmdet v1: base anchors centred at
// ((base-1)/2, (base-1)/2) with "+1" sizes and rounded corners; continuous: centred at
// (base/2, base/2), unrounded. Order: location-major (rows, then columns), anchor-minor
// (ratios outer, scales inner). Engine-internal.

#include <vector>

#include <torch/torch.h>

namespace zsi {

class AnchorGenerator {
 public:
  AnchorGenerator(int baseSize, std::vector<double> scales, std::vector<double> ratios, bool legacy);

  int numAnchors() const { return static_cast<int>(scales_.size() * ratios_.size()); }
  const torch::Tensor& baseAnchors() const { return base_; }  // A×4 float (CPU)

  // (featH · featW · A) × 4 anchors of a feature map with the given stride.
  torch::Tensor gridAnchors(int64_t featH, int64_t featW, int stride, const torch::Device& device) const;
  // Anchors at locations outside validH × validW (padding of a smaller image in the batch) are
  // invalid; bool tensor of featH · featW · A.
  torch::Tensor validFlags(int64_t featH, int64_t featW, int64_t validH, int64_t validW,
                           const torch::Device& device) const;

 private:
  std::vector<double> scales_, ratios_;
  torch::Tensor base_;
};

}  // namespace zsi
