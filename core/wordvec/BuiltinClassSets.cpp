#include "core/wordvec/BuiltinClassSets.h"

#include <algorithm>
#include <mutex>

#include "core/wordvec/BuiltinClassVectorData.h"

namespace zsi {
namespace {

const char* packFile(BuiltinSplit which) {
  return which == BuiltinSplit::Coco48_17 ? "models/coco/zsi_w2v_48_17.zsivec" : "models/coco/zsi_w2v_65_15.zsivec";
}

std::vector<std::string> splitNames(const ZsiSplit& split) {
  std::vector<std::string> names;
  for (const auto& c : split.classes) names.push_back(c.name);
  return names;
}

Result<ClassSet> makeBuiltin(BuiltinSplit which) {
  const auto blob = which == BuiltinSplit::Coco48_17 ? builtin_data::classVectors48_17()
                                                     : builtin_data::classVectors65_15();
  const std::string what = std::string("built-in ") + packFile(which);
  if (blob.size == 0)
    return Error("this build has no built-in class vectors (the file was missing when it was built)").inFile(what);
  auto pack = ClassVectorPack::parse(blob.data, blob.size, what);
  if (!pack) return pack.error();
  const ZsiSplit& split = builtinSplit(which);
  if (pack->columns.size() != split.classes.size() + 1 || pack->splitId != split.id ||
      pack->namesHash != ClassVectorPack::hashNames(splitNames(split)))
    return Error("the class vectors do not belong to split " + split.id + " (classes or order differ)").inFile(what);
  ClassSet set;
  set.name = which == BuiltinSplit::Coco48_17 ? "COCO 48/17" : "COCO 65/15";
  set.norm = pack->norm;
  set.sourceVectors = std::string("ZSI word_w2v_withbg_") + split.id + ".txt (built in)";
  set.background = pack->columns[0];
  for (std::size_t i = 0; i < split.classes.size(); ++i) {
    ClassSetEntry e;
    e.name = split.classes[i].name;
    e.vector = pack->columns[i + 1];
    e.unseen = split.classes[i].unseen;
    e.cocoId = split.classes[i].cocoId;
    e.colour = ClassColour::palette(i);
    e.rule = "ZSI matrix";
    set.classes.push_back(std::move(e));
  }
  return set;
}

std::string normalisedId(std::string id) {
  std::replace(id.begin(), id.end(), '-', '_');
  std::replace(id.begin(), id.end(), '/', '_');
  if (id.rfind("coco_", 0) == 0) id = id.substr(5);
  return id;
}

}  // namespace

Result<ClassSet> builtinClassSet(BuiltinSplit which) {
  // Parsed once; copies are handed out so callers may edit theirs.
  static std::once_flag once;
  static std::vector<Result<ClassSet>> sets;
  std::call_once(once, [] {
    sets.push_back(makeBuiltin(BuiltinSplit::Coco48_17));
    sets.push_back(makeBuiltin(BuiltinSplit::Coco65_15));
  });
  return sets[which == BuiltinSplit::Coco48_17 ? 0 : 1];
}

Result<ClassSet> loadClassSet(const std::string& idOrPath) {
  const std::string id = normalisedId(idOrPath);
  if (id == "48_17") return builtinClassSet(BuiltinSplit::Coco48_17);
  if (id == "65_15") return builtinClassSet(BuiltinSplit::Coco65_15);
  return ClassSet::load(idOrPath);
}

Result<ClassVectorPack> packBuiltinClassSet(const ClassSet& imported, BuiltinSplit which) {
  const ZsiSplit& split = builtinSplit(which);
  if (imported.size() != split.classes.size())
    return Error("has " + std::to_string(imported.size()) + " classes; split " + split.id + " has " +
                 std::to_string(split.classes.size()))
        .inFile(imported.sourceVectors);
  for (std::size_t i = 0; i < split.classes.size(); ++i) {
    const auto& want = split.classes[i];
    const auto& got = imported.classes[i];
    if (got.name != want.name || got.unseen != want.unseen || (got.cocoId != 0 && got.cocoId != want.cocoId))
      return Error("class " + std::to_string(i + 1) + " is '" + got.name + "' (" + (got.unseen ? "unseen" : "seen") +
                   ", COCO id " + std::to_string(got.cocoId) + "); split " + split.id + " has '" + want.name + "' (" +
                   (want.unseen ? "unseen" : "seen") + ", COCO id " + std::to_string(want.cocoId) + ") there")
          .inFile(imported.sourceVectors);
  }
  ClassVectorPack pack;
  pack.splitId = split.id;
  pack.norm = imported.norm;
  pack.dim = static_cast<std::uint32_t>(imported.dim());
  pack.namesHash = ClassVectorPack::hashNames(splitNames(split));
  pack.columns.push_back(imported.background);
  for (const auto& c : imported.classes) pack.columns.push_back(c.vector);
  return pack;
}

}  // namespace zsi
