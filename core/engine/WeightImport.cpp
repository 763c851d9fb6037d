#include "core/engine/WeightImport.h"

#include <map>
#include <set>

#include "core/engine/BuiltinEngineData.h"
#include "core/engine/KeyMap.h"
#include "core/engine/StateDictReader.h"
#include "core/engine/TorchSupport.h"
#include "core/engine/ZsiModelImpl.h"

namespace zsi {

std::string ImportReport::toString() const {
  std::string s = std::to_string(imported) + " tensors imported";
  if (!ignored.empty()) {
    s += "; ignored:";
    for (const auto& i : ignored) s += "\n  " + i;
  }
  if (!leftAlone.empty()) {
    s += "\nnot in the source (kept as they are):";
    for (const auto& i : leftAlone) s += "\n  " + i;
  }
  return s;
}

Result<ImportReport> importWeights(ZsiModel& model, const std::string& weightsPath, const std::string& keyMap) {
  auto map = findKeyMap(keyMap);
  if (!map.ok()) return map.error();
  return importWeights(model, weightsPath, map.value());
}

Result<ImportReport> importWeights(ZsiModel& model, const std::string& weightsPath, const KeyMap& keyMap) {
  const KeyMap* map = &keyMap;
  auto source = readStateDict(weightsPath);
  if (!source.ok()) return source.error();
  auto& impl = *model.impl();
  return guardTorch("cannot import " + weightsPath, [&]() -> Result<ImportReport> {
    std::map<std::string, torch::Tensor> ours;
    for (auto& [name, t] : moduleState(*impl.net)) ours[name] = t;
    ImportReport report;
    std::vector<std::string> problems;
    std::map<std::string, std::pair<std::string, torch::Tensor>> assignments;  // ours → (theirs, value)
    for (const auto& [key, value] : source.value()) {
      if (auto why = map->ignoreReason(key)) {
        report.ignored.push_back(key + ": " + *why);
        continue;
      }
      auto target = map->map(key);
      if (!target) {
        problems.push_back("no rule for '" + key + "' " + shapeString(value.sizes().vec()));
        continue;
      }
      auto it = ours.find(*target);
      if (it == ours.end()) {
        problems.push_back("'" + key + "' maps to '" + *target + "', which this model does not have");
        continue;
      }
      if (it->second.sizes() != value.sizes()) {
        problems.push_back("'" + key + "' → '" + *target + "': shape " + shapeString(value.sizes().vec()) +
                           ", the model has " + shapeString(it->second.sizes().vec()));
        continue;
      }
      const bool floatPair = it->second.is_floating_point() == value.is_floating_point();
      if (!floatPair) {
        problems.push_back("'" + key + "' → '" + *target + "': dtype " + safetensorsDtype(value.scalar_type()) +
                           ", the model has " + safetensorsDtype(it->second.scalar_type()));
        continue;
      }
      if (assignments.count(*target)) {
        problems.push_back("'" + key + "' and '" + assignments[*target].first + "' both map to '" + *target + "'");
        continue;
      }
      assignments[*target] = {key, value};
    }
    for (const auto& [name, t] : ours) {
      if (!map->coversTarget(name) || assignments.count(name)) continue;
      if (map->isOptionalTarget(name) || map->isDerivedTarget(name)) {
        report.leftAlone.push_back(name);
        continue;
      }
      problems.push_back("no source tensor for '" + name + "' (expected " + shapeString(t.sizes().vec()) + ")");
    }
    // The official fixed classifier carries the seen class vectors it was trained with.
    for (const auto& [key, value] : source.value()) {
      if (key != "mask_head.conv_vec.weight") continue;
      auto seen = impl.net->seenVectors().to(torch::kCPU);
      auto rows = value.to(torch::kCPU, torch::kFloat).flatten(1);
      if (rows.size(0) != seen.size(0) + 1 || rows.size(1) != seen.size(1)) {
        problems.push_back("'" + key + "' has " + std::to_string(rows.size(0) - 1) + " class rows, the model " +
                           std::to_string(seen.size(0)) + " seen classes");
      } else {
        const double diff = (rows.slice(0, 1) - seen).abs().max().item<double>();
        if (diff > 1e-3)
          problems.push_back("the checkpoint was trained with other seen class vectors than the model's (max "
                             "difference " + std::to_string(diff) + "): wrong split or word-vector file?");
      }
    }
    if (!problems.empty()) {
      std::string msg = "the weights do not fit the model (" + std::to_string(problems.size()) + " problem" +
                        (problems.size() > 1 ? "s" : "") + "):";
      for (const auto& p : problems) msg += "\n  " + p;
      return Error(msg).inFile(weightsPath);
    }
    torch::NoGradGuard noGrad;
    for (auto& [name, entry] : assignments) ours[name].copy_(entry.second.to(ours[name].dtype()).to(ours[name].device()));
    report.imported = assignments.size();
    return report;
  });
}

}  // namespace zsi
