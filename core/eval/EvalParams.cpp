#include "core/eval/EvalParams.h"

#include <cmath>

#include <fmt/format.h>

namespace zsi {

const char* iouTypeName(IouType type) {
  return type == IouType::Segm ? "segm" : "bbox";
}

std::vector<double> numpyLinspace(double start, double stop, int num) {
  std::vector<double> out;
  if (num <= 0) return out;
  if (num == 1) return {start};
  const double step = (stop - start) / static_cast<double>(num - 1);
  out.reserve(num);
  for (int i = 0; i < num; ++i) out.push_back(static_cast<double>(i) * step + start);
  out.back() = stop;
  return out;
}

std::vector<double> cocoIouThresholds() {
  // COCOeval: np.linspace(.5, 0.95, int(np.round((0.95 - .5) / .05)) + 1)
  return numpyLinspace(0.5, 0.95, static_cast<int>(std::round((0.95 - 0.5) / 0.05)) + 1);
}

std::vector<double> cocoRecallThresholds() {
  return numpyLinspace(0.0, 1.0, static_cast<int>(std::round((1.0 - 0.0) / 0.01)) + 1);
}

std::vector<AreaRange> cocoAreaRanges() {
  return {{"all", 0.0, 1e10},
          {"small", 0.0, 1024.0},
          {"medium", 1024.0, 9216.0},
          {"large", 9216.0, 1e10}};
}

EvalParams EvalParams::coco(IouType type) {
  EvalParams p;
  p.iouType = type;
  p.iouThresholds = cocoIouThresholds();
  p.recallThresholds = cocoRecallThresholds();
  p.maxDets = {1, 10, 100};
  p.areaRanges = cocoAreaRanges();
  return p;
}

EvalParams EvalParams::zsi(IouType type) {
  EvalParams p = coco(type);
  p.iouThresholds = {0.4, 0.5, 0.6};
  return p;
}

Status EvalParams::validate() const {
  auto bad = [](const std::string& field, const std::string& message) {
    return Error(message).forField("evaluation parameters: " + field);
  };
  if (iouThresholds.empty()) return bad("iouThrs", "at least one IoU threshold is needed");
  for (double t : iouThresholds) {
    if (!(t >= 0.0 && t <= 1.0)) return bad("iouThrs", fmt::format("{} is not in [0, 1]", t));
  }
  if (recallThresholds.empty()) return bad("recThrs", "at least one recall threshold is needed");
  for (double r : recallThresholds) {
    if (!(r >= 0.0 && r <= 1.0)) return bad("recThrs", fmt::format("{} is not in [0, 1]", r));
  }
  for (std::size_t i = 1; i < recallThresholds.size(); ++i) {
    if (recallThresholds[i] < recallThresholds[i - 1])
      return bad("recThrs", "recall thresholds must be ascending");
  }
  if (maxDets.empty()) return bad("maxDets", "at least one maxDets value is needed");
  for (int m : maxDets) {
    if (m < 1) return bad("maxDets", fmt::format("{} is not a positive count", m));
  }
  if (areaRanges.empty()) return bad("areaRng", "at least one area range is needed");
  for (const AreaRange& a : areaRanges) {
    if (!(a.lo <= a.hi))
      return bad("areaRng " + a.label, fmt::format("lower end {} above upper end {}", a.lo, a.hi));
  }
  return okStatus();
}

}  // namespace zsi
