#include "core/engine/RoiExtractor.h"

namespace zsi {

RoiExtractor::RoiExtractor(std::vector<int> strides, int outSize, int samplingRatio, double finestScale,
                           int offset)
    : strides_(std::move(strides)),
      outSize_(outSize),
      samplingRatio_(samplingRatio),
      finestScale_(finestScale),
      offset_(offset) {}

torch::Tensor RoiExtractor::levels(const torch::Tensor& rois) const {
  auto r = rois.to(torch::kFloat);
  auto scale = torch::sqrt((r.select(1, 3) - r.select(1, 1) + offset_) * (r.select(1, 4) - r.select(1, 2) + offset_));
  auto lvl = torch::floor(torch::log2(scale / finestScale_ + 1e-6));
  return lvl.clamp(0, static_cast<double>(strides_.size() - 1)).to(torch::kLong);
}

torch::Tensor RoiExtractor::operator()(const std::vector<torch::Tensor>& feats, const torch::Tensor& rois) const {
  const int64_t c = feats[0].size(1);
  auto out = torch::zeros({rois.size(0), c, outSize_, outSize_}, feats[0].options());
  if (rois.size(0) == 0) return out;
  auto lvl = levels(rois);
  for (std::size_t l = 0; l < strides_.size(); ++l) {
    auto idx = (lvl == static_cast<int64_t>(l)).nonzero().squeeze(1);
    if (idx.numel() == 0) continue;
    RoiAlignOptions o;
    o.outHeight = o.outWidth = outSize_;
    o.spatialScale = 1.0 / strides_[l];
    o.samplingRatio = samplingRatio_;
    o.aligned = offset_ == 0;
    out = out.index_put({idx}, roiAlign(feats[l], rois.index({idx}), o));
  }
  return out;
}

}  // namespace zsi
