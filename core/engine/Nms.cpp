#include "core/engine/Nms.h"

#include <algorithm>
#include <unordered_map>
#include <vector>

namespace zsi {
namespace {

enum class Scope { Any, SameGroup, OtherGroup };

float iouOf(const float* a, const float* b, float areaA, float areaB, float off) {
  const float w = std::min(a[2], b[2]) - std::max(a[0], b[0]) + off;
  const float h = std::min(a[3], b[3]) - std::max(a[1], b[1]) + off;
  if (w <= 0 || h <= 0) return 0.0f;
  const float inter = w * h;
  return inter / (areaA + areaB - inter);
}

torch::Tensor greedy(const torch::Tensor& boxes, const torch::Tensor& scores, const torch::Tensor& groups,
                     double iouThr, int offset, Scope scope, int64_t maxKeep) {
  const auto device = boxes.device();
  auto longOpts = torch::TensorOptions().dtype(torch::kLong).device(device);
  const int64_t n = boxes.size(0);
  if (n == 0) return torch::zeros({0}, longOpts);
  auto order = std::get<1>(scores.sort(/*stable=*/true, /*dim=*/0, /*descending=*/true));
  auto sorted = boxes.index({order}).to(torch::kCPU, torch::kFloat).contiguous();
  torch::Tensor groupCpu;
  if (groups.defined()) groupCpu = groups.index({order}).to(torch::kCPU, torch::kLong).contiguous();
  const float* b = sorted.data_ptr<float>();
  const int64_t* g = groupCpu.defined() ? groupCpu.data_ptr<int64_t>() : nullptr;
  const float off = static_cast<float>(offset), thr = static_cast<float>(iouThr);
  std::vector<float> area(n);
  for (int64_t i = 0; i < n; ++i)
    area[i] = (b[4 * i + 2] - b[4 * i] + off) * (b[4 * i + 3] - b[4 * i + 1] + off);
  std::vector<int64_t> kept;
  // For per-group NMS the candidates only meet the kept boxes of their own group.
  std::unordered_map<int64_t, std::vector<int64_t>> keptByGroup;
  for (int64_t i = 0; i < n; ++i) {
    if (maxKeep >= 0 && static_cast<int64_t>(kept.size()) >= maxKeep) break;
    bool suppressed = false;
    if (scope == Scope::SameGroup) {
      for (int64_t k : keptByGroup[g[i]])
        if (iouOf(b + 4 * i, b + 4 * k, area[i], area[k], off) > thr) {
          suppressed = true;
          break;
        }
    } else {
      for (int64_t k : kept) {
        if (scope == Scope::OtherGroup && g[k] == g[i]) continue;
        if (iouOf(b + 4 * i, b + 4 * k, area[i], area[k], off) > thr) {
          suppressed = true;
          break;
        }
      }
    }
    if (suppressed) continue;
    kept.push_back(i);
    if (scope == Scope::SameGroup) keptByGroup[g[i]].push_back(i);
  }
  auto keptT = torch::from_blob(kept.data(), {static_cast<int64_t>(kept.size())}, torch::kLong).clone();
  return order.index({keptT.to(device)});
}

}  // namespace

torch::Tensor nms(const torch::Tensor& boxes, const torch::Tensor& scores, double iouThr, int offset) {
  return greedy(boxes, scores, torch::Tensor(), iouThr, offset, Scope::Any, -1);
}

torch::Tensor batchedNms(const torch::Tensor& boxes, const torch::Tensor& scores,
                         const torch::Tensor& groups, double iouThr, int offset) {
  return greedy(boxes, scores, groups, iouThr, offset, Scope::SameGroup, -1);
}

torch::Tensor crossGroupNms(const torch::Tensor& boxes, const torch::Tensor& scores,
                            const torch::Tensor& groups, double iouThr, int offset, int64_t maxKeep) {
  return greedy(boxes, scores, groups, iouThr, offset, Scope::OtherGroup, maxKeep);
}

}  // namespace zsi
